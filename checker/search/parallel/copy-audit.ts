// Before a search goes parallel, a check that the model behaves the same on copies of its states.
// Workers expand states decoded from bytes, so every object in them is a fresh copy; a model
// whose actions test membership by object identity (a Set of message objects looked up with the
// one object per message it made at build time) would see nothing enabled in a copy, and a search
// over copies would quietly find fewer states. So a sample of the frontier is copied, and each copy
// must have the same actions and the same successors, by fingerprint, as its original.
import { fingerprint } from "../../encoding/fingerprint.ts";
import type { StateCodec } from "../../encoding/state-codec.ts";
import type { StateMachine } from "../../model/contract.ts";
import { firstDisagreement } from "../../model/successors.ts";

const SAMPLE = 64;

/** Null when the sampled copies behave like their originals; otherwise what differed. */
export function copiesDiffer<S, A>(
  machine: StateMachine<S, A>,
  codec: StateCodec,
  states: readonly S[],
): string | null {
  const step = Math.max(1, Math.floor(states.length / SAMPLE));
  for (let i = 0; i < states.length; i += step) {
    const original = states[i]!;
    const length = codec.encode(original);
    const copy = codec.decode(codec.bytes, 0, length) as S;
    const difference = successorsDiffer(machine, original, copy);
    if (difference !== null) return difference;
  }
  return null;
}

function successorsDiffer<S, A>(machine: StateMachine<S, A>, original: S, copy: S): string | null {
  const actions = machine.actions(original);
  const copyActions = machine.actions(copy);
  if (actions.length !== copyActions.length) {
    return `actions() lists ${actions.length} actions for a state and ${copyActions.length} for its copy`;
  }
  const a = new Uint32Array(2);
  const b = new Uint32Array(2);
  const sameFingerprint = (next: S, copyNext: S) => {
    fingerprint(next, a);
    fingerprint(copyNext, b);
    return a[0] === b[0] && a[1] === b[1];
  };
  const differs = firstDisagreement(
    machine,
    { state: original, actions },
    { state: copy, actions: copyActions },
    sameFingerprint,
  );
  if (differs === null) return null;
  const i = differs.index;
  if (differs.why === "successor")
    return `action ${i} leads to different states from a state and from its copy`;
  return differs.enabledInFirst
    ? `action ${i} is enabled in a state and disabled in its copy`
    : `action ${i} is disabled in a state and enabled in its copy`;
}
