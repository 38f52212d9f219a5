// Vector clocks (Fidge, Mattern) for the events of an actor trace, from the trace alone: a process
// ticks its own entry at each of its steps, after taking the entrywise maximum with the clock a
// received message carries; every message a step sends carries that step's clock. So for two
// process steps e and f, e happened before f exactly when clock(e) ≤ clock(f) entrywise and they
// differ.
//
// Drops, duplicates and partitions are the network's doing, not a process's: they tick nothing. A
// copy carries the clock of the message it copies; a drop or a duplicate is shown with the clock
// of its message, a partition with none. A message in flight at the start carries zeros: the
// initial state is not a step.
import type { ActorTrace } from "./actor-trace.ts";
import type { Message } from "./messages.ts";

export type VectorClock = readonly number[];

const NETWORK_FAULTS = new Set(["drop", "duplicate", "partition"]);

/** One clock per trace step (null for a step without a process event), entries in `processes` order. */
export function vectorClocks(
  trace: ActorTrace,
  messages: readonly Message[],
  processes: readonly string[],
): (VectorClock | null)[] {
  const position = new Map(processes.map((p, i) => [p, i] as const));
  const zero = () => processes.map(() => 0);
  const current = processes.map(zero);
  const clocks: (VectorClock | null)[] = trace.steps.map(() => null);

  const receivedAt = new Map<number, number>();
  const droppedAt = new Map<number, number>();
  const copiedAt = new Map<number, number>();
  messages.forEach((m, index) => {
    if (m.receiveStep !== null) receivedAt.set(m.receiveStep, index);
    if (m.dropStep !== null) droppedAt.set(m.dropStep, index);
    if (m.kind === "copy") copiedAt.set(m.sendStep, index);
  });

  const carried = new Map<number, VectorClock>();
  /** The clock a message carries. */
  const clockOf = (index: number): VectorClock => {
    const known = carried.get(index);
    if (known) return known;
    const m = messages[index]!;
    const clock =
      m.kind === "sent" || m.kind === "forged"
        ? (clocks[m.sendStep] ?? zero())
        : m.original !== null && m.original !== index
          ? clockOf(m.original)
          : zero();
    carried.set(index, clock);
    return clock;
  };

  trace.steps.forEach((step, at) => {
    if (step === null) return;
    const p = position.get(step.process);
    if (step.fault !== null && NETWORK_FAULTS.has(step.fault)) {
      const acted = step.fault === "drop" ? droppedAt.get(at) : copiedAt.get(at);
      clocks[at] = acted === undefined ? null : clockOf(acted);
      return;
    }
    if (p === undefined) return;
    const own = [...current[p]!];
    const received = receivedAt.get(at);
    if (received !== undefined) clockOf(received).forEach((n, i) => (own[i] = Math.max(own[i]!, n)));
    own[p] = own[p]! + 1;
    current[p] = own;
    clocks[at] = own;
  });
  return clocks;
}

/** e happened before f: e's clock is entrywise ≤ f's and not equal. */
export function happenedBefore(e: VectorClock, f: VectorClock): boolean {
  return e.every((n, i) => n <= f[i]!) && e.some((n, i) => n < f[i]!);
}
