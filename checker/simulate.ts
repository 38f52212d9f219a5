// `simulateModel`: random simulation. A walk starts from an initial state and, at each step, takes
// one enabled action; fast-check draws the choices, so that a failing walk is shrunk to a shorter
// or simpler one and a run is reproduced from its seed (and a shrunk failure from its path). The
// shrunk walk is then replayed on the model from scratch and its finding checked again on the
// replayed states, as every trace the checker shows is. Random walks see an uneven sample of the
// state space, so a run that finds nothing is `incomplete`, never `holds`.
import * as fc from "fast-check";
import { fingerprint } from "./encoding/index.ts";
import { CheckerError, describeThrown, StateValueError } from "./errors.ts";
import { type Invariant, type ModelDefinition, type StateMachine } from "./model/contract.ts";
import type { RunRequest } from "./pipeline/request.ts";
import { setting } from "./pipeline/setting.ts";
import { type ResolvedRun, resolveRun } from "./pipeline/resolve.ts";
import type { ParamSpecs } from "./model/params.ts";
import { NextThrew, Successors } from "./model/successors.ts";
import type { CheckResult, Limit, RunOptions, SimulationInfo, TraceStep, Violation } from "./result.ts";
import { explainFailure, type Progress } from "./search/exploration.ts";
import { type Checkpoint, Pacer, yieldToEventLoop } from "./search/pacer.ts";
import { noInitialState } from "./run.ts";
import { searchStats } from "./search/stats.ts";
import { FingerprintStore, NO_PARENT } from "./store/fingerprint-store.ts";
import { actorOf, formatAction } from "./model/format-action.ts";
import { NONDETERMINISM_CAUSES } from "./model/nondeterminism-causes.ts";

/** A request for random walks (`strategy` is "random" whatever it says) and its hooks. */
export type SimulateRequest = Omit<RunRequest, "strategy"> & {
  /** Aborting it stops the simulation with verdict `incomplete` (limit `interrupted`). */
  readonly signal?: AbortSignal;
};

/** A result of random simulation: a `CheckResult` that always says how to reproduce it. */
export type SimulationResult = CheckResult & { readonly simulation: SimulationInfo };

/** A very long walk looks at the clock and the signal this often, in steps. */
const STEPS_BETWEEN_CHECKPOINTS = 1024;

/** A walk's random choices: which initial state, then at each step which enabled action. */
interface Choices {
  readonly init: number;
  readonly steps: readonly number[];
}

type Finding =
  | { readonly kind: "invariant"; readonly name: string; readonly message: string }
  | { readonly kind: "deadlock"; readonly name: "deadlock"; readonly message: string }
  | {
      readonly kind: "model-error";
      readonly name: "exception" | "bad-state-value";
      readonly message: string;
    };

/** The failing walk fast-check holds as its current counterexample, as the simulation saw it. */
interface Failure {
  readonly finding: Finding;
  readonly fingerprints: readonly number[];
}

type Stop = Exclude<Checkpoint, "go-on" | "yield">;

export async function simulateModel<P extends ParamSpecs>(
  definition: ModelDefinition<P>,
  request: SimulateRequest = {},
): Promise<SimulationResult> {
  return simulateResolved(
    resolveRun(definition as ModelDefinition, { ...request, strategy: "random" }),
    request,
  );
}

