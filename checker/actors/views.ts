// Helpers for invariants over an actor system's global state.
import type { ActorState, Envelope } from "./contract.ts";

/** Every message in flight, one entry per copy (a FIFO link lists its whole queue in order). */
export function inFlight<M>(state: ActorState<unknown, M>): Envelope<M>[] {
  const all: Envelope<M>[] = [];
  for (const entry of state.network.values()) {
    if ("copies" in entry)
      for (let i = 0; i < entry.copies; i++)
        all.push({ from: entry.from, to: entry.to, message: entry.message });
    else for (const message of entry.queue) all.push({ from: entry.from, to: entry.to, message });
  }
  return all;
}
