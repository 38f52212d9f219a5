// Vitest assertions over model runs, for a model's own spec file:
//
//   await expectModel(twoPhaseCommit, { params: { rm: 2 } }).toHold();
//   await expectModel(twoPhaseCommit, { variant: "commit-without-votes" }).toViolate("TCConsistent");
//
// A separate entry point from checker/index.ts because it loads vitest, which the command line
// must not. A failure throws vitest's AssertionError, whose message leads with how to reproduce
// the run (the way fast-check leads with its seed) and, for a violation, shows the trace as the
// changes each step made.
import { chai } from "vitest";
import { CORRECT_VARIANT, type Expectation, type ModelDefinition } from "./model/contract.ts";
import { configByName } from "./model/define.ts";
import { explainMeasureMismatches } from "./measures/explain.ts";
import { commandTarget, reproduceCommand, shownParams } from "./pipeline/command.ts";
import { type ResolvedRun, resolveRun } from "./pipeline/resolve.ts";
import type { CheckResult, Stats, Violation } from "./result.ts";
import { toResultJson, traceJson } from "./result-json.ts";
import { type CheckRequest, checkResolved } from "./run.ts";
import { PLAIN, renderTrace } from "./trace/render-text.ts";

export interface ModelExpectation {
  /** Passes only on verdict "holds": an exhaustive search that found nothing. */
  toHold(): Promise<CheckResult>;
  /** Passes only on a violation of that name: an invariant, "deadlock", or a model error's name. */
  toViolate(name: string): Promise<CheckResult>;
  /** Passes only when an exhaustive search (verdict "holds") counted exactly `n` distinct states. */
  toHaveDistinctStates(n: number): Promise<CheckResult>;
  /** Passes only when an exhaustive search (verdict "holds") reached exactly depth `n`. */
  toHaveDepth(n: number): Promise<CheckResult>;
  /**
   * Runs the named configuration (its parameters and variant, this expectation's search options)
   * and compares the result with the configuration's declared `expect`: the verdict, the
   * violated property, and the distinct states and depth when they are pinned.
   */
  toMatchExpectation(configName: string): Promise<CheckResult>;
}

/**
 * Assertions over one run of `model`. The run happens at the first assertion and is shared by
 * the others, so chained checks do not search again.
 */
export function expectModel(model: ModelDefinition, request: CheckRequest = {}): ModelExpectation {
  // Resolved once per request, so the run and the command that reproduces it cannot disagree.
  const runs = new Map<string | undefined, { resolved: ResolvedRun; result: Promise<CheckResult> }>();
  const runFor = (config?: string) => {
    let run = runs.get(config);
    if (run === undefined) {
      const resolved = resolveRun(model, config === undefined ? request : { ...request, config });
      run = { resolved, result: checkResolved(resolved, request) };
      runs.set(config, run);
    }
    return run;
  };
  let headline: Headline = () => "";
  const result = async (config?: string) => {
    const run = runFor(config);
    headline = (r) =>
      `${describeRun(model, r)} — reproduce: ${reproduceCommand(run.resolved, commandTarget(model), r)}`;
    return run.result;
  };

  const expectation: ModelExpectation = {
    async toHold() {
      const r = await result();
      const failure = holdsFailure(r, headline);
      if (failure) throw fromCaller(failure, expectation.toHold);
      return r;
    },

    async toViolate(name) {
      const r = await result();
      const failure = violatesFailure(r, headline, name);
      if (failure) throw fromCaller(failure, expectation.toViolate);
      return r;
    },

    async toHaveDistinctStates(n) {
      const r = await result();
      const failure =
        exhaustiveFailure(r, headline, `${n} distinct states`) ??
        countFailure(r, headline, "distinct states", n, r.stats.distinctStates);
      if (failure) throw fromCaller(failure, expectation.toHaveDistinctStates);
      return r;
    },

    async toHaveDepth(n) {
      const r = await result();
      const failure =
        exhaustiveFailure(r, headline, `depth ${n}`) ?? countFailure(r, headline, "depth", n, r.stats.depth);
      if (failure) throw fromCaller(failure, expectation.toHaveDepth);
      return r;
    },

    async toMatchExpectation(configName) {
      const config = configByName(model, configName);
      // The expectation describes the configuration's own parameters and variant; running it with
      // others would compare a different instance with it.
      const overridden = (["params", "variant", "config"] as const).filter((k) => request[k] !== undefined);
      if (overridden.length > 0) {
        throw new Error(
          `toMatchExpectation("${configName}") runs the configuration as declared; leave ${overridden.join(", ")} out of expectModel's request`,
        );
      }
      const r = await result(configName);
      const failure = expectationFailure(r, headline, config.expect);
      if (failure) throw fromCaller(failure, expectation.toMatchExpectation);
      return r;
    },
  };
  return expectation;
}

/** A failure's first line: the run, and the command that runs it again. */
type Headline = (r: CheckResult) => string;

/**
 * Points the error's stack at the spec that called the helper, so that vitest shows that line
 * rather than this file.
 */
function fromCaller(error: Error, helper: (...args: never[]) => unknown): Error {
  Error.captureStackTrace(error, helper);
  return error;
}

function holdsFailure(r: CheckResult, headline: Headline): Error | null {
  if (r.verdict === "holds") return null;
  if (r.verdict === "incomplete") return incomplete(r, headline, "every property to hold");
  return failure(r, headline, [
    "expected every property to hold",
    `got ${describeViolation(r.violation)}`,
    ...traceLines(r.violation),
  ]);
}

