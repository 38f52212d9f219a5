// `checkModel`: one run of one model, from a request to a result. Options are completed and
// validated here, once; the search runs; whatever it found is turned into a trace by replay and
// checked again on the replayed states before it is reported.
import { match } from "ts-pattern";
import { getHeapStatistics } from "node:v8";
import { CheckerError, describeThrown } from "./errors.ts";
import type { ModelDefinition, PartialOrder, StateMachine } from "./model/contract.ts";
import type { ParamSpecs } from "./model/params.ts";
import { Successors } from "./model/successors.ts";
import { type LivenessPlan, livenessViolation, planLiveness } from "./liveness/run.ts";
import type { RunRequest } from "./pipeline/request.ts";
import { setting } from "./pipeline/setting.ts";
import { type ResolvedRun, resolveRun } from "./pipeline/resolve.ts";
import {
  BESIDE_PARALLEL_NOTE,
  bothObservers,
  measuredFrom,
  measureSeparately,
  SEPARATE_SEARCH_NOTE,
} from "./measures/plan.ts";
import { MeasureRecorder } from "./measures/record.ts";
import type { MeasureResult } from "./measures/result.ts";
import { partialOrderOf } from "./reductions/partial-order.ts";
import { type Canonicalizer, canonicalizerFor } from "./reductions/symmetry.ts";
import { brokenSymmetryOn } from "./reductions/symmetry-audit.ts";
import type {
  CheckResult,
  Limit,
  ReductionAudit,
  ReductionLedger,
  ResultBase,
  RunOptions,
  Strategy,
  Violation,
} from "./result.ts";
import { breadthFirst } from "./search/bfs.ts";
import { depthFirst } from "./search/dfs.ts";
import {
  Exploration,
  type Finding,
  type Progress,
  type SearchLimits,
  type SearchReductions,
} from "./search/exploration.ts";
import { Pacer } from "./search/pacer.ts";
import { type ParallelPlan, parallelBreadthFirst } from "./search/parallel/coordinator.ts";
import { searchStats } from "./search/stats.ts";
import { SharedFingerprintStore } from "./store/shared-store.ts";
import { formatAction } from "./model/format-action.ts";
import { faultsIn } from "./trace/faults.ts";
import { divergedReplay, replayPath, type ReplaySymmetry } from "./trace/replay.ts";

/** What a search is told beside its request: how to report progress, how to be stopped, where worker threads load the model from. */
export interface CheckHooks {
  /** Aborting it stops the search with verdict `incomplete` (limit `interrupted`). */
  readonly signal?: AbortSignal;
  /** Called about once a second during a long search. */
  readonly onProgress?: (progress: Progress) => void;
  /**
   * A module URL exporting the model's definition, for worker threads to load it from: more than
   * one worker needs it, and runs only where the search allows it (not with partial-order
   * reduction or liveness); the result's options say how many ran and why, when fewer.
   */
  readonly modelModule?: string;
  /** For tests of parallel search: see ParallelPlan.handover. */
  readonly handover?: ParallelPlan["handover"];
}

/** A request for exhaustive search (checker/pipeline/request.ts) and its hooks. */
export type CheckRequest = RunRequest & CheckHooks;

// Random walks are no search order: they never visit every state, so simulateModel runs them.
const STRATEGIES: Record<Strategy, typeof breadthFirst | null> = {
  bfs: breadthFirst,
  dfs: depthFirst,
  random: null,
};

export async function checkModel<P extends ParamSpecs>(
  definition: ModelDefinition<P>,
  request: CheckRequest = {},
): Promise<CheckResult> {
  return checkResolved(resolveRun(definition as ModelDefinition, request), request);
}

