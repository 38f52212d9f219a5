// Rebuilds a trace from the fingerprint store's parent links by replaying the model: start from the
// initial state with the stored fingerprint, and at each step find the action whose successor has
// the next stored fingerprint. Nothing but fingerprints was kept, so a model that does not give the
// same successors the second time it is asked cannot be replayed; that is reported with the likely
// causes, because it means the search itself explored something other than the model.

import { fingerprint } from "../encoding/index.ts";
import { describeThrown } from "../errors.ts";
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
  const matches = (state: S, id: number): boolean => {
    fingerprint(state, fp);
    return fp[0] === store.lowWord(id) && fp[1] === store.highWord(id);
  };
  if (ids.length === 0) return { ok: true, steps };

  let initial: readonly S[];
  try {
    initial = machine.init();
  } catch (error) {
    return {
      ok: false,
      steps,
      message: `replaying the trace: init() threw ${describeThrown(error)}; ${NONDETERMINISM_CAUSES}`,
    };
  }
  const first = initial.find((s) => matches(s, ids[0]!));
  if (first === undefined) {
    return {
      ok: false,
      steps,
      message: `replaying the trace: none of the ${initial.length} initial states is the one that was explored; ${NONDETERMINISM_CAUSES}`,
    };
  }
  steps.push({ action: null, label: "init", actor: null, state: first });

  let state: S = first;
  for (let k = 1; k < ids.length; k++) {
    const target = ids[k]!;
    const step = findStep(machine, state, (next) => matches(next, target));
    if (step === null) {
      const available = safeActions(machine, state)
        .map((a) => formatAction(machine, a))
        .slice(0, 12);
      return {
        ok: false,
        steps,
        message:
          `replaying the trace diverged after step ${k}: no action from that state leads to the state that was explored ` +
          `(available: ${available.length ? available.join("; ") : "none"}); ${NONDETERMINISM_CAUSES}`,
      };
    }
    steps.push({
      action: step.action,
      label: formatAction(machine, step.action),
      actor: actorOf(machine, step.action),
      state: step.next,
    });
    state = step.next;
  }
  return { ok: true, steps };
}

function findStep<S, A>(
  machine: StateMachine<S, A>,
  state: S,
  isTarget: (next: S) => boolean,
): { action: A; next: S } | null {
  for (const action of safeActions(machine, state)) {
    let next: S | null;
    try {
      next = machine.next(state, action);
    } catch {
      continue;
    }
    if (next !== null && next !== undefined && isTarget(next)) return { action, next };
  }
  return null;
}

function safeActions<S, A>(machine: StateMachine<S, A>, state: S): readonly A[] {
  try {
    return machine.actions(state);
  } catch {
    return [];
  }
}