function violatesFailure(r: CheckResult, headline: Headline, name: string): Error | null {
  if (r.verdict === "incomplete") return incomplete(r, headline, `a violation of ${name}`);
  if (r.verdict === "holds") {
    return failure(r, headline, [
      `expected a violation of ${name}`,
      `got: every property holds (${figures(r.stats)})`,
    ]);
  }
  if (r.violation.name === name) return null;
  return failure(r, headline, [
    `expected a violation of ${name}`,
    `got ${describeViolation(r.violation)}`,
    ...traceLines(r.violation),
  ]);
}

/** Counts mean something only for a search that went through the whole state space. */
function exhaustiveFailure(r: CheckResult, headline: Headline, wanted: string): Error | null {
  if (r.verdict === "holds") return null;
  if (r.verdict === "incomplete") return incomplete(r, headline, wanted);
  return failure(r, headline, [
    `expected an exhaustive search with ${wanted}`,
    `got ${describeViolation(r.violation)}`,
    `the search stopped there (${figures(r.stats)}), so its counts are not those of the whole state space`,
    ...traceLines(r.violation),
  ]);
}

function countFailure(
  r: CheckResult,
  headline: Headline,
  what: string,
  expected: number,
  actual: number,
): Error | null {
  if (expected === actual) return null;
  return failure(r, headline, [`expected ${what}: ${expected}`, `actual ${what}: ${actual}`], {
    expected,
    actual,
  });
}

function expectationFailure(r: CheckResult, headline: Headline, expect: Expectation): Error | null {
  const verdict =
    expect.verdict === "holds" ? holdsFailure(r, headline) : violatesFailure(r, headline, expect.violates);
  if (verdict) return verdict;
  // Pinned counts are compared whatever the verdict: a breadth-first search stops at the same
  // violation after the same states every time. `states` and `depth` count the full search; a
  // reduced run is held to `reducedStates`, and can never count more than the full one.
  if (r.options.por || r.options.symmetry) {
    const count = r.stats.distinctStates;
    if (expect.reducedStates !== undefined) {
      const reduced = countFailure(
        r,
        headline,
        "distinct states with reductions",
        expect.reducedStates,
        count,
      );
      if (reduced) return reduced;
    }
    if (expect.states !== undefined && count > expect.states) {
      return failure(r, headline, [
        `counted ${count} distinct states with reductions, more than the ${expect.states} of the full search`,
      ]);
    }
    return measuresFailure(r, headline, expect);
  }
  if (expect.states !== undefined) {
    const count = countFailure(r, headline, "distinct states", expect.states, r.stats.distinctStates);
    if (count) return count;
  }
  if (expect.depth !== undefined) {
    const depth = countFailure(r, headline, "depth", expect.depth, r.stats.depth);
    if (depth) return depth;
  }
  return measuresFailure(r, headline, expect);
}

/** Expected measures against the run's, with both witness traces of each measure that differs. */
function measuresFailure(r: CheckResult, headline: Headline, expect: Expectation): Error | null {
  const explained = explainMeasureMismatches(expect.measures, toResultJson(r).stats.measures);
  if (explained.length === 0) return null;
  return failure(
    r,
    headline,
    explained.flatMap((m) => [m.message, ...m.witnesses]),
  );
}

function incomplete(r: CheckResult & { verdict: "incomplete" }, headline: Headline, wanted: string): Error {
  return failure(r, headline, [
    `expected ${wanted}`,
    `the search was incomplete: ${r.reason}; an incomplete search proves nothing (${figures(r.stats)})`,
  ]);
}

/** The assertion error: how to reproduce the run first, then what was wrong. */
function failure(
  r: CheckResult,
  headline: Headline,
  lines: readonly string[],
  diff?: { expected: number; actual: number },
): Error {
  const message = [headline(r), ...lines].join("\n");
  return new chai.AssertionError(message, diff ? { ...diff, showDiff: true } : undefined);
}

function describeRun(model: ModelDefinition, r: CheckResult): string {
  const params = Object.entries(shownParams(model, r.params)).map(
    ([name, value]) => ` ${name}=${String(value)}`,
  );
  const variant = r.variant === CORRECT_VARIANT ? "" : `, variant ${r.variant}`;
  const config = r.config === null ? "" : `, config ${r.config}`;
  // A random simulation is reproduced by its seed, as fast-check's are.
  const seed = r.simulation === undefined ? "" : `, seed ${r.simulation.seed}`;
  return `${r.model}${params.join("")}${variant}${config}${seed}`;
}

function figures(stats: Stats): string {
  return `${stats.distinctStates} distinct states, depth ${stats.depth}`;
}

function describeViolation(v: Violation): string {
  const what =
    v.kind === "invariant"
      ? `a violation of invariant ${v.name}`
      : v.kind === "liveness"
        ? `a violation of liveness property ${v.name}`
        : v.kind === "deadlock"
          ? "a deadlock"
          : `a model error (${v.name})`;
  return `${what}: ${v.message}`;
}

/** The trace as the command line prints it, without colour. */
function traceLines(v: Violation): string[] {
  if (v.trace.length === 0) return [];
  const loop = v.loopStart === null ? "" : `, repeating from step ${v.loopStart + 1}`;
  return [
    `trace (${v.trace.length} state${v.trace.length === 1 ? "" : "s"}${loop}):`,
    ...renderTrace(traceJson(v.trace), PLAIN, v.loopStart),
  ];
}
