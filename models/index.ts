// The registry: every model `check` knows by name. A model lives in models/<family>/<name>.ts and
// is added here once.
import type { ModelDefinition } from "../checker/index.ts";
import twoPhaseCommit from "./commit/two-phase-commit.ts";

export const models: readonly ModelDefinition[] = [twoPhaseCommit];

export function findModel(name: string): ModelDefinition | undefined {
  return models.find((m) => m.name === name);
}
