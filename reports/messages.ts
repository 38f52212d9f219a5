// Which receive got which send. A receive is matched to the earliest message still in flight with
// the same sender, receiver and canonical message; a copy made by the "duplicate" fault joins the
// flight right behind the message it copies (a FIFO link delivers them back to back).
import { type ActorTrace, type JsonMessage, messageKey } from "./actor-trace.ts";
import type { MessageKind } from "./page-data.ts";

export type { MessageKind } from "./page-data.ts";

export interface Message {
  readonly kind: MessageKind;
  readonly envelope: JsonMessage;
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
    const key = messageKey(message.envelope);
    latest.set(key, index);
    if (position !== "received") {
      const queue = queueOf(key);
      queue.splice(position ?? queue.length, 0, index);
    }
    return index;
  };

  for (const envelope of trace.initial) add({ kind: "initial", envelope, sendStep: 0, original: null });
  trace.steps.forEach((step, at) => {
    if (step === null) return;
    if (step.received) receive(at, step.received);
    if (step.fault === "duplicate" && step.target) {
      const key = messageKey(step.target);
      const queue = queueOf(key);
      const original = queue[0] ?? latest.get(key) ?? null;
      add({ kind: "copy", envelope: step.target, sendStep: at, original }, queue.length > 0 ? 1 : 0);
    }
    if (step.fault === "drop" && step.target) {
      const index = flying.get(messageKey(step.target))?.shift();
      if (index !== undefined) messages[index]!.dropStep = at;
    }
    const kind = step.fault === "forge" ? "forged" : "sent";
    for (const envelope of step.sent) add({ kind, envelope, sendStep: at, original: null });
  });
  return messages;

  function receive(at: number, envelope: JsonMessage): void {
    const key = messageKey(envelope);
    const before = latest.get(key);
    const index =
      flying.get(key)?.shift() ??
      (before === undefined
        ? // Received but never seen sent: in flight from the start, though the initial state did not say so.
          add({ kind: "initial", envelope, sendStep: 0, original: null }, "received")
        : add(
            { kind: "redelivery", envelope, sendStep: messages[before]!.sendStep, original: before },
            "received",
          ));
    messages[index]!.receiveStep = at;
  }
}
