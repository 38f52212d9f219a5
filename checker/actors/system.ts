// Typed declarations of an actor system. At run time they only assemble the plain objects a model
// could write by hand, so the explorer runs exactly as before. What they add is inference: each
// process keeps the type of its id, local state and messages, and the system's invariants,
// liveness properties, view and the rest receive states typed from its processes, without
// annotations or casts.
import type { ActorProperties, ActorState, ActorSystem, Behaviour, ProcessSpec } from "./contract.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest process, for constraints only
export type AnyProcess = ProcessSpec<any, any, string>;

/** The local state of a process type (a union of processes gives the union of their locals). */
export type LocalOf<P> = P extends ProcessSpec<infer L, unknown, string> ? L : never;
/** The message type of a process type. */
export type MessageOf<P> = P extends ProcessSpec<unknown, infer M, string> ? M : never;
/** The ids of a process type. */
export type IdOf<P extends AnyProcess> = P["id"];
/** The local state of the processes among `P` whose id may be `I`. */
export type LocalAt<P, I extends string> =
  P extends ProcessSpec<infer L, unknown, infer Id> ? (I extends Id ? L : never) : never;
/** The global state of a system of processes `P`. */
export type StateOf<P> = ActorState<LocalOf<P>, MessageOf<P>>;
/** What `observe` receives: a local state with its process's id, so that testing the id narrows the local. */
export type LocalWithId<P> =
  P extends ProcessSpec<infer L, unknown, infer Id> ? [local: L, process: Id] : never;

/** What an actor system checks and how it is shown and reduced, typed by its processes `P`. */
export interface TypedProperties<P extends AnyProcess> extends Omit<
  ActorProperties<LocalOf<P>, MessageOf<P>>,
  "observe" | "mayCrash" | "symmetric" | "sendsTo"
> {
  /** As ActorProperties.observe, with the local state typed by the process it belongs to. */
  observe?(...local: LocalWithId<P>): unknown;
  readonly mayCrash?: readonly IdOf<P>[];
  readonly symmetric?: readonly IdOf<P>[];
  sendsTo?(process: IdOf<P>): readonly IdOf<P>[];
}

/**
 * A process with id `id`. Its local state, message and durable types come from the behaviour, so
 * that `recover` receives what `durable` returns, and lookups by id (lookup.ts) give this
 * process's local state, not the union of every process's.
 */
export function actor<const Id extends string, L, M, D = unknown>(
  id: Id,
  behaviour: Behaviour<L, M, D>,
): ProcessSpec<L, M, Id> {
  return { id, behaviour };
}

/**
 * The system `build` returns: processes, and properties typed from them. Every property receives
 * ActorState<L, M>, L the union of the processes' local states and M their message type. The
 * processes come first, as their own argument, and are the only source of inference, so that
 * their types are settled before the properties are read: a property made by a generic call
 * (`leadsTo(name, p, q)`) is typed from them, and a handler returning a literal message keeps it.
 */
export function actorSystem<P extends AnyProcess>(
  processes: readonly P[],
  properties: NoInfer<TypedProperties<P>>,
): ActorSystem<LocalOf<P>, MessageOf<P>> {
  // The compiled system calls observe(local, id) with each process's own local and id, the pairing
  // LocalWithId states; the other fields differ from ActorProperties only in narrower id types.
  return { processes, ...(properties as ActorProperties<LocalOf<P>, MessageOf<P>>) };
}

/** Ids `${prefix}${first}` … `${prefix}${first + count − 1}`, typed so that an id of another pattern is a type error. */
export function processIds<const Prefix extends string>(
  prefix: Prefix,
  count: number,
  first = 0,
): readonly `${Prefix}${number}`[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${first + i}` as const);
}
