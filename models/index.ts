// The registry: every model `check` knows by name. A model lives in models/<family>/<name>.ts and
// is added here once.
import type { ModelDefinition } from "../checker/index.ts";
import twoPhaseCommit from "./commit/two-phase-commit.ts";
import twoPhaseCommitActors from "./commit/two-phase-commit-actors.ts";
import paxos from "./consensus/paxos.ts";
import bully from "./election/bully.ts";
import changRoberts from "./election/chang-roberts.ts";
import hirschbergSinclair from "./election/hirschberg-sinclair.ts";
import ringElection from "./election/ring-election.ts";
import mutexCentralized from "./mutex/mutex-centralized.ts";
import mutexLamport from "./mutex/mutex-lamport.ts";
import mutexVoting from "./mutex/mutex-voting.ts";
import ricartAgrawala from "./mutex/ricart-agrawala.ts";
import suzukiKasami from "./mutex/suzuki-kasami.ts";
import tokenRing from "./mutex/token-ring.ts";
import hierarchicalBudgets from "./scheduling/hierarchical-budgets.ts";
import chandyLamport from "./snapshot/chandy-lamport.ts";

export const models: readonly ModelDefinition[] = [
  twoPhaseCommit,
  twoPhaseCommitActors,
  ricartAgrawala,
  mutexLamport,
  mutexCentralized,
  tokenRing,
  suzukiKasami,
  mutexVoting,
  changRoberts,
  hirschbergSinclair,
  bully,
  ringElection,
  paxos,
  chandyLamport,
  hierarchicalBudgets,
];

export function findModel(name: string): ModelDefinition | undefined {
  return models.find((m) => m.name === name);
}