/** Exhaustive search of a resolved run (checker/pipeline/resolve.ts). */
export async function checkResolved(run: ResolvedRun, hooks: CheckHooks = {}): Promise<CheckResult> {
  const search = STRATEGIES[run.strategy];
  if (!search) {
    throw new CheckerError(
      "bad-option",
      `${setting("strategy", run.strategy)} is not accepted by checkModel: random simulation is simulateModel (checker/simulate.ts)`,
    );
  }
  const limits: SearchLimits = {
    maxStates: run.maxStates,
    maxDepth: run.maxDepth,
    timeLimitSeconds: run.timeLimitSeconds,
    checkDeadlock: run.checkDeadlock,
    memoryLimitBytes: run.memoryLimitBytes,
  };
  const { machine, definition, variant } = run;
  const liveness = planLiveness(machine, run.liveness, run.fairness);
  const reductions = chooseReductions(machine, run, liveness !== null);
  const measures = run.measures ? (machine.measures ?? []) : [];
  // Measured by this search when it explores the whole graph; else by a search of their own.
  const wholeGraph = reductions.search.partialOrder === null && reductions.search.symmetry === null;
  // A search that may run on worker threads is left to them, and measured by a search of its own.
  const oneThread = run.workers === 1 || run.strategy !== "bfs" || liveness !== null;
  const recorder =
    measures.length > 0 && wholeGraph && oneThread ? new MeasureRecorder(machine, measures) : null;

  const workers = planWorkers(run, hooks, reductions, liveness !== null, recorder !== null);
  const sharedStore = workers.plan === null ? undefined : new SharedFingerprintStore();
  const exploration = new Exploration(
    machine,
    limits,
    { ...reductions.search, observer: bothObservers(liveness?.recorder ?? null, recorder) },
    sharedStore,
  );
  let peakMemoryBytes = process.memoryUsage.rss();
  const pacer = new Pacer(
    limits.timeLimitSeconds,
    hooks.signal,
    (progress) => {
      peakMemoryBytes = Math.max(peakMemoryBytes, process.memoryUsage.rss());
      hooks.onProgress?.(progress);
    },
    limits.memoryLimitBytes,
  );
  let workersUsed = 1;
  let workersNote = workers.note;
  let symmetryCounters = reductions.symmetryCounters;
  if (workers.plan === null) {
    await search(exploration, pacer);
  } else {
    const outcome = await parallelBreadthFirst(exploration, sharedStore!, pacer, {
      workers: workers.plan,
      memoryLimitBytes: limits.memoryLimitBytes ?? Infinity,
      ...(hooks.handover === undefined ? {} : { handover: hooks.handover }),
      setup: {
        modelModule: hooks.modelModule!,
        modelName: definition.name,
        params: run.params as Record<string, unknown>,
        variant,
        symmetry: reductions.search.symmetry !== null,
        limits,
      },
    });
    workersUsed = outcome.workers;
    workersNote = outcome.note;
    const local = reductions.symmetryCounters;
    if (local !== null) {
      symmetryCounters = {
        exact: local.exact + outcome.symmetryExact,
        approximate: local.approximate + outcome.symmetryApproximate,
      };
    }
  }
  const seconds = pacer.elapsedSeconds();
  peakMemoryBytes = Math.max(peakMemoryBytes, process.memoryUsage.rss());

  const base = {
    model: definition.name,
    params: { ...run.paramsRead },
    config: run.config?.name ?? null,
    variant,
    options: {
      por: reductions.search.partialOrder !== null,
      symmetry: reductions.search.symmetry !== null,
      strategy: run.strategy,
      workers: workersUsed,
      ...(workersNote === null ? {} : { workersNote }),
      ...(liveness === null
        ? {}
        : {
            liveness: liveness.properties.map((p) => p.name),
            fairness: Object.fromEntries(liveness.fairness.map((f) => [f.name, f.kind])),
          }),
    } satisfies RunOptions,
    stats: {
      ...searchStats(exploration, seconds, peakMemoryBytes, { estimateFromGaps: true }),
      reductions: reductionLedger({ ...reductions, symmetryCounters }, exploration),
    },
  };
  const searched = resultOf(base, machine, exploration, limits, reductions, liveness);
  const result =
    measures.length === 0
      ? searched
      : await withMeasures(searched, run, recorder, exploration, limits, hooks, wholeGraph);
  if (!run.audit) return result;
  const unreduced = await checkResolved({ ...run, por: false, symmetry: false, audit: false }, hooks);
  return withAudit(result, unreduced);
}

/**
 * The run's result with its measures' figures; a measure that threw, or a witness that did not
 * replay, is the model's error. A run that found a violation is not measured: its executions are
 * not the model's.
 */