/** Random walks of a resolved run (checker/pipeline/resolve.ts) whose strategy is "random". */
export async function simulateResolved(
  resolved: ResolvedRun,
  hooks: { readonly signal?: AbortSignal } = {},
): Promise<SimulationResult> {
  const { machine, definition, variant } = resolved;
  const drawn = resolved.walks;
  if (drawn === null) throw new Error("simulateResolved: the run's strategy is not random");
  const { seed, runs } = drawn;
  const maxDepth = resolved.maxDepth;
  const timeLimitSeconds = resolved.timeLimitSeconds;
  const checkDeadlock = resolved.checkDeadlock;
  const request = { path: drawn.path ?? undefined, signal: hooks.signal };
  const pacer = new Pacer(timeLimitSeconds, request.signal, undefined);
  const walker = new Walker(machine, checkDeadlock, null);
  // Written by the property, which fast-check calls: kept in one object so that reading them after
  // the run is not narrowed away by the compiler.
  const run = {
    walks: 0,
    stoppedBy: null as Stop | null,
    failure: null as Failure | null,
    internalError: undefined as unknown,
    yieldDue: false,
    peakMemoryBytes: process.memoryUsage.rss(),
  };
  const progress = (): Progress => {
    const seconds = pacer.elapsedSeconds();
    return {
      generatedStates: walker.generated,
      distinctStates: walker.store.size,
      queued: 0,
      depth: walker.depth,
      seconds,
      statesPerSecond: seconds > 0 ? walker.store.size / seconds : 0,
    };
  };
  const mustStop = (): boolean => {
    const checkpoint = pacer.checkpoint(progress);
    if (checkpoint === "go-on") return false;
    if (checkpoint === "yield") {
      run.peakMemoryBytes = Math.max(run.peakMemoryBytes, process.memoryUsage.rss());
      run.yieldDue = true;
      return false;
    }
    run.stoppedBy = checkpoint;
    return true;
  };
  walker.mustStop = mustStop;

  const finish = (
    outcome:
      | { readonly verdict: "violated"; readonly violation: Violation; readonly path?: string }
      | { readonly verdict: "incomplete"; readonly limit: Limit; readonly reason: string },
  ): SimulationResult => {
    const seconds = pacer.elapsedSeconds();
    run.peakMemoryBytes = Math.max(run.peakMemoryBytes, process.memoryUsage.rss());
    const base = {
      model: definition.name,
      params: { ...resolved.paramsRead },
      config: resolved.config?.name ?? null,
      variant,
      options: { por: false, symmetry: false, strategy: "random", workers: 1 } satisfies RunOptions,
      stats: searchStats(walker, seconds, run.peakMemoryBytes, { estimateFromGaps: false }),
    };
    if (outcome.verdict === "violated") {
      const { path, ...violated } = outcome;
      return { ...base, ...violated, simulation: { seed, runs, maxDepth, path: path ?? null } };
    }
    return { ...base, ...outcome, simulation: { seed, runs, maxDepth, path: null } };
  };

  const initial = initialStates(machine);
  if (!Array.isArray(initial)) {
    return finish({ verdict: "violated", violation: { ...initial, trace: [], loopStart: null } });
  }
  if (initial.length === 0) {
    return finish({ verdict: "violated", violation: noInitialState(machine) });
  }

  const choices: fc.Arbitrary<Choices> = fc.record({
    init: fc.nat(),
    steps: fc.array(fc.nat(), { maxLength: maxDepth, size: "max" }),
  });
  // Throwing an interrupting precondition failure is how a property ends fast-check's run early:
  // the runner stops, and keeps the counterexample it has shrunk so far.
  const property = fc.asyncProperty(choices, async (walk) => {
    if (run.stoppedBy !== null || run.internalError !== undefined) throw new fc.PreconditionFailure(true);
    try {
      const end = walker.walk(initial, walk);
      if (end.stopped) throw new fc.PreconditionFailure(true);
      run.walks++;
      if (end.finding !== null) {
        run.failure = { finding: end.finding, fingerprints: walker.fingerprints.slice() };
        return false;
      }
      if (mustStop()) throw new fc.PreconditionFailure(true);
    } catch (error) {
      if (fc.PreconditionFailure.isFailure(error)) throw error;
      run.internalError = error;
      throw new fc.PreconditionFailure(true);
    }
    if (run.yieldDue) {
      run.yieldDue = false;
      await yieldToEventLoop();
    }
    return true;
  });

  let details: fc.RunDetails<[Choices]>;
  try {
    details = await fc.check(property, {
      seed,
      numRuns: runs,
      ...(request.path === undefined ? {} : { path: request.path }),
      endOnFailure: false,
      markInterruptAsFailure: false,
      examples: [],
    });
  } catch (error) {
    if (request.path !== undefined && error instanceof Error && /replay/i.test(error.message)) {
      throw new CheckerError(
        "bad-option",
        `${setting("path", request.path)} does not lead to a walk with ${setting("seed", seed)} and ${setting("maxDepth", maxDepth)}: ${error.message}`,
      );
    }
    throw error;
  }
  if (run.internalError !== undefined) throw run.internalError;

  if (details.counterexample !== null && details.counterexamplePath !== null && run.failure !== null) {
    return finish({
      verdict: "violated",
      violation: replayFailure(machine, checkDeadlock, details.counterexample[0], run.failure),
      path: details.counterexamplePath,
    });
  }
  if (run.stoppedBy !== null) {
    return finish({
      verdict: "incomplete",
      limit: run.stoppedBy,
      reason: describeStop(run.stoppedBy, run.walks, runs, timeLimitSeconds),
    });
  }
  if (request.path !== undefined) {
    if (run.walks === 0) {
      throw new CheckerError(
        "bad-option",
        `${setting("path", request.path)} does not lead to a walk with ${setting("seed", seed)} and ${setting("maxDepth", maxDepth)}`,
      );
    }
    return finish({
      verdict: "incomplete",
      limit: "random-walks",
      reason: `the walk at ${setting("path", request.path)} with ${setting("seed", seed)} no longer fails (${run.walks} walks replayed); random simulation is not exhaustive`,
    });
  }
  const walks = `${run.walks} random walk${run.walks === 1 ? "" : "s"}`;
  const steps = `${maxDepth} step${maxDepth === 1 ? "" : "s"}`;
  return finish({
    verdict: "incomplete",
    limit: "random-walks",
    reason: `${walks} of at most ${steps} found no violation; random simulation is not exhaustive`,
  });
}

