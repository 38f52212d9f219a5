// A configuration's expected measures against a run's: the one comparison `check --all`, the vitest
// helpers and JUnit files make. Each expected part (min, max, a bound on the max) is compared when
// given; a measure the configuration names that the run did not measure is a mismatch too.
import type { MeasureExpectation } from "./contract.ts";

/** What a comparison needs of a measured result (the run's, or its JSON form). */
export interface MeasuredFigures {
  readonly name: string;
  readonly min: { readonly value: number } | null;
  readonly max: { readonly value: number | "unbounded" } | null;
}

export interface MeasureMismatch {
  readonly measure: string;
  /** One line: what was expected and what was measured. */
  readonly message: string;
}

const BOUND = /^(?:≤|<=)\s*(\d+(?:\.\d+)?)$/;

export function measureMismatches(
  expected: Readonly<Record<string, MeasureExpectation>> | undefined,
  measured: readonly MeasuredFigures[] | undefined,
): MeasureMismatch[] {
  const out: MeasureMismatch[] = [];
  for (const [name, expect] of Object.entries(expected ?? {})) {
    const got = measured?.find((m) => m.name === name);
    if (got === undefined) {
      out.push({ measure: name, message: `expected measure ${name}, but the run did not measure it` });
      continue;
    }
    const min = got.min?.value ?? null;
    const max = got.max?.value ?? null;
    const wrong: string[] = [];
    if (expect.min !== undefined && min !== expect.min)
      wrong.push(`min ${expect.min}, measured ${describe(min)}`);
    if (expect.max !== undefined) {
      const bound = typeof expect.max === "string" ? BOUND.exec(expect.max) : null;
      if (bound) {
        if (max === null || max === "unbounded" || max > Number(bound[1])) {
          wrong.push(`max ${expect.max}, measured ${describe(max)}`);
        }
      } else if (max !== expect.max) wrong.push(`max ${expect.max}, measured ${describe(max)}`);
    }
    if (wrong.length > 0)
      out.push({ measure: name, message: `measure ${name}: expected ${wrong.join("; ")}` });
  }
  return out;
}

/** An expectation in words, for tables: "messagesPerEntry 6..6". */
export function describeMeasureExpectations(
  expected: Readonly<Record<string, MeasureExpectation>> | undefined,
): string {
  return Object.entries(expected ?? {})
    .map(([name, e]) => `${name} ${e.min ?? "?"}..${e.max ?? "?"}`)
    .join(", ");
}

function describe(value: number | "unbounded" | null): string {
  return value === null ? "nothing (no occurrence completes)" : String(value);
}
