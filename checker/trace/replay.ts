// Rebuilds a trace from the fingerprint store's links by replaying the model: take the initial
// state the first link names, then at each step the action the next link names, and check that
// every state so reached is one the search stored. Nothing but fingerprints and links was kept,
// so a model that does not give the same successors the second time it is asked cannot be
// replayed; that is reported with the likely causes, because it means the search itself explored
// something other than the model.
import { describeThrown } from "../errors.ts";
import { fingerprint } from "../encoding/index.ts";
import type { StateMachine } from "../model/contract.ts";
import type { TraceStep } from "../result.ts";
import type { FingerprintStore } from "../store/fingerprint-store.ts";
import { actorOf, formatAction } from "./format-action.ts";

export type Replay<S, A> =
  | { readonly ok: true; readonly steps: TraceStep<S, A>[] }
  | { readonly ok: false; readonly steps: TraceStep<S, A>[]; readonly message: string };

export const NONDETERMINISM_CAUSES =
  "the model is probably not deterministic: look for Math.random, Date.now or performance.now, " +
  "a counter or cache kept outside the state, a state that was mutated after it was handed in, " +
  "or behaviour that depends on Set/Map iteration order or object key order";

export function replayPath<S, A>(
  machine: StateMachine<S, A>,
  store: FingerprintStore,
  ids: readonly number[],
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
  const diverged = (what: string): Replay<S, A> => ({
    ok: false,
    steps,
    message: `replaying the trace diverged at step ${steps.length + 1}: ${what}; ${NONDETERMINISM_CAUSES}`,
  });
  if (ids.length === 0) return { ok: true, steps };

  let initial: readonly S[];
  try {
    initial = machine.init();
  } catch (error) {
    return diverged(`init() threw ${describeThrown(error)}`);
  }
  const first = initial[store.stepOf(ids[0]!)];
  if (first === undefined || !stored(first)) {
    return diverged(`init() no longer gives the initial state that was explored (it gave ${initial.length})`);
  }
  steps.push({ action: null, label: "init", actor: null, state: first });

  let state: S = first;
  for (let k = 1; k < ids.length; k++) {
    const index = store.stepOf(ids[k]!);
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
    if (!stored(next)) {
      return diverged(`${formatAction(machine, action)} now leads to a state the search never reached`);
    }
    steps.push({
      action,
      label: formatAction(machine, action),
      actor: actorOf(machine, action),
      state: next,
      ...(machine.eventOf ? { event: eventOf(machine, state, action) } : {}),
    });
    state = next;
  }
  return { ok: true, steps };
}

function eventOf<S, A>(machine: StateMachine<S, A>, state: S, action: A) {
  try {
    return machine.eventOf!(state, action);
  } catch {
    return null;
  }
}
