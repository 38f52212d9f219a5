// Lamport's happens-before over a recorded history, and the consistent-cut check built on it, for
// invariants about snapshots, checkpoints and global predicates.
//
// A history lists, per process, the events it took in order: local steps, sends and receives.
// Messages are named by ids unique across the history; a receive names the message it consumed.
// Happens-before (→) is the smallest transitive relation containing process order (each event →
// the next event of the same process) and each send → the receive of the same message.
//
// A cut takes, per process, a prefix of its events (given by its length). It is consistent when it
// is downward closed under →: for every event e inside, every f → e is inside too. Prefixes are
// closed under process order already, so a cut is consistent exactly when every receive inside it
// has its send inside it — "no message is received before it is sent". That local test is what
// `consistentCut` runs: one pass over the events inside the cut, no closure computed, so an
// invariant can afford it on every state of a small model. specs/happens-before.spec.ts checks it
// against downward closure under the transitive closure computed independently.
//
// Usage, inside an invariant:
//   const verdict = consistentCut(history, { P1: 2, P2: 0, P3: 1 });
//   if (verdict.kind === "inconsistent") return verdict.reason; // "P2 event 1 (receive m1) …"
import { alg, Graph } from "@dagrejs/graphlib";

/** One event of a process. Message ids must be unique across the whole history. */
export type HistoryEvent =
  | { readonly kind: "local"; readonly label?: string }
  | { readonly kind: "send"; readonly message: string }
  | { readonly kind: "receive"; readonly message: string };

/** Each process's events, in the order it took them. */
export type History = Readonly<Record<string, readonly HistoryEvent[]>>;

/** An event by its process and its position (0-based) in that process's events. */
export interface EventRef {
  readonly process: string;
  readonly index: number;
}

/**
 * How many of each process's events lie inside the cut (a prefix of each process). A process the
 * cut leaves out has none of its events inside.
 */
export type Cut = Readonly<Record<string, number>>;

/** The verdict on a cut: consistent, or the first receive inside it whose send is not. */
export type CutVerdict =
  | { readonly kind: "consistent" }
  | {
      readonly kind: "inconsistent";
      /** The id of the message received inside the cut and sent outside it. */
      readonly message: string;
      readonly receive: EventRef;
      readonly send: EventRef;
      /** One readable sentence naming both events and where the cut lies on the sender. */
      readonly reason: string;
    };

export type HistoryErrorCode =
  | "unsent-message" // a receive of a message no event sends
  | "duplicate-send" // two sends of one message id
  | "duplicate-receive" // two receives of one message id
  | "cyclic-history" // happens-before has a cycle: some message is received before it is sent in process order
  | "bad-cut" // a cut names an unknown process, or a count outside 0..events
  | "bad-event"; // an event reference outside the history

