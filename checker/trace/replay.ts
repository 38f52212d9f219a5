// Rebuilds a trace from the fingerprint store's links by replaying the model: take the initial
// state the first link names, then at each step the action the next link names, and check that
// every state so reached is one the search stored. Nothing but fingerprints and links was kept,
// so a model that does not give the same successors the second time it is asked cannot be
// replayed; that is reported with the likely causes, because it means the search itself explored
// something other than the model.
//
// Under symmetry reduction the search stored representatives, so the replay walks from
// representative to representative, keeping the permutation that maps the run's own state to
// the representative; the trace shown is the run itself (each action renamed back), and each of
// its steps is checked on the model too, so a symmetry declaration that does not hold shows up
// here rather than in a wrong verdict.
import { describeThrown } from "../errors.ts";
import { fingerprint, sameState } from "../encoding/index.ts";
import type { Presentation, StateMachine, Symmetry } from "../model/contract.ts";
import { composePermutations, inversePermutation } from "../reductions/permutations.ts";
import { brokenSymmetryOn } from "../reductions/symmetry-audit.ts";
import type { Representatives } from "../search/exploration.ts";
import type { TraceStep, Violation } from "../result.ts";
import type { StateStore } from "../store/state-store.ts";
import { actorOf, formatAction } from "../model/format-action.ts";
import { NONDETERMINISM_CAUSES } from "../model/nondeterminism-causes.ts";

export type Replay<S, A> =
  | { readonly ok: true; readonly steps: TraceStep<S, A>[] }
  | {
      readonly ok: false;
      readonly steps: TraceStep<S, A>[];
      readonly message: string;
      /** What made it diverge: the model's non-determinism, or a symmetry declaration that does not hold. */
      readonly cause: "nondeterministic-model" | "broken-symmetry";
    };

/** What a replay that diverged is reported as: the model is not deterministic. */
export function divergedReplay<S, A>(replay: {
  readonly steps: TraceStep<S, A>[];
  readonly message: string;
  readonly cause: "nondeterministic-model" | "broken-symmetry";
}): Violation<S, A> {
  return {
    kind: "model-error",
    name: replay.cause,
    message: replay.message,
    trace: replay.steps,
    loopStart: null,
  };
}

/** With symmetry reduction: the model's symmetry and the representatives the search used. */
export interface ReplaySymmetry<S, A> {
  readonly symmetry: Symmetry<S, A>;
  readonly representatives: Representatives<S>;
}

/** Replays the path of stored states `ids`, from an initial state. */
export function replayPath<S, A>(
  machine: StateMachine<S, A>,
  store: StateStore,
  ids: readonly number[],
  reduced: ReplaySymmetry<S, A> | null = null,
): Replay<S, A> {
  return replaySteps(
    machine,
    store,
    ids.map((id) => store.stepOf(id)),
    reduced,
  );
}

/**
 * Replays `steps`: steps[0] says which initial state, and each later one which of the current
 * state's candidate actions to take. Every state reached must be one the search stored.
 */
