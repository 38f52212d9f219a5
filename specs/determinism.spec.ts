// A model that is not a function of its state is reported on every run, before its verdict can
// mislead: the explorer asks init() twice and, on a sample of states, actions() and next() twice,
// and compares the answers (checker/search/determinism.ts). And two properties of one name are
// refused when the model is built.
import { describe, expect, it } from "vitest";
import { CheckerError, checkModel, type CheckResult, type ModelDefinition } from "../checker/index.ts";
import twoPhaseCommit from "../models/commit/two-phase-commit.ts";
import {
  coinStep,
  globalCounter,
  lateRandom,
  mutating,
  randomInit,
  shiftingActions,
  twoOfOneName,
} from "./fixtures/nondeterministic-models.ts";

function nondeterminism(result: CheckResult): string {
  expect(result.verdict).toBe("violated");
  if (result.verdict !== "violated") throw new Error("unreachable");
  expect(result.violation.name).toBe("nondeterministic-model");
  return result.violation.message;
}

describe("a model that is not deterministic", () => {
  it("drawing Math.random() in next() is reported on every run, never as holds", async () => {
    for (let run = 0; run < 20; run++) {
      for (const strategy of ["bfs", "dfs"] as const) {
        nondeterminism(await checkModel(coinStep, { strategy }));
      }
    }
  });

  it("reading a counter kept outside the state is reported, naming the action", async () => {
    const message = nondeterminism(await checkModel(globalCounter));
    expect(message).toContain("next() gave two different results when asked twice to take inc");
    expect(message).toContain("a counter or cache kept outside the state");
  });

  it("an initial state drawn at random is reported", async () => {
    expect(nondeterminism(await checkModel(randomInit))).toContain("init() gave a different initial state");
  });

  it("a different list of actions each time is reported", async () => {
    expect(nondeterminism(await checkModel(shiftingActions))).toContain("actions() gave a different list");
  });

  it("mutating the state it is handed is reported", async () => {
    expect(nondeterminism(await checkModel(mutating))).toContain("mutates the state it is handed");
  });

  it("is still noticed past the densely sampled first states", async () => {
    nondeterminism(await checkModel(lateRandom));
  });

  it("with two workers too", async () => {
    const module = new URL("./fixtures/nondeterministic-models.ts", import.meta.url).href;
    const result = await checkModel(globalCounter, {
      workers: 2,
      modelModule: module,
      handover: { states: 1, waitForWorkers: true },
    });
    nondeterminism(result);
  });

  it("a deterministic model is not disturbed: the same counts as before", async () => {
    const result = await checkModel(twoPhaseCommit, { params: { rm: 3 } });
    expect(result.verdict).toBe("holds");
    expect(result.stats.distinctStates).toBe(288);
  });
});

describe("property names", () => {
  it("two invariants of one name are refused when the model is built", async () => {
    const refused = checkModel(twoOfOneName as ModelDefinition);
    await expect(refused).rejects.toThrow(CheckerError);
    await expect(refused).rejects.toThrow(/invariant "belowFour" has the name of another property/);
  });
});
