// The text of a run's end, on results made by hand, for what the README's examples are too small
// or too slow to show.
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { renderResult } from "../checker/cli/render-text.ts";
import type { CheckResult } from "../checker/index.ts";

function holds(distinctStates: number, storeBytesPerState: number): CheckResult {
  return {
    model: "counter",
    params: {},
    config: null,
    variant: "correct",
    options: { por: false, symmetry: false, strategy: "bfs", workers: 1 },
    stats: {
      distinctStates,
      generatedStates: 2 * distinctStates,
      depth: distinctStates,
      seconds: 1,
      statesPerSecond: distinctStates,
      storeBytesPerState,
      peakMemoryBytes: 0,
      reductions: {},
      collisionProbability: { optimistic: 1e-10, fromFingerprints: 2e-10 },
    },
    verdict: "holds",
  };
}

const context = { command: "npx check counter", invariants: [], checkDeadlock: true, params: {} };
const storeLine = (result: CheckResult) =>
  stripVTControlCharacters(renderResult(result, context))
    .split("\n")
    .find((line) => line.includes("fingerprint collision"));

describe("the store line", () => {
  it("gives bytes per state from 100,000 states on, where they measure the states", () => {
    expect(storeLine(holds(100_000, 21.3))).toBe(
      "  store 21.3 bytes/state; chance a fingerprint collision hid a state: 1.0e-10 (optimistic), 2.0e-10 from the fingerprints",
    );
  });

  it("gives only the collision odds below that, where the first tables set the figure", () => {
    expect(storeLine(holds(99_999, 484.4))).toBe(
      "  chance a fingerprint collision hid a state: 1.0e-10 (optimistic), 2.0e-10 from the fingerprints",
    );
  });
});