async function withMeasures<S, A>(
  result: CheckResult,
  run: ResolvedRun,
  recorder: MeasureRecorder<S, A> | null,
  exploration: Exploration<S, A>,
  limits: SearchLimits,
  hooks: CheckHooks,
  wholeGraph: boolean,
): Promise<CheckResult> {
  if (result.verdict === "violated") return result;
  const machine = run.machine as StateMachine<S, A>;
  const notes =
    result.verdict === "incomplete"
      ? [`the search was incomplete (${result.reason}): the figures are over the states it explored`]
      : [];
  const measured =
    recorder !== null
      ? measuredFrom(recorder, exploration.store, machine, notes)
      : await measureSeparately(
          machine,
          machine.measures ?? [],
          limits,
          hooks.signal,
          wholeGraph ? BESIDE_PARALLEL_NOTE : SEPARATE_SEARCH_NOTE,
        );
  if (measured.kind === "failed") {
    return {
      ...result,
      verdict: "violated",
      violation: {
        kind: "model-error",
        name: measured.name,
        message: measured.message,
        trace: [],
        loopStart: null,
      },
    } as CheckResult;
  }
  return { ...result, measures: measured.results as MeasureResult[] };
}

function resultOf<S, A>(
  base: Omit<ResultBase, "simulation">,
  machine: StateMachine<S, A>,
  exploration: Exploration<S, A>,
  limits: SearchLimits,
  reductions: ChosenReductions<S, A>,
  liveness: LivenessPlan<S, A> | null,
): CheckResult {
  if (exploration.finding) {
    const violation = violationOf(machine, exploration, exploration.finding, reductions.replay);
    // The state a search stops at is stored, and counted among the distinct states, but never
    // queued, so the strategies' depth (the deepest state queued) can fall one short of it. Counted
    // here, a breadth-first violation's depth is its trace's length, as in TLC.
    const depth = Math.max(base.stats.depth, violation.trace.length);
    return { ...base, stats: { ...base.stats, depth }, verdict: "violated", violation };
  }
  const limit: Limit | null = exploration.stoppedBy ?? (exploration.depthBounded ? "max-depth" : null);
  if (limit) return { ...base, verdict: "incomplete", limit, reason: describeLimit(limit, limits) };
  if (liveness !== null) {
    const violation = livenessViolation(machine, liveness, exploration.store);
    if (violation !== null) return { ...base, verdict: "violated", violation };
  }
  return base.stats.distinctStates === 0
    ? {
        ...base,
        verdict: "violated",
        violation: noInitialState(machine),
      }
    : { ...base, verdict: "holds" };
}

interface ChosenReductions<S, A> {
  readonly search: SearchReductions<S, A>;
  readonly replay: ReplaySymmetry<S, A> | null;
  /** Why each reduction is off, when it is. */
  readonly partialOrderOff: string | null;
  readonly symmetryOff: string | null;
  readonly symmetryCounters: { readonly exact: number; readonly approximate: number } | null;
}

/**
 * How many worker threads the search gets: null for one thread, with the reason when more were
 * asked for. Partial-order reduction's cycle proviso and the liveness graph follow one thread's
 * order of discovery, and depth-first search is one stack; those run on one thread.
 */
function planWorkers<S, A>(
  run: ResolvedRun,
  hooks: CheckHooks,
  reductions: ChosenReductions<S, A>,
  livenessChecked: boolean,
  measuresRecorded: boolean,
): { readonly plan: number | null; readonly note: string | null } {
  if (run.workers === 1) return { plan: null, note: null };
  const oneThread = (why: string) => ({ plan: null, note: `one worker: ${why}` });
  if (run.strategy !== "bfs") return oneThread("depth-first search runs on one thread");
  if (livenessChecked)
    return oneThread(
      `liveness checking runs on one thread (${setting("liveness", false)} checks the invariants in parallel)`,
    );
  if (measuresRecorded)
    return oneThread(
      `measures are recorded on one thread (${setting("measures", false)} searches in parallel)`,
    );
  if (reductions.search.partialOrder !== null)
    return oneThread(
      `partial-order reduction runs on one thread (${setting("por", false)} searches in parallel)`,
    );
  if (hooks.modelModule === undefined)
    return oneThread("the model's module is not known, so worker threads cannot load it");
  return { plan: run.workers, note: null };
}