/**
 * Walks the model along given choices. The simulation's walker checks the invariants once per
 * distinct state (they are pure, so a state that passed once passes again); the replay's walker
 * checks every state afresh and keeps the trace.
 */
class Walker<S, A> {
  readonly store = new FingerprintStore();
  generated = 0;
  /** The longest walk so far, in states. */
  depth = 0;
  /** The latest walk's states, as fingerprints of two words each: what its replay must reach. */
  readonly fingerprints: number[] = [];
  /** Called now and then during a very long walk; true ends the walk unfinished. */
  mustStop: () => boolean = () => false;
  // States stored but not known to satisfy every invariant: checked each time they are reached,
  // so that a shrunk walk reaching the same bad state fails again.
  private readonly failing = new Set<string>();
  private readonly fp = new Uint32Array(2);
  private readonly enabledActions: A[] = [];
  private readonly enabledStates: S[] = [];
  private readonly steps: Successors<S, A>;

  constructor(
    private readonly machine: StateMachine<S, A>,
    private readonly checkDeadlock: boolean,
    readonly trace: TraceStep<S, A>[] | null,
  ) {
    this.steps = new Successors(machine);
  }

  walk(initial: readonly S[], choices: Choices): { finding: Finding | null; stopped: boolean } {
    this.fingerprints.length = 0;
    if (this.trace) this.trace.length = 0;
    const index = choices.init % initial.length;
    let state = initial[index]!;
    let states = 1;
    let finding = this.arrive(state, null);
    try {
      for (let k = 0; finding === null; k++) {
        if (k % STEPS_BETWEEN_CHECKPOINTS === STEPS_BETWEEN_CHECKPOINTS - 1 && this.mustStop()) {
          return { finding: null, stopped: true };
        }
        const successors = this.successors(state);
        if (typeof successors !== "number") {
          finding = successors;
          break;
        }
        if (successors === 0) {
          finding = this.deadlock(state);
          break;
        }
        const enabled = this.enabledActions.length;
        // No enabled action inside the constraint is the edge of the checked space, not a deadlock.
        if (enabled === 0 || k >= choices.steps.length) break;
        const choice = choices.steps[k]! % enabled;
        const action = this.enabledActions[choice]!;
        const next = this.enabledStates[choice]!;
        states++;
        finding = next === state ? this.stay(next, action) : this.arrive(next, action);
        state = next;
      }
    } finally {
      this.depth = Math.max(this.depth, states);
    }
    return { finding, stopped: false };
  }

  /** Fills the enabled actions of `state` and their successors; returns how many actions have one. */
  private successors(state: S): number | Finding {
    const machine = this.machine;
    this.enabledActions.length = 0;
    this.enabledStates.length = 0;
    let actions: readonly A[];
    try {
      actions = machine.actions(state);
    } catch (error) {
      return modelError(`actions() threw ${describeThrown(error)}`);
    }
    const steps = this.steps.from(state, actions);
    for (;;) {
      let next: S | null;
      try {
        next = steps.advance();
      } catch (error) {
        if (!(error instanceof NextThrew)) throw error;
        const action = error.action as A;
        return modelError(
          `next() threw ${describeThrown(error.thrown)} (taking ${formatAction(machine, action)})`,
        );
      }
      if (next === null) break;
      const action = steps.action;
      if (next !== state && machine.constraint !== undefined) {
        try {
          if (!machine.constraint(next)) continue;
        } catch (error) {
          return modelError(
            `constraint() threw ${describeThrown(error)} (taking ${formatAction(machine, action)})`,
          );
        }
      }
      this.enabledActions.push(action);
      this.enabledStates.push(next);
    }
    return steps.enabled;
  }

  private deadlock(state: S): Finding | null {
    if (!this.checkDeadlock) return null;
    if (this.machine.terminal !== undefined) {
      try {
        if (this.machine.terminal(state)) return null;
      } catch (error) {
        return modelError(`terminal() threw ${describeThrown(error)}`);
      }
    }
    return {
      kind: "deadlock",
      name: "deadlock",
      message: "no action is enabled and the state is not declared terminal",
    };
  }