/** A history or a cut that cannot be the record of a run; `code` is stable, the message is one line. */
export class HistoryError extends Error {
  override readonly name = "HistoryError";
  constructor(
    readonly code: HistoryErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** "P2 event 3 (receive m1)": 1-based, as people count. */
export function describeEvent(history: History, ref: EventRef): string {
  const event = eventAt(history, ref);
  const what =
    event.kind === "local"
      ? `local${event.label ? ` ${event.label}` : ""}`
      : `${event.kind} ${event.message}`;
  return `${ref.process} event ${ref.index + 1} (${what})`;
}

/**
 * Whether the cut is consistent: every receive inside it has its send inside it. On failure, the
 * first offending receive in the order of the history's processes and events, with a reason that
 * names the receive, the send, and how many of the sender's events the cut takes.
 * Throws HistoryError when the cut is malformed or a receive inside it has no send at all.
 */
export function consistentCut(history: History, cut: Cut): CutVerdict {
  const inside = cutCounts(history, cut);
  const sends = sendIndex(history);
  for (const process of Object.keys(history)) {
    const events = history[process]!;
    const count = inside.get(process)!;
    for (let index = 0; index < count; index++) {
      const event = events[index]!;
      if (event.kind !== "receive") continue;
      const send = sends.get(event.message);
      if (send === undefined) {
        throw new HistoryError(
          "unsent-message",
          `${describeEvent(history, { process, index })} receives a message that no event sends`,
        );
      }
      if (send.index < inside.get(send.process)!) continue;
      const receive = { process, index };
      const taken = inside.get(send.process)!;
      return {
        kind: "inconsistent",
        message: event.message,
        receive,
        send,
        reason:
          `${describeEvent(history, receive)} is inside the cut but its send, ` +
          `${describeEvent(history, send)}, is not: the cut takes ${taken} of ${send.process}'s events`,
      };
    }
  }
  return { kind: "consistent" };
}

/**
 * Whether a → b (strictly: an event does not happen before itself). Walks forward from a along
 * process order and messages, remembering per process only the earliest event reached, since
 * everything after it on that process is reached too: linear in the history's size.
 */
export function happensBefore(history: History, a: EventRef, b: EventRef): boolean {
  eventAt(history, a);
  eventAt(history, b);
  const receives = receiveIndex(history);
  /** Per process, the earliest event reached; every later one is reached too. */
  const earliest = new Map<string, number>();
  /** Per process, the position from which its events have been scanned for sends. */
  const scannedFrom = new Map<string, number>();
  const work: EventRef[] = [];
  const reach = (process: string, index: number) => {
    if (index >= history[process]!.length) return;
    if ((earliest.get(process) ?? Infinity) <= index) return;
    earliest.set(process, index);
    work.push({ process, index });
  };
  reach(a.process, a.index + 1);
  const first = history[a.process]![a.index]!;
  if (first.kind === "send") {
    const receive = receives.get(first.message);
    if (receive !== undefined) reach(receive.process, receive.index);
  }
  while (work.length > 0) {
    const { process, index } = work.pop()!;
    const events = history[process]!;
    const until = scannedFrom.get(process) ?? events.length;
    for (let i = index; i < until; i++) {
      const event = events[i]!;
      if (event.kind !== "send") continue;
      const receive = receives.get(event.message);
      if (receive !== undefined) reach(receive.process, receive.index);
    }
    scannedFrom.set(process, Math.min(index, until));
  }
  return (earliest.get(b.process) ?? Infinity) <= b.index;
}

/** The id of an event's node in `happensBeforeGraph`: "P2#3" for P2's event at index 3. */
export function eventNode(ref: EventRef): string {
  return `${ref.process}#${ref.index}`;
}

/** What each node of `happensBeforeGraph` carries. */
export interface EventNode extends EventRef {
  readonly event: HistoryEvent;
}

/**
 * The happens-before relation as a directed graph: one node per event (named by `eventNode`),
 * an edge labelled "process" from each event to the next one of its process, and one labelled
 * "message" from each send to the receive of its message. a → b exactly when b is reachable from
 * a. Meant for drawing and for questions the two functions above do not answer; it validates the
 * history (HistoryError: duplicate sends or receives, a receive with no send, a cycle).
 */
export function happensBeforeGraph(history: History): Graph<string, EventNode, "process" | "message"> {
  const graph = new Graph<string, EventNode, "process" | "message">({ directed: true });
  const sends = sendIndex(history);
  const received = new Set<string>();
  for (const process of Object.keys(history)) {
    history[process]!.forEach((event, index) => {
      graph.setNode(eventNode({ process, index }), { process, index, event });
      if (index > 0)
        graph.setEdge(eventNode({ process, index: index - 1 }), eventNode({ process, index }), "process");
    });
  }
  for (const process of Object.keys(history)) {
    history[process]!.forEach((event, index) => {
      if (event.kind !== "receive") return;
      const here = describeEvent(history, { process, index });
      const send = sends.get(event.message);
      if (send === undefined)
        throw new HistoryError("unsent-message", `${here} receives a message that no event sends`);
      if (received.has(event.message)) {
        throw new HistoryError(
          "duplicate-receive",
          `${here} receives ${event.message}, which was received before`,
        );
      }
      received.add(event.message);
      graph.setEdge(eventNode(send), eventNode({ process, index }), "message");
    });
  }
  if (!alg.isAcyclic(graph)) {
    const cycle = alg.findCycles(graph)[0] ?? [];
    throw new HistoryError("cyclic-history", `happens-before has a cycle through ${cycle.join(", ")}`);
  }
  return graph;
}

function eventAt(history: History, ref: EventRef): HistoryEvent {
  const event = history[ref.process]?.[ref.index];
  if (event === undefined) {
    throw new HistoryError("bad-event", `${ref.process} has no event at index ${ref.index}`);
  }
  return event;
}

/** Each message id's send; throws on a second send of one id. */
function sendIndex(history: History): Map<string, EventRef> {
  const sends = new Map<string, EventRef>();
  for (const process of Object.keys(history)) {
    history[process]!.forEach((event, index) => {
      if (event.kind !== "send") return;
      if (sends.has(event.message)) {
        throw new HistoryError(
          "duplicate-send",
          `${describeEvent(history, { process, index })} sends ${event.message}, which ${describeEvent(history, sends.get(event.message)!)} sent already`,
        );
      }
      sends.set(event.message, { process, index });
    });
  }
  return sends;
}

/** Each message id's receive (the first, should there be several). */
function receiveIndex(history: History): Map<string, EventRef> {
  const receives = new Map<string, EventRef>();
  for (const process of Object.keys(history)) {
    history[process]!.forEach((event, index) => {
      if (event.kind === "receive" && !receives.has(event.message))
        receives.set(event.message, { process, index });
    });
  }
  return receives;
}

/** The cut's count for every process of the history, validated. */
function cutCounts(history: History, cut: Cut): Map<string, number> {
  const counts = new Map<string, number>();
  for (const process of Object.keys(cut)) {
    if (!Object.hasOwn(history, process)) {
      throw new HistoryError("bad-cut", `the cut names ${process}, which is not a process of the history`);
    }
  }
  for (const process of Object.keys(history)) {
    const count = cut[process] ?? 0;
    const length = history[process]!.length;
    if (!Number.isInteger(count) || count < 0 || count > length) {
      throw new HistoryError(
        "bad-cut",
        `the cut takes ${count} of ${process}'s events; accepted: an integer 0..${length}`,
      );
    }
    counts.set(process, count);
  }
  return counts;
}