/** Which reductions run: those asked for that the model supports, with a reason for each that does not. */
function chooseReductions<S, A>(
  machine: StateMachine<S, A>,
  asked: { readonly por: boolean; readonly symmetry: boolean },
  livenessChecked: boolean,
): ChosenReductions<S, A> {
  // Neither reduction is known to keep fair cycles here (TLC's liveness under symmetry is unsound).
  const forLiveness = `liveness properties are checked, and the reduction is not known to be sound for them (${setting("liveness", false)} checks the invariants alone, with it)`;
  let partialOrder: PartialOrder<S, A> | null = null;
  let partialOrderOff: string | null = `turned off (${setting("por", false)})`;
  if (asked.por && livenessChecked) partialOrderOff = forLiveness;
  else if (asked.por) {
    const candidate = partialOrderOf(machine);
    partialOrderOff = candidate.unavailable;
    if (candidate.unavailable === null) partialOrder = candidate;
  }
  let symmetryOff: string | null = `not asked for (${setting("symmetry", true)})`;
  let replay: ReplaySymmetry<S, A> | null = null;
  let canonicalizer: Canonicalizer<S> | null = null;
  if (asked.symmetry && livenessChecked) symmetryOff = forLiveness;
  else if (asked.symmetry) {
    if (!machine.symmetry) symmetryOff = "the model declares no symmetry";
    else {
      const made = canonicalizerFor(machine.symmetry);
      if ("unavailable" in made) symmetryOff = made.unavailable;
      else {
        canonicalizer = made;
        symmetryOff = null;
        replay = { symmetry: machine.symmetry, representatives: made };
      }
    }
  }
  return {
    search: { partialOrder, symmetry: canonicalizer },
    replay,
    partialOrderOff,
    symmetryOff,
    symmetryCounters: canonicalizer,
  };
}

/** `stats.reductions`: what each reduction did, or why it did not run. */
function reductionLedger<S, A>(chosen: ChosenReductions<S, A>, ex: Exploration<S, A>): ReductionLedger {
  return {
    partialOrder:
      chosen.partialOrderOff === null
        ? { active: true, ...ex.partialOrderLedger }
        : { active: false, reason: chosen.partialOrderOff },
    symmetry:
      chosen.symmetryOff === null
        ? {
            active: true,
            renamedStates: ex.renamedStates,
            exact: chosen.symmetryCounters!.exact,
            approximate: chosen.symmetryCounters!.approximate,
          }
        : { active: false, reason: chosen.symmetryOff },
  };
}

/** The result with the unreduced run's figures; a different verdict is itself reported. */
function withAudit(result: CheckResult, unreduced: CheckResult): CheckResult {
  const found = (r: CheckResult) =>
    r.verdict === "violated" ? `${r.violation.kind} ${r.violation.name}` : r.verdict;
  const agrees = found(result) === found(unreduced);
  const audit: ReductionAudit = {
    agrees,
    unreducedVerdict: unreduced.verdict,
    unreducedStates: unreduced.stats.distinctStates,
    unreducedFinding: unreduced.verdict === "violated" ? found(unreduced) : null,
  };
  const stats = { ...result.stats, reductions: { ...result.stats.reductions, audit } };
  if (agrees || result.verdict === "incomplete" || unreduced.verdict === "incomplete")
    return { ...result, stats };
  const trace = unreduced.verdict === "violated" ? unreduced.violation.trace : [];
  return {
    ...result,
    stats,
    verdict: "violated",
    violation: {
      kind: "model-error",
      name: "reduction-audit",
      message: `with reductions the run found ${found(result)}, without them ${found(unreduced)}: a reduction is unsound for this model (check its footprints, observe, sendsTo or symmetry declarations)`,
      trace,
      loopStart: null,
    },
  };
}

