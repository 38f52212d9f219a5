// The events of an actor model's trace, as the result file gives them: who received what from
// whom, what each step sent, which fault it was and which message it acted on, and what was in
// flight. The actor layer writes all of it into each step, so reports never read a state's network.
import type { EventMessage, StepEvent } from "../checker/index.ts";
import type { JsonStep, TaggedJson } from "./types.ts";

/** A message of the result file: the model's message in tagged JSON, and its text for people. */
export type JsonMessage = EventMessage<TaggedJson>;

/** A step some process (or the network) took: every event but the initial state's. */
export type ActorStep = StepEvent<TaggedJson> & { readonly process: string };

export interface ActorTrace {
  /** Messages in flight in the initial state, sent as the processes started. */
  readonly initial: readonly JsonMessage[];
  /** The event of each trace step, by position; null for the initial state. */
  readonly steps: readonly (ActorStep | null)[];
}

/** The actor events of a trace, or null when no step has one (not an actor model). */
export function readActorTrace(trace: readonly JsonStep[]): ActorTrace | null {
  if (!trace.some((step) => step.event)) return null;
  return {
    initial: trace[0]?.event?.inFlight ?? [],
    steps: trace.map(({ event }) =>
      event && event.process !== null ? { ...event, process: event.process } : null,
    ),
  };
}

/** Sender, receiver and canonical message: a send and its receive share it. */
export function messageKey(m: JsonMessage): string {
  return JSON.stringify([m.from, m.to, canonical(m.message)]);
}

/** JSON with object keys sorted, so equal messages give equal text whatever their key order. */
function canonical(value: TaggedJson): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`).join(",")}}`;
}
