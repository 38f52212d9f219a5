// What the mutual-exclusion models share: processes whose local state has a phase (in the critical
// section when "held"), entries done and messages sent, and the properties every algorithm of the
// family must have: at most one process inside, and a fixed number of messages per entry.
import { type Invariant, lookup, type ProcessSpec, type StateOf } from "../../checker/index.ts";

export interface MutexLocal {
  readonly phase: string;
  /** Critical-section entries completed. */
  readonly done: number;
  /** Messages this process has sent. */
  readonly sent: number;
}

/** A sorted list of names with `x` added (the same list when it is there already). */
export const sortedWith = (list: readonly string[], x: string): readonly string[] =>
  list.includes(x) ? list : [...list, x].sort();

/** The family's invariants and the end-of-run test, for `processes` making `entries` entries each. */
export function mutexProperties<P extends ProcessSpec<MutexLocal, unknown>>(
  processes: readonly P[],
  entries: number,
  messagesPerEntry: { readonly count: number; readonly formula: string },
) {
  type State = StateOf<P>;
  const { ids, local } = lookup(processes);
  const n = ids.length;
  const inside = (s: State) => ids.filter((id) => local(s, id).phase === "held");
  const allDone = (s: State) => s.locals.every((l) => l.done === entries);
  const totalSent = (s: State) => s.locals.reduce((sum, l) => sum + l.sent, 0);
  const expected = messagesPerEntry.count * n * entries;
  const mutualExclusion: Invariant<State> = {
    name: "mutualExclusion",
    description: "at most one process is in the critical section",
    holds: (s) => inside(s).length <= 1,
    explain: (s) => `${inside(s).join(" and ")} are in the critical section together`,
  };
  const messageCount: Invariant<State> = {
    name: "messagesPerEntry",
    description: `once every entry is done, ${messagesPerEntry.formula} messages were sent per entry`,
    // Once every entry is done nothing more is sent: a property of finished runs, checked where
    // nothing more can happen, so it does not make steps visible to partial-order reduction.
    atEnd: true,
    holds: (s) => !allDone(s) || totalSent(s) === expected,
    explain: (s) =>
      `${totalSent(s)} messages for ${n * entries} entries, not ${messagesPerEntry.formula} each = ${expected}`,
  };
  return { mutualExclusion, messagesPerEntry: messageCount, allDone };
}
