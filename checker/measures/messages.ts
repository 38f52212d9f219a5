// Measures of messages for actor models, counted from each step's event — what the handlers
// actually sent — rather than from a counter a model keeps in its own state. A forged or
// duplicated message is a fault the network injects, not a send, and is not counted.
import type { EventMessage, StepEvent } from "../model/step-event.ts";
import type { Measure, MeasuredStep, OccurrenceScope, StepCost } from "./contract.ts";

/** A message's kind: its `kind` field when it is an object with a string one, else null. */
export function messageKind(message: unknown): string | null {
  if (message !== null && typeof message === "object" && "kind" in message) {
    const kind = (message as { kind: unknown }).kind;
    return typeof kind === "string" ? kind : null;
  }
  return null;
}

export interface MessagesSentOptions<S, A> {
  readonly name: string;
  readonly description?: string;
  /** Only messages of these kinds (their `kind` field); all messages when absent. */
  readonly kinds?: readonly string[];
  /**
   * Whose occurrence a message counts for: its sender's, its receiver's, or a key of the model's
   * choosing (null: none). Absent: every open occurrence (and scope "execution").
   */
  readonly countFor?:
    "sender" | "receiver" | ((message: EventMessage, step: MeasuredStep<S, A>) => string | null);
  readonly scope?: "execution" | OccurrenceScope<S, A>;
  /**
   * Only the messages of steps this holds for ("until a value is chosen": nothing chosen in the
   * step's source state); every step when absent. The initial state's messages always count.
   */
  readonly counts?: (step: MeasuredStep<S, A>) => boolean;
}

/** Messages sent per execution (or per occurrence of `scope`), optionally of some kinds only. */
export function messagesSent<S, A>(options: MessagesSentOptions<S, A>): Measure<S, A> {
  const kinds = options.kinds === undefined ? null : new Set(options.kinds);
  const counted = (m: EventMessage) => kinds === null || kinds.has(messageKind(m.message) ?? "");
  const keyOf =
    options.countFor === "sender"
      ? (m: EventMessage) => m.from
      : options.countFor === "receiver"
        ? (m: EventMessage) => m.to
        : options.countFor;
  return {
    name: options.name,
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    // An execution counts what the processes sent as they started: in flight in the initial state.
    ...((options.scope ?? "execution") === "execution"
      ? {
          initial: (_state: S, event: StepEvent | null) =>
            event === null ? 0 : event.inFlight.filter(counted).length,
        }
      : {}),
    cost(step: MeasuredStep<S, A>): StepCost {
      const event = step.event;
      // A forged message is the network's fault, not a handler's send.
      if (event === null || event.fault === "forge" || options.counts?.(step) === false) return 0;
      const sent = event.sent.filter(counted);
      if (keyOf === undefined) return sent.length;
      const perKey = new Map<string, number>();
      for (const message of sent) {
        const key = keyOf(message, step);
        if (key !== null) perKey.set(key, (perKey.get(key) ?? 0) + 1);
      }
      return perKey;
    },
  };
}
