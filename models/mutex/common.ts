// What the mutual-exclusion models share: processes whose local state has a phase (in the critical
// section when "held") and a count of entries done; the invariant every algorithm of the family
// must have, at most one process inside; and the measure the seed states for each one, messages
// per critical-section entry, counted by the checker from what the handlers sent.
import {
  type ActorAction,
  type Invariant,
  lookup,
  type Measure,
  messageKind,
  messagesSent,
  type ProcessSpec,
  type StateOf,
} from "../../checker/index.ts";

export interface MutexLocal {
  readonly phase: string;
  /** Critical-section entries completed. */
  readonly done: number;
  /** The timestamp of the process's current request, null when it has none. */
  readonly ts: number | null;
}

/** A sorted list of names with `x` added (the same list when it is there already). */
export const sortedWith = (list: readonly string[], x: string): readonly string[] =>
  list.includes(x) ? list : [...list, x].sort();

/**
 * The family's invariant and end-of-run test, for `processes` making `entries` entries each, and
 * the measure `messagesPerEntry`. Its occurrences are requests, keyed by process and timestamp
 * ("P0@3"): a request's messages are the ones its process sends for it (the request to each other
 * process, and whatever it sends on leaving) and the answers sent to it (`answers`: the kinds that
 * reply to a request). An answer may be sent after the requester has entered and left (Lamport's
 * L1 can be met by a later-stamped message other than the REPLY), so an occurrence runs to the end
 * of its execution rather than to the exit, and only what belongs to its request counts.
 */
export function mutexProperties<P extends ProcessSpec<MutexLocal, unknown>>(
  processes: readonly P[],
  entries: number,
  perEntry: { readonly formula: string; readonly answers: readonly string[] },
) {
  type State = StateOf<P>;
  const { ids, local } = lookup(processes);
  const inside = (s: State) => ids.filter((id) => local(s, id).phase === "held");
  const allDone = (s: State) => s.locals.every((l) => l.done === entries);
  const mutualExclusion: Invariant<State> = {
    name: "mutualExclusion",
    description: "at most one process is in the critical section",
    holds: (s) => inside(s).length <= 1,
    explain: (s) => `${inside(s).join(" and ")} are in the critical section together`,
  };
  const answers = new Set(perEntry.answers);
  const request = (process: string, ts: number | null) => (ts === null ? null : `${process}@${ts}`);
  const messagesPerEntry: Measure<State, ActorAction> = messagesSent({
    name: "messagesPerEntry",
    description: `messages per critical-section entry (the seed: ${perEntry.formula})`,
    countFor: (m, { from, event }) => {
      if (!answers.has(messageKind(m.message) ?? "")) {
        // What a process sends belongs to its current request: the one it makes in this step, or
        // the one it leaves the critical section of.
        return request(m.from, local(from, m.from).ts ?? tsOf(m.message));
      }
      // An answer belongs to the request it answers: the one received in this step, else the
      // receiver's request still waiting for it (a deferred answer).
      const received = event?.received;
      const answered = received && received.from === m.to ? tsOf(received.message) : null;
      return request(m.to, answered ?? local(from, m.to).ts);
    },
    scope: {
      description: "a request, from the step that makes it to the end of the execution",
      opens: ({ from, to }) =>
        ids.flatMap((id) => {
          const before = local(from, id);
          const after = local(to, id);
          return before.phase === "released" && after.phase !== "released" ? [request(id, after.ts)!] : [];
        }),
    },
  });
  return { mutualExclusion, messagesPerEntry, allDone };
}

function tsOf(message: unknown): number | null {
  if (message !== null && typeof message === "object" && "ts" in message) {
    const ts = (message as { ts: unknown }).ts;
    return typeof ts === "number" ? ts : null;
  }
  return null;
}
