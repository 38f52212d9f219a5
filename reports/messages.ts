// Which receive got which send. A receive is matched to the earliest message still in flight with
// the same sender, receiver and canonical message; a copy made by the "duplicate" fault joins the
// flight right behind the message it copies (a FIFO link delivers them back to back).
import type { ActorStep, ActorTrace, Envelope } from "./actor-trace.ts";
import type { MessageKind } from "./page-data.ts";

export type { MessageKind } from "./page-data.ts";

export interface Message {
  readonly kind: MessageKind;
  readonly envelope: Envelope;
  /** The step that sent it; the duplicate's step for a copy; 0 for a message in flight at the start. */
  readonly sendStep: number;
  /** For a copy or a redelivery: the index of the message it repeats, when known. */
  readonly original: number | null;
  /** The step that received it; null when it was never received in the trace. */
  receiveStep: number | null;
  /** The step that lost it (fault "drop"). */
  dropStep: number | null;
}

/**
 * The kinds that are messages of their own, one arrow each: all but a redelivery, which repeats a
 * message already drawn. A message in flight in the initial state was sent as its sender started.
 */
export const SENT_KINDS: ReadonlySet<MessageKind> = new Set(["sent", "forged", "copy", "initial"]);

export function matchMessages(trace: ActorTrace): Message[] {
  const messages: Message[] = [];
  /** Messages in flight, by envelope key, oldest first (indexes into `messages`). */
  const flying = new Map<string, number[]>();
  const latest = new Map<string, number>();
  const queueOf = (key: string) => flying.get(key) ?? flying.set(key, []).get(key)!;
  /** Records a message; `position` puts it in flight at that place in its queue (default: last). */
  const add = (
    message: Omit<Message, "receiveStep" | "dropStep">,
    position?: number | "received",
  ): number => {
    const index = messages.push({ ...message, receiveStep: null, dropStep: null }) - 1;
    latest.set(message.envelope.key, index);
    if (position !== "received") {
      const queue = queueOf(message.envelope.key);
      queue.splice(position ?? queue.length, 0, index);
    }
    return index;
  };

  for (const envelope of trace.initial) add({ kind: "initial", envelope, sendStep: 0, original: null });
  for (const step of trace.steps) {
    if (step === null) continue;
    if (step.received) receive(step, step.received);
    if (step.fault === "duplicate") {
      const target = step.target ?? oldestInFlight((e) => e.from === step.process);
      if (target) {
        const queue = queueOf(target.key);
        const original = queue[0] ?? latest.get(target.key) ?? null;
        add({ kind: "copy", envelope: target, sendStep: step.step, original }, queue.length > 0 ? 1 : 0);
      }
    }
    if (step.fault === "drop") {
      const target = step.target ?? oldestInFlight((e) => e.to === step.process);
      const index = target ? flying.get(target.key)?.shift() : undefined;
      if (index !== undefined) messages[index]!.dropStep = step.step;
    }
    const kind = step.fault === "forge" ? "forged" : "sent";
    for (const envelope of step.sent) add({ kind, envelope, sendStep: step.step, original: null });
  }
  return messages;

  function receive(step: ActorStep, envelope: Envelope): void {
    const before = latest.get(envelope.key);
    const index =
      flying.get(envelope.key)?.shift() ??
      (before === undefined
        ? // Received but never seen sent: in flight from the start, though the initial state did not say so.
          add({ kind: "initial", envelope, sendStep: 0, original: null }, "received")
        : add(
            { kind: "redelivery", envelope, sendStep: messages[before]!.sendStep, original: before },
            "received",
          ));
    messages[index]!.receiveStep = step.step;
  }

  /** When a drop or duplicate does not say which message: the oldest in flight that fits. */
  function oldestInFlight(fits: (e: Envelope) => boolean): Envelope | null {
    let best: Message | null = null;
    for (const queue of flying.values()) {
      const head = queue[0] === undefined ? undefined : messages[queue[0]];
      if (head && fits(head.envelope) && (best === null || head.sendStep < best.sendStep)) best = head;
    }
    return best?.envelope ?? null;
  }
}
