// The witnesses of a measure expectation that a run did not meet: the minimum's and the maximum's
// traces, in lines for people — what `check --all`, its JUnit file and the vitest helpers print
// under the mismatch, so that a wrong figure comes with the executions that gave the right one.
import type { MeasureJson } from "../result-json.ts";
import { PLAIN, renderTrace } from "../trace/render-text.ts";
import type { MeasureExpectation } from "./contract.ts";
import { type MeasureMismatch, measureMismatches } from "./expect.ts";

export interface ExplainedMismatch extends MeasureMismatch {
  /** "messagesPerEntry min 3 — witness (11 states):", the trace, then the same for the maximum. */
  readonly witnesses: readonly string[];
}

export function explainMeasureMismatches(
  expected: Readonly<Record<string, MeasureExpectation>> | undefined,
  measured: readonly MeasureJson[] | undefined,
): ExplainedMismatch[] {
  return measureMismatches(expected, measured).map((mismatch) => {
    const figures = measured?.find((m) => m.name === mismatch.measure);
    const witnesses = (["min", "max"] as const).flatMap((which) => {
      const extreme = figures?.[which];
      if (!extreme) return [];
      const { trace, loopStart } = extreme.witness;
      return [
        `${mismatch.measure} ${which} ${extreme.value} — witness (${trace.length} states):`,
        ...renderTrace(trace, PLAIN, loopStart),
      ];
    });
    return { ...mismatch, witnesses };
  });
}
