// Partial-order reduction for actor systems: ample sets made of whole processes. The conditions
// and their sources are in checker/reductions/partial-order.ts; this file says why the sets it
// picks satisfy them.
//
// A step of process p (a delivery to p, or one of p's timers) reads and writes only p's local
// state and timers, takes one message addressed to p, and appends messages to the network.
// Steps of two different processes therefore commute and never disable each other, provided no
// fault can strike in between — so the reduction runs only in states where every fault budget
// is spent (no drop, duplicate, crash, restart, partition, heal or forgery can ever happen
// again); elsewhere the state is expanded fully.
//
// Persistence (C1) is where the trap lies. "Every enabled step of p" is not persistent if some
// other process x may still send p a message p has not got yet: x's step would enable a new
// step of p, and the order in which p handles the two matters. The set is therefore grown as a
// stubborn set over processes: with p come all processes x that may send to p (the declared
// topology, `sendsTo`; by default everyone) *unless* that new message cannot race:
//   - on a FIFO link x→p that is not empty, p's step on that link takes the head, which x's
//     sends (appended at the tail) cannot change — the head is fixed;
//   - a process that is down stays down (no restart budget), so it takes no step at all.
// On unordered and duplicating networks every possible sender joins. The closure repeats for
// each process added. The ample set is every enabled step of the processes in the closure.
//
// Invisibility (C2) is decided per step, which is sound here because of what `observe` promises:
// the invariants and the constraint read a state only through each process's observation (and
// through `up`, `used`, `cut` and `byzantine`, which no process step changes). A step of p acts
// on p's local state alone, and p's local state is the same in every state reachable by steps of
// other processes; so if the step leaves p's observation unchanged here, it leaves it unchanged
// wherever it is taken later in such a path, and no invariant can tell it happened. A model that
// declares no `observe` but has invariants or a constraint gets no reduction (and is told so).
// Invariants checked at end states only (`atEnd`) need no invisibility.
import { sameState } from "../encoding/index.ts";
import type { PartialOrder } from "../model/contract.ts";
import type { FaultBudgets } from "./fault-budgets.ts";
import type { ActorAction, ActorState, ActorSystem, NetworkKind } from "./contract.ts";

export function actorPartialOrder<L, M>(
  system: ActorSystem<L, M>,
  networkKind: NetworkKind,
  budgets: FaultBudgets,
): PartialOrder<ActorState<L, M>, ActorAction<M>> {
  const ids = system.processes.map((p) => p.id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const watched = system.invariants.some((i) => !i.atEnd) || system.constraint !== undefined;
  if (watched && !system.observe) {
    return {
      unavailable:
        "the actor model does not declare observe(), so any step may change what its invariants read",
      ample: () => null,
    };
  }
  const observe = system.observe?.bind(system);
  // senders[q]: the processes that may ever send to q.
  const senders: number[][] = ids.map(() => []);
  ids.forEach((from, x) => {
    const targets = system.sendsTo ? system.sendsTo(from) : ids;
    for (const to of targets) {
      const q = indexOf.get(to);
      if (q !== undefined && q !== x && !senders[q]!.includes(x)) senders[q]!.push(x);
    }
  });

  /** Whether some fault may still happen from this state on. */
  const faultsPending = (s: ActorState<L, M>): boolean =>
    s.used.drop < budgets.drop ||
    (s.used.duplicate < budgets.duplicate && networkKind !== "duplicating") ||
    s.used.crash < budgets.crash ||
    (budgets.restart && s.up.includes(false)) ||
    s.cut !== null ||
    s.used.partition < budgets.partitions ||
    budgets.byzantine > 0;

  /** The processes whose steps must join p's: the stubborn closure described above. */
  function closure(s: ActorState<L, M>, p: number, nonEmptyLinks: ReadonlySet<number>): boolean[] {
    const member = ids.map(() => false);
    member[p] = true;
    const work = [p];
    while (work.length > 0) {
      const q = work.pop()!;
      if (!s.up[q]) continue;
      for (const x of senders[q]!) {
        if (member[x]) continue;
        if (networkKind === "fifo" && nonEmptyLinks.has(x * ids.length + q)) continue;
        member[x] = true;
        work.push(x);
      }
    }
    return member;
  }

  return {
    unavailable: null,
    ample(s, actions, successors) {
      if (faultsPending(s)) return null;
      const owner: number[] = [];
      const enabledBy = ids.map(() => 0);
      let enabled = 0;
      for (let i = 0; i < actions.length; i++) {
        const a = actions[i]!;
        const p = a.kind === "deliver" ? indexOf.get(a.envelope.to)! : a.kind === "timer" ? a.process : -1;
        if (successors[i] === null) {
          owner.push(-1);
          continue;
        }
        if (p < 0) return null; // a fault is enabled after all: expand fully
        owner.push(p);
        enabledBy[p]!++;
        enabled++;
      }
      const nonEmptyLinks = new Set<number>();
      if (networkKind === "fifo") {
        for (const entry of s.network.values()) {
          nonEmptyLinks.add(indexOf.get(entry.from)! * ids.length + indexOf.get(entry.to)!);
        }
      }
      const invisible = (i: number): boolean => {
        if (!watched) return true;
        const p = owner[i]!;
        const after = successors[i]!;
        return sameState(observe!(s.locals[p]!, ids[p]!), observe!(after.locals[p]!, ids[p]!));
      };

      let best: number[] | null = null;
      for (let p = 0; p < ids.length; p++) {
        if (enabledBy[p] === 0) continue;
        const member = closure(s, p, nonEmptyLinks);
        const ample: number[] = [];
        for (let i = 0; i < actions.length; i++) if (owner[i]! >= 0 && member[owner[i]!]) ample.push(i);
        if (ample.length >= enabled || (best !== null && ample.length >= best.length)) continue;
        if (!ample.every(invisible)) continue;
        best = ample;
        if (best.length === 1) break;
      }
      return best;
    },
  };
}
