// A configuration's declared reductions and checks (`symmetry`, `por`, `liveness`): its runs use
// them unless the request says otherwise, in checkModel and so in the CLI, `--all` and specs.
import { describe, expect, it } from "vitest";
import { checkModel, type ModelDefinition } from "../checker/index.ts";
import twoPhaseCommit from "../models/commit/two-phase-commit.ts";
import ricartAgrawala from "../models/mutex/ricart-agrawala.ts";

const withConfigs = (model: ModelDefinition, configs: ModelDefinition["configs"]): ModelDefinition => ({
  ...model,
  configs,
});

describe("a configuration's own options", () => {
  const tpc = withConfigs(twoPhaseCommit, [
    { name: "reduced", params: { rm: 5 }, symmetry: true, expect: { verdict: "holds" } },
  ]);

  it("runs with the symmetry it declares, unless the request turns it off", async () => {
    const reduced = await checkModel(tpc, { config: "reduced" });
    const plain = await checkModel(tpc, { config: "reduced", symmetry: false });
    expect(reduced.options.symmetry).toBe(true);
    expect(plain.options.symmetry).toBe(false);
    // 6^5 + 4^5 + 2^5 states unreduced (specs/models/two-phase-commit.spec.ts), fewer reduced.
    expect(plain.stats.distinctStates).toBe(8832);
    expect(reduced.stats.distinctStates).toBeLessThan(plain.stats.distinctStates);
  });

  it("runs without liveness when it says so, which lets partial-order reduction run", async () => {
    const ra = withConfigs(ricartAgrawala, [
      { name: "safety", params: { n: 2 }, liveness: false, expect: { verdict: "holds" } },
      { name: "safety-no-por", params: { n: 2 }, liveness: false, por: false, expect: { verdict: "holds" } },
    ]);
    const safety = await checkModel(ra, { config: "safety" });
    const live = await checkModel(ra, { config: "safety", liveness: true });
    const noPor = await checkModel(ra, { config: "safety-no-por" });
    expect(safety.options.liveness ?? []).toEqual([]);
    expect(safety.options.por).toBe(true);
    expect(live.options.liveness?.length).toBeGreaterThan(0);
    expect(live.options.por).toBe(false);
    expect(noPor.options.por).toBe(false);
    expect(noPor.verdict).toBe("holds");
  });
});