  /** A state reached by a new step (or an initial one): encoded, counted, recorded and checked. */
  private arrive(state: S, action: A | null): Finding | null {
    this.generated++;
    const fp = this.fp;
    try {
      fingerprint(state, fp);
    } catch (error) {
      const which =
        action === null ? "the initial state" : `the state reached by ${formatAction(this.machine, action)}`;
      return error instanceof StateValueError
        ? {
            kind: "model-error",
            name: "bad-state-value",
            message: `${which} holds a value with no canonical encoding: ${error.message}`,
          }
        : modelError(`encoding ${which} threw ${describeThrown(error)}`);
    }
    const lo = fp[0]!;
    const hi = fp[1]!;
    this.fingerprints.push(lo, hi);
    this.record(state, action);
    if (this.trace === null) {
      const id = this.store.insert(lo, hi, NO_PARENT, 0);
      if (id < 0 && (this.failing.size === 0 || !this.failing.has(`${lo}:${hi}`))) return null;
    }
    const finding = checkInvariants(this.machine.invariants, state);
    if (finding !== null && this.trace === null) this.failing.add(`${lo}:${hi}`);
    return finding;
  }

  /** A step that returned the state it was given: nothing new to encode or check. */
  private stay(state: S, action: A): null {
    this.generated++;
    const n = this.fingerprints.length;
    this.fingerprints.push(this.fingerprints[n - 2]!, this.fingerprints[n - 1]!);
    this.record(state, action);
    return null;
  }

  private record(state: S, action: A | null): void {
    if (this.trace === null) return;
    this.trace.push(
      action === null
        ? { action: null, label: "init", actor: null, state }
        : {
            action,
            label: formatAction(this.machine, action),
            actor: actorOf(this.machine, action),
            state,
          },
    );
  }
}

/** The initial states inside the constraint, or what the model threw. */
function initialStates<S, A>(machine: StateMachine<S, A>): S[] | Finding {
  let initial: readonly S[];
  try {
    initial = machine.init();
  } catch (error) {
    return modelError(`init() threw ${describeThrown(error)}`);
  }
  // Not an array: noInitialState says what init() gave instead.
  if (!Array.isArray(initial)) return [];
  if (machine.constraint === undefined) return [...initial];
  try {
    return initial.filter((state) => machine.constraint!(state));
  } catch (error) {
    return modelError(`constraint() threw ${describeThrown(error)} on an initial state`);
  }
}

function checkInvariants<S>(invariants: readonly Invariant<S>[], state: S): Finding | null {
  for (const invariant of invariants) {
    let holds: boolean;
    try {
      holds = invariant.holds(state);
    } catch (error) {
      return modelError(`invariant ${invariant.name} threw ${describeThrown(error)}`);
    }
    if (!holds) return { kind: "invariant", name: invariant.name, message: explainFailure(invariant, state) };
  }
  return null;
}

function modelError(message: string): Finding {
  return { kind: "model-error", name: "exception", message };
}

/**
 * Walks the shrunk choices again on a fresh start of the model, keeping the trace, and reports
 * the finding only if the replay reaches the same states and fails the same way.
 */
function replayFailure<S, A>(
  machine: StateMachine<S, A>,
  checkDeadlock: boolean,
  choices: Choices,
  failure: Failure,
): Violation<S, A> {
  const trace: TraceStep<S, A>[] = [];
  const nondeterministic = (what: string): Violation<S, A> => ({
    kind: "model-error",
    name: "nondeterministic-model",
    message: `replaying the shrunk walk ${what}; ${NONDETERMINISM_CAUSES}`,
    trace,
    loopStart: null,
  });
  const initial = initialStates(machine);
  if (!Array.isArray(initial) || initial.length === 0) {
    return nondeterministic("found no initial state, where the simulation found one");
  }
  const replay = new Walker(machine, checkDeadlock, trace);
  const { finding } = replay.walk(initial, choices);
  const seen = failure.fingerprints;
  const again = replay.fingerprints;
  for (let i = 0; i < Math.min(seen.length, again.length); i += 2) {
    if (seen[i] !== again[i] || seen[i + 1] !== again[i + 1]) {
      return nondeterministic(`diverged at step ${i / 2 + 1}: it reached a state the simulation did not`);
    }
  }
  if (seen.length !== again.length) {
    return nondeterministic(
      `ended after ${again.length / 2} states, where the simulation's walk ended after ${seen.length / 2}`,
    );
  }
  const expected = failure.finding;
  if (finding === null || finding.kind !== expected.kind || finding.name !== expected.name) {
    const was = expected.kind === "deadlock" ? "deadlock" : `${expected.kind} ${expected.name}`;
    return nondeterministic(`does not show the ${was} the simulation found`);
  }
  return { ...finding, trace, loopStart: null };
}

function describeStop(limit: Stop, walks: number, runs: number, timeLimitSeconds: number): string {
  const done = `after ${walks} of ${runs} random walks`;
  switch (limit) {
    case "time-limit":
      return `stopped at ${setting("timeLimitSeconds", timeLimitSeconds)} s ${done}`;
    case "interrupted":
      return `interrupted ${done}`;
    case "memory":
      return `stopped near the JavaScript heap limit ${done}`;
  }
}