export function replaySteps<S, A>(
  machine: StateMachine<S, A>,
  store: StateStore,
  stepIndexes: readonly number[],
  reduced: ReplaySymmetry<S, A> | null = null,
): Replay<S, A> {
  const steps: TraceStep<S, A>[] = [];
  const fp = new Uint32Array(2);
  const stored = (state: S): boolean => {
    try {
      fingerprint(state, fp);
    } catch {
      return false;
    }
    return store.has(fp[0]!, fp[1]!);
  };
  const diverged = (what: string): Replay<S, A> => {
    // Under symmetry reduction the search walked representatives, so a wrong symmetry declaration
    // makes the replay diverge just as non-determinism does: name it when it is the cause.
    const symmetryCause =
      reduced === null
        ? null
        : brokenSymmetryOn(
            machine,
            steps.map((step) => step.state),
          );
    return {
      ok: false,
      steps,
      message: `replaying the trace diverged at step ${steps.length + 1}: ${what}; ${symmetryCause ?? NONDETERMINISM_CAUSES}`,
      cause: symmetryCause === null ? "nondeterministic-model" : "broken-symmetry",
    };
  };
  if (stepIndexes.length === 0) return { ok: true, steps };

  let initial: readonly S[];
  try {
    initial = machine.init();
  } catch (error) {
    return diverged(`init() threw ${describeThrown(error)}`);
  }
  const first = initial[stepIndexes[0]!];
  // The search's state (a representative, under symmetry), the run's own, and the permutation
  // taking the run's state to the search's.
  const rep = first === undefined ? undefined : representative(reduced, first);
  if (first === undefined || rep === undefined || !stored(rep.state)) {
    return diverged(`init() no longer gives the initial state that was explored (it gave ${initial.length})`);
  }
  steps.push({
    action: null,
    label: "init",
    actor: null,
    state: first,
    ...(machine.eventOf ? { event: eventOf(machine, first, null) } : {}),
    ...annotations(machine, first),
  });

  let state: S = rep.state;
  let run: S = first;
  let toRep: readonly number[] = rep.perm;
  for (let k = 1; k < stepIndexes.length; k++) {
    const index = stepIndexes[k]!;
    let actions: readonly A[];
    try {
      actions = machine.actions(state);
    } catch (error) {
      return diverged(`actions() threw ${describeThrown(error)}`);
    }
    const action = actions[index];
    if (action === undefined) {
      return diverged(
        `the state now has ${actions.length} candidate actions, and the search took number ${index + 1}`,
      );
    }
    let next: S | null;
    try {
      next = machine.next(state, action);
    } catch (error) {
      return diverged(`next() threw ${describeThrown(error)} taking ${formatAction(machine, action)}`);
    }
    if (next === null || next === undefined) {
      return diverged(`${formatAction(machine, action)} is no longer enabled`);
    }
    const nextRep = representative(reduced, next);
    if (nextRep === undefined || !stored(nextRep.state)) {
      return diverged(`${formatAction(machine, action)} now leads to a state the search never reached`);
    }
    let runAction: A = action;
    let runNext: S = next;
    if (reduced !== null) {
      const back = concreteStep(machine, reduced.symmetry, run, action, next, toRep);
      if (typeof back === "string") {
        return {
          ok: false,
          steps,
          message: `the model's symmetry does not hold at step ${steps.length + 1}: ${back}`,
          cause: "broken-symmetry",
        };
      }
      runAction = back[0];
      runNext = back[1];
      toRep = composePermutations(nextRep.perm, toRep);
    }
    steps.push({
      action: runAction,
      label: formatAction(machine, runAction),
      actor: actorOf(machine, runAction),
      state: runNext,
      ...(machine.eventOf ? { event: eventOf(machine, runNext, { state: run, action: runAction }) } : {}),
      ...annotations(machine, runNext),
    });
    state = nextRep.state;
    run = runNext;
  }
  return { ok: true, steps };
}

function representative<S, A>(
  reduced: ReplaySymmetry<S, A> | null,
  state: S,
): { readonly state: S; readonly perm: readonly number[] } | undefined {
  if (reduced === null) return { state, perm: [] };
  try {
    return reduced.representatives.represent(state);
  } catch {
    return undefined;
  }
}

/**
 * The run's step matching the search's step `action` from a representative to `next`: the
 * action renamed back, and the state it gives on the run — checked to be that state renamed
 * back. Returns what went wrong otherwise.
 */
function concreteStep<S, A>(
  machine: StateMachine<S, A>,
  symmetry: Symmetry<S, A>,
  run: S,
  action: A,
  next: S,
  toRep: readonly number[],
): [A, S] | string {
  const fromRep = inversePermutation(toRep);
  try {
    const runAction = symmetry.permuteAction(action, fromRep);
    const expected = symmetry.permute(next, fromRep);
    const runNext = machine.next(run, runAction);
    if (runNext === null || runNext === undefined) {
      return `${formatAction(machine, runAction)} is not enabled in the run, though its renaming was enabled in the representative`;
    }
    if (!sameState(runNext, expected)) {
      return `${formatAction(machine, runAction)} gives a state that is not the renaming of the representative's successor`;
    }
    return [runAction, runNext];
  } catch (error) {
    return `renaming threw ${describeThrown(error)}`;
  }
}

/** What reports show beside each state: every invariant's verdict there, and the model's own picture. */
function annotations<S, A>(
  machine: StateMachine<S, A>,
  state: S,
): Pick<TraceStep<S, A>, "invariants" | "view"> {
  const invariants: Record<string, boolean> = {};
  for (const invariant of machine.invariants) {
    try {
      invariants[invariant.name] = invariant.holds(state);
    } catch {
      invariants[invariant.name] = false;
    }
  }
  let view = null;
  try {
    view = machine.view ? machine.view(state) : null;
  } catch {
    view = null;
  }
  return { invariants, ...(view ? { view } : {}) };
}

function eventOf<S, A>(
  machine: Pick<Presentation<S, A>, "eventOf">,
  state: S,
  from: { state: S; action: A } | null,
) {
  try {
    return machine.eventOf!(state, from);
  } catch {
    return null;
  }
}
