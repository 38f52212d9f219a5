// What a sweep runs: each axis names a parameter and the values it takes ("n=4..7", "ids=every",
// "network=fifo,unordered"); the runs are every combination of the axes' values, in order, the
// first axis slowest. `every` is worked out per combination, because what is worth running may
// depend on the other parameters (every arrangement of ids around a ring of n).
import { CheckerError } from "../errors.ts";
import { configByName } from "../model/define.ts";
import type { ModelDefinition } from "../model/contract.ts";
import {
  describeAccepted,
  parseParamValue,
  type ParamSpec,
  resolveParams,
  type StringParam,
} from "../model/params.ts";
import type { RunRequest } from "../pipeline/request.ts";

export interface SweepAxis {
  readonly param: string;
  /** The values as written (parsed per run, as a flag's value is), or every value worth running. */
  readonly values: readonly string[] | "every";
}

/** A sweep larger than this is refused: it is more likely a mistake than a plan. */
export const MAX_SWEEP_RUNS = 100_000;

/** `PARAM=V1,V2,…`, `PARAM=A..B` (an int parameter), `PARAM=every`; values holding commas are separated by `;`. */
export function parseSweepAxis(text: string, definition: ModelDefinition): SweepAxis {
  const eq = text.indexOf("=");
  const names = Object.keys(definition.params);
  const accepted = "PARAM=V1,V2,… (values containing commas separated by ;), PARAM=A..B or PARAM=every";
  if (eq <= 0)
    throw new CheckerError(
      "bad-sweep",
      `sweep ${JSON.stringify(text)} is not accepted: expected ${accepted}`,
    );
  const param = text.slice(0, eq);
  const written = text.slice(eq + 1);
  const spec = definition.params[param];
  if (spec === undefined) {
    throw new CheckerError(
      "bad-sweep",
      `sweep ${JSON.stringify(text)}: ${definition.name} has no parameter ${param} (it has ${names.length ? names.join(", ") : "none"})`,
    );
  }
  if (written === "every") {
    if (spec.type === "string" && spec.every === undefined) {
      throw new CheckerError(
        "bad-sweep",
        `sweep ${param}=every: ${definition.name} does not say what every value of ${param} is; list the values (${param}=V1,V2,…)`,
      );
    }
    return { param, values: "every" };
  }
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(written);
  let values: string[];
  if (range) {
    if (spec.type !== "int") {
      throw new CheckerError(
        "bad-sweep",
        `sweep ${text}: a range A..B is for an integer parameter, and ${param} is not one`,
      );
    }
    const [lo, hi] = [Number(range[1]), Number(range[2])];
    if (lo > hi) throw new CheckerError("bad-sweep", `sweep ${text}: the range is empty (${lo} > ${hi})`);
    values = Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i));
  } else if (written.includes(";") || !(spec.type === "string" && accepts(spec, written))) {
    values = written.split(written.includes(";") ? ";" : ",").map((v) => v.trim());
  } else {
    // A string parameter's value may hold commas ("3,1,4,2"): written whole, it is one value.
    values = [written];
  }
  if (values.length === 0 || values.some((v) => v === "")) {
    throw new CheckerError(
      "bad-sweep",
      `sweep ${JSON.stringify(text)} is not accepted: expected ${accepted}`,
    );
  }
  for (const value of values) {
    try {
      parseParamValue(param, spec, value);
    } catch {
      throw new CheckerError(
        "bad-sweep",
        `sweep ${text}: ${param} ${JSON.stringify(value)} is not accepted: expected ${describeAccepted(spec)}`,
      );
    }
  }
  return { param, values };
}

/**
 * The parameter values of each run of a sweep over `axes`, on top of the request's (and its
 * configuration's) own. A parameter is swept once, and not also given on its own.
 */
export function sweepRuns(
  definition: ModelDefinition,
  request: RunRequest,
  axes: readonly SweepAxis[],
): Record<string, unknown>[] {
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.param))
      throw new CheckerError("bad-sweep", `${axis.param} is swept twice: give it one sweep`);
    seen.add(axis.param);
    if (request.params !== undefined && axis.param in request.params) {
      throw new CheckerError(
        "bad-sweep",
        `${axis.param} is both swept and given a value of its own: sweep it, or give it a value`,
      );
    }
  }
  const base = {
    ...(request.config === undefined ? {} : (configByName(definition, request.config).params ?? {})),
    ...(request.params ?? {}),
  };
  let combinations: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    const spec = definition.params[axis.param]!;
    const next: Record<string, unknown>[] = [];
    for (const combination of combinations) {
      const values =
        axis.values === "every"
          ? everyValue(spec, resolveParams(definition.params, { ...base, ...combination }))
          : axis.values;
      for (const value of values) next.push({ ...combination, [axis.param]: value });
      if (next.length > MAX_SWEEP_RUNS) {
        throw new CheckerError(
          "bad-sweep",
          `the sweep has more than ${MAX_SWEEP_RUNS.toLocaleString("en-US")} runs: sweep fewer values`,
        );
      }
    }
    combinations = next;
  }
  return combinations;
}

function accepts(spec: StringParam, value: string): boolean {
  return new RegExp(`^(?:${spec.pattern})$`).test(value);
}

function everyValue(spec: ParamSpec, params: Readonly<Record<string, unknown>>): readonly unknown[] {
  switch (spec.type) {
    case "int":
      return Array.from({ length: spec.max - spec.min + 1 }, (_, i) => spec.min + i);
    case "bool":
      return [false, true];
    case "enum":
      return spec.values;
    case "string":
      return spec.every!(params);
  }
}
