// Helpers for invariants over an actor system's global state.
import type { ActorState, Envelope, NetworkEntry, NetworkKind } from "./contract.ts";
import { envelopeKey } from "./network.ts";

/** Every message in flight, one entry per copy (a FIFO link lists its whole queue in order). */
export function inFlight<M>(state: ActorState<unknown, M>): Envelope<M>[] {
  return envelopesOf(state.network.values());
}

/** The messages of network entries, one per copy, in the order of the entries. */
export function envelopesOf<M>(entries: Iterable<NetworkEntry<M>>): Envelope<M>[] {
  const all: Envelope<M>[] = [];
  for (const entry of entries) {
    if ("copies" in entry)
      for (let i = 0; i < entry.copies; i++)
        all.push({ from: entry.from, to: entry.to, message: entry.message });
    else for (const message of entry.queue) all.push({ from: entry.from, to: entry.to, message });
  }
  return all;
}

/**
 * The state with each message in flight replaced by `rewrite(message, from, to)`, or removed
 * where that returns null, the network filed again under the keys its semantics gives (on an
 * unordered network two messages that become equal become two copies of one; on a duplicating
 * one, a set, one message). The state itself when nothing changed. For models that quotient their
 * state space after a step: counters shifted down, messages that can no longer matter collected.
 */
export function rewriteInFlight<L, M>(
  state: ActorState<L, M>,
  network: NetworkKind,
  rewrite: (message: M, from: string, to: string) => M | null,
): ActorState<L, M> {
  const next = new Map<string, NetworkEntry<M>>();
  let changed = false;
  for (const [key, entry] of state.network) {
    if (!("copies" in entry)) {
      const queue: M[] = [];
      for (const message of entry.queue) {
        const rewritten = rewrite(message, entry.from, entry.to);
        if (rewritten !== message) changed = true;
        if (rewritten !== null) queue.push(rewritten);
      }
      if (queue.length > 0) next.set(key, { from: entry.from, to: entry.to, queue });
      continue;
    }
    const message = rewrite(entry.message, entry.from, entry.to);
    if (message === entry.message) {
      next.set(key, mergedCopies(next.get(key), entry, network));
      continue;
    }
    changed = true;
    if (message === null) continue;
    const envelope = { from: entry.from, to: entry.to, message };
    const rekeyed = envelopeKey(envelope);
    next.set(rekeyed, mergedCopies(next.get(rekeyed), { ...envelope, copies: entry.copies }, network));
  }
  return changed ? { ...state, network: next } : state;
}

type Copies<M> = Extract<NetworkEntry<M>, { copies: number }>;

function mergedCopies<M>(
  existing: NetworkEntry<M> | undefined,
  entry: Copies<M>,
  network: NetworkKind,
): Copies<M> {
  if (existing === undefined || !("copies" in existing)) return entry;
  return { ...entry, copies: network === "duplicating" ? 1 : existing.copies + entry.copies };
}
