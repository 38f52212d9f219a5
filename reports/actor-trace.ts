// The events of an actor model's trace, read from the result file: who received what from whom,
// what each step sent, which fault it was. A drop or a duplicate does not name its message in the
// event, so it is read off the network: the one message whose number of copies in flight changed.
import { showValue } from "../checker/index.ts";
import type { JsonStep, TaggedJson } from "./types.ts";

export interface Envelope {
  readonly from: string;
  readonly to: string;
  readonly message: TaggedJson;
  /** Sender, receiver and canonical message: a send and its receive share it. */
  readonly key: string;
  /** The message for people, as the text output writes values. */
  readonly text: string;
}

export interface ActorStep {
  readonly step: number;
  /** The process that took the step (for a delivery, the receiver; "network" for a partition). */
  readonly process: string;
  readonly received: Envelope | null;
  readonly sent: readonly Envelope[];
  readonly fault: string | null;
  /** For a drop or a duplicate: the message it acted on, when the states show which. */
  readonly target: Envelope | null;
}

export interface ActorTrace {
  /** Messages in flight in the initial state, sent as the processes started. */
  readonly initial: readonly Envelope[];
  /** One entry per trace step; null for a step without an event (the initial state). */
  readonly steps: readonly (ActorStep | null)[];
  /** The model's own text of each message a step sent or received, by envelope key. */
  readonly texts: ReadonlyMap<string, string>;
}

type JsonRecord = { readonly [key: string]: TaggedJson };

/** The actor events of a trace, or null when no step has one (not an actor model). */
export function readActorTrace(trace: readonly JsonStep[]): ActorTrace | null {
  if (!trace.some((step) => isRecord(step.event))) return null;
  const steps = trace.map((step, index) => {
    const event = step.event;
    if (!isRecord(event)) return null;
    const fault = typeof event.fault === "string" ? event.fault : null;
    const target =
      (fault === "drop" || fault === "duplicate") && index > 0
        ? changedInFlight(trace[index - 1]!.state, step.state, fault === "duplicate" ? 1 : -1)
        : null;
    return {
      step: index,
      process: name(event.process ?? step.actor ?? "?"),
      received: envelope(event.received),
      sent: Array.isArray(event.sent) ? event.sent.map(envelope).filter((e) => e !== null) : [],
      fault,
      target,
    };
  });
  const first = trace[0];
  const initial = first
    ? [...(inFlight(first.state)?.values() ?? [])].flatMap((m) => repeat(m.envelope, m.count))
    : [];
  // Messages read off states (in flight at the start, dropped, duplicated) carry no text of the
  // model's own: they take the one their send or receive carries, when a step has one.
  const texts = new Map<string, string>();
  for (const step of steps) {
    for (const e of [...(step?.sent ?? []), ...(step?.received ? [step.received] : [])])
      texts.set(e.key, e.text);
  }
  const relabel = (e: Envelope): Envelope => ({ ...e, text: texts.get(e.key) ?? e.text });
  return {
    initial: initial.map(relabel),
    steps: steps.map((step) => (step?.target ? { ...step, target: relabel(step.target) } : step)),
    texts,
  };
}

/** Text for a process name, whatever the model used for one. */
function name(value: TaggedJson): string {
  return typeof value === "string" ? value : showValue(value);
}

function envelope(value: TaggedJson | undefined): Envelope | null {
  if (!isRecord(value) || !("message" in value)) return null;
  const text = typeof value.text === "string" ? value.text : undefined;
  return makeEnvelope(name(value.from ?? "?"), name(value.to ?? "?"), value.message!, text);
}

/** `text`: the model's own writing of the message, when the event carries one. */
function makeEnvelope(from: string, to: string, message: TaggedJson, text?: string): Envelope {
  return {
    from,
    to,
    message,
    key: JSON.stringify([from, to, canonical(message)]),
    text: text ?? showValue(message),
  };
}

/** JSON with object keys sorted, so equal messages give equal text whatever their key order. */
export function canonical(value: TaggedJson): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`).join(",")}}`;
}

interface InFlight {
  readonly envelope: Envelope;
  readonly count: number;
}

/**
 * The messages in flight in an actor state, by envelope key with their number of copies: the
 * `network` map of the actor layer, whose entries are {from, to, message, copies} (unordered and
 * duplicating networks) or {from, to, queue} (FIFO links). Null when the state has no such map.
 */
export function inFlight(state: TaggedJson): Map<string, InFlight> | null {
  if (!isRecord(state) || !isRecord(state.network)) return null;
  const entries = state.network["#map"];
  if (!Array.isArray(entries)) return null;
  const out = new Map<string, InFlight>();
  const add = (e: Envelope, n: number) =>
    out.set(e.key, { envelope: e, count: (out.get(e.key)?.count ?? 0) + n });
  for (const entry of entries) {
    const value = Array.isArray(entry) ? entry[1] : undefined;
    if (!isRecord(value)) continue;
    const from = name(value.from ?? "?");
    const to = name(value.to ?? "?");
    if (Array.isArray(value.queue)) for (const m of value.queue) add(makeEnvelope(from, to, m), 1);
    else if ("message" in value)
      add(makeEnvelope(from, to, value.message!), typeof value.copies === "number" ? value.copies : 1);
  }
  return out;
}

/** The message whose copies in flight went up (+1) or down (−1) between two states. */
function changedInFlight(before: TaggedJson, after: TaggedJson, direction: 1 | -1): Envelope | null {
  const was = inFlight(before);
  const is = inFlight(after);
  if (was === null || is === null) return null;
  for (const key of new Set([...was.keys(), ...is.keys()])) {
    const delta = (is.get(key)?.count ?? 0) - (was.get(key)?.count ?? 0);
    if (Math.sign(delta) === direction) return (is.get(key) ?? was.get(key))!.envelope;
  }
  return null;
}

function repeat<T>(value: T, times: number): T[] {
  return Array.from({ length: Math.max(0, times) }, () => value);
}

function isRecord(value: TaggedJson | undefined): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
