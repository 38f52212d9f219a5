// The three network semantics, as operations on the `network` map of an actor state. Keys make
// equal networks equal whatever the order of sends: an envelope's key names its sender, receiver
// and message (canonically), a FIFO link's key names its two ends.
//
//   unordered    a multiset: any message in flight may be delivered next (and is then gone)
//   fifo         one queue per sender→receiver link: only the head of each link may be delivered
//   duplicating  a set: a delivered message stays, so it may be delivered again (DSLabs-style)
import { toTaggedJson } from "../encoding/index.ts";
import type { Envelope, NetworkEntry, NetworkKind } from "./contract.ts";

type Net<M> = ReadonlyMap<string, NetworkEntry<M>>;

export interface NetworkOps<M> {
  readonly kind: NetworkKind;
  send(net: Net<M>, envelope: Envelope<M>): Net<M>;
  /** The messages that may be delivered now, each under the key that names it. */
  deliverable(net: Net<M>): { readonly key: string; readonly envelope: Envelope<M> }[];
  /** Delivers the message under `key`: returns the network afterwards. */
  deliver(net: Net<M>, key: string): Net<M>;
  /** Loses the message under `key`. */
  drop(net: Net<M>, key: string): Net<M>;
  /** One more copy of the message under `key` (null when duplication means nothing here). */
  duplicate(net: Net<M>, key: string): Net<M> | null;
}

/** The canonical text of a message, for keys. */
export function messageKey(message: unknown): string {
  return JSON.stringify(toTaggedJson(message));
}

/** The key of an envelope on an unordered or duplicating network. */
export function envelopeKey<M>(e: Envelope<M>): string {
  return `${e.from}→${e.to} ${messageKey(e.message)}`;
}

/** The key of a FIFO link. */
export function linkKey(from: string, to: string): string {
  return `${from}→${to}`;
}

function withEntry<M>(net: Net<M>, key: string, entry: NetworkEntry<M> | null): Net<M> {
  const next = new Map(net);
  if (entry === null) next.delete(key);
  else next.set(key, entry);
  return next;
}

function copiesOf<M>(entry: NetworkEntry<M> | undefined): number {
  return entry !== undefined && "copies" in entry ? entry.copies : 0;
}

function envelopeOf<M>(entry: NetworkEntry<M>): Envelope<M> {
  return "copies" in entry ? entry : { from: entry.from, to: entry.to, message: entry.queue[0]! };
}

const unordered: NetworkOps<unknown> = {
  kind: "unordered",
  send(net, e) {
    const key = envelopeKey(e);
    return withEntry(net, key, {
      from: e.from,
      to: e.to,
      message: e.message,
      copies: copiesOf(net.get(key)) + 1,
    });
  },
  deliverable: (net) => [...net].map(([key, entry]) => ({ key, envelope: envelopeOf(entry) })),
  deliver: (net, key) => removeOne(net, key),
  drop: (net, key) => removeOne(net, key),
  duplicate(net, key) {
    const entry = net.get(key)!;
    return withEntry(net, key, { ...envelopeOf(entry), copies: copiesOf(entry) + 1 });
  },
};

function removeOne<M>(net: Net<M>, key: string): Net<M> {
  const entry = net.get(key)!;
  const copies = copiesOf(entry);
  return withEntry(net, key, copies > 1 ? { ...envelopeOf(entry), copies: copies - 1 } : null);
}

const duplicating: NetworkOps<unknown> = {
  kind: "duplicating",
  // A set: sending what is already in flight changes nothing.
  send: (net, e) => {
    const key = envelopeKey(e);
    return net.has(key)
      ? net
      : withEntry(net, key, { from: e.from, to: e.to, message: e.message, copies: 1 });
  },
  deliverable: unordered.deliverable,
  deliver: (net) => net,
  drop: (net, key) => withEntry(net, key, null),
  duplicate: () => null,
};

const fifo: NetworkOps<unknown> = {
  kind: "fifo",
  send(net, e) {
    const key = linkKey(e.from, e.to);
    const entry = net.get(key);
    const queue = entry !== undefined && "queue" in entry ? entry.queue : [];
    return withEntry(net, key, { from: e.from, to: e.to, queue: [...queue, e.message] });
  },
  deliverable: (net) => [...net].map(([key, entry]) => ({ key, envelope: envelopeOf(entry) })),
  deliver: (net, key) => shift(net, key),
  drop: (net, key) => shift(net, key),
  // The head arrives twice in a row: a copy right behind it keeps the link's order.
  duplicate(net, key) {
    // A FIFO network files only queues.
    const entry = net.get(key)! as { from: string; to: string; queue: readonly unknown[] };
    return withEntry(net, key, { ...entry, queue: [entry.queue[0], ...entry.queue] });
  },
};

function shift<M>(net: Net<M>, key: string): Net<M> {
  // Only the FIFO network shifts, and it files only queues.
  const entry = net.get(key)! as { from: string; to: string; queue: readonly M[] };
  return withEntry(net, key, entry.queue.length > 1 ? { ...entry, queue: entry.queue.slice(1) } : null);
}

export function networkOps<M>(kind: NetworkKind): NetworkOps<M> {
  const ops = { unordered, fifo, duplicating }[kind];
  // The operations never look inside a message: one implementation serves every message type.
  return ops as NetworkOps<M>;
}