function describeLimit(limit: Limit, limits: SearchLimits): string {
  switch (limit) {
    case "max-states":
      return `stopped at ${setting("maxStates", limits.maxStates)}: the state space is larger`;
    case "max-depth":
      return `states at depth ${limits.maxDepth} (${setting("maxDepth", limits.maxDepth)}) were not expanded`;
    case "time-limit":
      return `stopped at ${setting("timeLimitSeconds", limits.timeLimitSeconds)} s`;
    case "interrupted":
      return "interrupted before the search finished";
    case "random-walks":
      return "random simulation is not exhaustive";
    case "memory": {
      if (limits.memoryLimitBytes !== undefined && limits.memoryLimitBytes !== Infinity) {
        return `stopped at ${setting("memoryLimitBytes", limits.memoryLimitBytes)}`;
      }
      const limitMiB = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
      return `stopped near the JavaScript heap limit (${limitMiB} MiB); raise it with NODE_OPTIONS=--max-old-space-size=<MiB>`;
    }
  }
}

/** Rebuilds the finding's trace by replay and checks the finding again on the replayed state. */
function violationOf<S, A>(
  machine: StateMachine<S, A>,
  ex: Exploration<S, A>,
  finding: Finding,
  symmetry: ReplaySymmetry<S, A> | null,
): Violation<S, A> {
  const path =
    finding.stateId >= 0 && finding.stateId < ex.store.size ? ex.store.pathTo(finding.stateId) : [];
  const replay = replayPath(machine, ex.store, path, symmetry);
  if (!replay.ok) return divergedReplay(replay);
  const trace = replay.steps;
  const faults = faultsIn(trace);
  const last = trace[trace.length - 1]?.state;
  const diverged = (what: string): Violation<S, A> => {
    const symmetryCause =
      symmetry === null
        ? null
        : brokenSymmetryOn(
            machine,
            trace.map((step) => step.state),
          );
    return {
      kind: "model-error",
      name: symmetryCause === null ? "nondeterministic-model" : "broken-symmetry",
      message: `the replayed trace does not show the ${what} the search found; ${symmetryCause ?? "the model is probably not deterministic"}`,
      trace,
      loopStart: null,
    };
  };
  return match(finding)
    .returnType<Violation<S, A>>()
    .with({ kind: "invariant" }, (f) => {
      const invariant = machine.invariants.find((i) => i.name === f.name);
      if (last === undefined || invariant === undefined || safeHolds(() => invariant.holds(last)) !== false) {
        return diverged(`violation of ${f.name}`);
      }
      return { kind: "invariant", name: f.name, message: f.message, trace, loopStart: null, ...faults };
    })
    .with({ kind: "deadlock" }, () => {
      if (last === undefined || hasSuccessor(machine, last)) return diverged("deadlock");
      const message = "no action is enabled and the state is not declared terminal";
      return { kind: "deadlock", name: "deadlock", message, trace, loopStart: null, ...faults };
    })
    .with({ kind: "model-error" }, (f) => {
      const during = f.action === null ? "" : ` (taking ${formatAction(machine, f.action as A)})`;
      const message = `${f.message}${during}`;
      return { kind: "model-error", name: f.name, message, trace, loopStart: null, ...faults };
    })
    .exhaustive();
}

function safeHolds(predicate: () => boolean): boolean | "threw" {
  try {
    return predicate();
  } catch (error) {
    void describeThrown(error);
    return "threw";
  }
}

function hasSuccessor<S, A>(machine: StateMachine<S, A>, state: S): boolean {
  try {
    return new Successors(machine).from(state, machine.actions(state)).advance() !== null;
  } catch {
    return true;
  }
}

/** The violation of a model whose init() gives nothing to check. */
/** A search that stored no state: init() gave none, or (when the model has one) none inside its constraint. */
export function noInitialState(
  machine: Pick<StateMachine<unknown, unknown>, "init" | "constraint">,
): Violation<never, never> {
  let given: unknown;
  try {
    given = machine.init();
  } catch {
    given = [];
  }
  const message = !Array.isArray(given)
    ? `init() returned ${describeValue(given)}, not an array of initial states: nothing was checked`
    : given.length === 0 || machine.constraint === undefined
      ? "init() returned no state: nothing was checked"
      : `init() returned ${given.length} state${given.length === 1 ? "" : "s"}, none inside the model's constraint: nothing was checked`;
  return {
    kind: "model-error",
    name: "no-initial-state",
    message,
    trace: [],
    loopStart: null,
  };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? "an object" : `the ${typeof value} ${String(value)}`;
}
