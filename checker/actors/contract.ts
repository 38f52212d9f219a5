// The actor vocabulary: processes with local state and message handlers, over a network whose
// semantics the model chooses, with faults the explorer injects within budgets. An actor model
// compiles into the ordinary model contract (checker/actors/compile.ts), so every search, limit
// and report works on it unchanged.
//
// Handlers are pure and run atomically: given a process's local state and an event (start, a
// message, a timer), they return the new local state and, through the context, the messages they
// send and the timers they set or cancel. Which message is delivered next, which timer fires, and
// every fault is an action the explorer chooses.
import type { Measure } from "../measures/contract.ts";
import type { DomainView } from "../model/drawing.ts";
import type { Fairness, Invariant, LivenessProperty, ModelConfig, VariantName } from "../model/contract.ts";
import type { Envelope } from "../model/step-event.ts";

export type { Envelope } from "../model/step-event.ts";
import type { EnumParam, IntParam, ParamSpecs, ParamValues } from "../model/params.ts";

export type NetworkKind = "unordered" | "fifo" | "duplicating";
export const NETWORK_KINDS: readonly NetworkKind[] = ["unordered", "fifo", "duplicating"];

/** What a handler may do besides returning its new local state. */
export interface ProcessContext<M> {
  /** This process's id. */
  readonly self: string;
  /** Every process's id, this one included, in declaration order. */
  readonly processes: readonly string[];
  send(to: string, message: M): void;
  /** Sends to every other process (and to itself too with `includeSelf`). */
  broadcast(message: M, options?: { readonly includeSelf?: boolean }): void;
  /** Arms a named timer; the explorer may fire it at any later step. Arming it again changes nothing. */
  setTimer(name: string): void;
  cancelTimer(name: string): void;
}

/**
 * What one process does. `D` is what survives a crash: the type `durable` returns and `recover`
 * receives, so that a restart reads its log without a cast.
 *
 * Where the types are inferred (`actor(id, behaviour)`), the local state's type is read from the
 * handlers' `local` parameters, never from what they return: a returned literal would widen
 * (`{ vote: "yes" }` to `{ vote: string }`) and then contradict the declared type.
 */
export interface Behaviour<L, M, D = unknown> {
  /** The local state at start; may send messages and set timers. */
  start(ctx: ProcessContext<M>): NoInfer<L>;
  /** A message from `from` arrives. Returning `local` itself means nothing changed. */
  onMessage(local: L, message: M, from: string, ctx: ProcessContext<M>): NoInfer<L>;
  onTimer?(local: L, timer: string, ctx: ProcessContext<M>): NoInfer<L>;
  /**
   * Crash-recover: the part of the local state that survives a crash. A model that declares it
   * (with `recover`) may be run with --restart.
   */
  durable?(local: L): D;
  /** The local state after a restart, from what survived; may send and set timers. */
  recover?(durable: D, ctx: ProcessContext<M>): NoInfer<L>;
}

/**
 * A process: its id and behaviour. `Id` is the id's type: a literal ("TM"), a pattern (`P${number}`,
 * from processIds) or string; lookups by id (checker/actors/lookup.ts) check ids against it.
 */
export interface ProcessSpec<L, M, Id extends string = string> {
  readonly id: Id;
  readonly behaviour: Behaviour<L, M>;
}

/** The global state of an actor system: plain data, so it encodes canonically. */
export interface ActorState<L, M> {
  /** Local states, in process declaration order. */
  readonly locals: readonly L[];
  readonly up: readonly boolean[];
  /** Armed timers per process, sorted. */
  readonly timers: readonly (readonly string[])[];
  /** Messages in flight, under keys that make equal networks equal whatever the order of sends. */
  readonly network: ReadonlyMap<string, NetworkEntry<M>>;
  /** While a partition stands: each process's side (process 0's side is `true`); else null. */
  readonly cut: readonly boolean[] | null;
  /** Faults used so far, against their budgets. */
  readonly used: FaultCounts;
  /** Byzantine processes (indexes) and the messages they have forged. */
  readonly byzantine: readonly number[];
}

/** The field of an actor state that holds the messages in flight: traces write it from the events. */
export const NETWORK_FIELD = "network" satisfies keyof ActorState<unknown, unknown>;

export type NetworkEntry<M> =
  | { readonly from: string; readonly to: string; readonly message: M; readonly copies: number }
  | { readonly from: string; readonly to: string; readonly queue: readonly M[] };

export interface FaultCounts {
  readonly drop: number;
  readonly duplicate: number;
  readonly crash: number;
  readonly restart: number;
  readonly partition: number;
  readonly forge: number;
}

export type FaultKind = keyof FaultCounts;

/** What the explorer can do to an actor system. */
export type ActorAction<M = unknown> =
  | { readonly kind: "deliver"; readonly key: string; readonly envelope: Envelope<M> }
  | { readonly kind: "timer"; readonly process: number; readonly timer: string }
  | { readonly kind: "drop"; readonly key: string; readonly envelope: Envelope<M> }
  | { readonly kind: "duplicate"; readonly key: string; readonly envelope: Envelope<M> }
  | { readonly kind: "crash"; readonly process: number }
  | { readonly kind: "restart"; readonly process: number }
  | { readonly kind: "partition"; readonly side: readonly boolean[] }
  | { readonly kind: "heal" }
  | { readonly kind: "forge"; readonly process: number; readonly to: number; readonly message: M };

/** A model's actor system for given parameter values and variant. */
export interface ActorSystem<L, M> extends ActorProperties<L, M> {
  readonly processes: readonly ProcessSpec<L, M>[];
}

/** Everything of an actor system but its processes: what it checks, and how it is shown and reduced. */
export interface ActorProperties<L, M> {
  /** Named invariants; `atEnd` ones are checked only where no step is enabled. */
  readonly invariants: readonly Invariant<ActorState<L, M>>[];
  /** Liveness properties (checker/liveness/properties.ts), checked on every fair behaviour. */
  readonly liveness?: readonly LivenessProperty<ActorState<L, M>>[];
  /**
   * Quantities measured over every execution (checker/measures/contract.ts); `messagesSent`
   * (checker/measures/messages.ts) counts what the handlers sent, from each step's event.
   */
  readonly measures?: readonly Measure<ActorState<L, M>, ActorAction<M>>[];
  /**
   * The fairness liveness assumes. Default: the delivery of each message in flight is weakly fair
   * (family "delivery"; not at all when the network may drop messages) and so is each armed timer
   * (family "timers"); faults are never forced.
   */
  readonly fairness?: readonly Fairness<ActorAction>[];
  /** A state with nothing enabled that is a proper end (for example, everyone decided). */
  terminal?(state: ActorState<L, M>): boolean;
  /** TLC's CONSTRAINT, over the global state. */
  constraint?(state: ActorState<L, M>): boolean;
  formatMessage?(message: M): string;
  /** The model's own picture of a global state for HTML reports (StateMachine.view). */
  view?(state: ActorState<L, M>): DomainView;
  /** Processes that may crash under --crash (ids); default every process. */
  readonly mayCrash?: readonly string[];
  /** What a Byzantine process may send to `to` under --byzantine; none declared: --byzantine is refused. */
  byzantineMessages?(from: string, to: string): readonly M[];
  /**
   * The processes each process may send to (the communication topology); default: every
   * process. A send outside it is a model error. Partial-order reduction uses it: a process
   * nobody else sends to cannot be raced by a new message.
   */
  sendsTo?(process: string): readonly string[];
  /**
   * What of a process's local state the invariants and the constraint read. Declaring it
   * promises that they read the state only through it (and through `up`, `used`, `cut`,
   * `byzantine`, which steps of the processes never change), never the network, timers or the
   * rest of a local state; partial-order reduction then treats a step that leaves it unchanged
   * as invisible. Undeclared, with invariants or a constraint, partial-order reduction is off.
   */
  observe?(local: L, process: string): unknown;
  /**
   * Interchangeable processes (ids) for --symmetry: same behaviour up to renaming, and process
   * ids inside local states and messages are renamed with them. Keep ids in sets, not in
   * sorted lists, so that a renamed state is one the model itself would build.
   */
  readonly symmetric?: readonly string[];
}

/** An actor model: its own parameters, variants, configurations, and the network it runs on. */
export interface ActorModelDefinition<
  P extends ParamSpecs,
  S extends AnyActorSystem = AnyActorSystem,
  V extends string = string,
> {
  readonly name: string;
  readonly family: string;
  readonly description: string;
  readonly params: P;
  /** The network semantics the algorithm assumes; --network overrides it. */
  readonly network: NetworkKind;
  /** Broken or alternative variants, name → what is different; "correct" always exists. */
  readonly variants?: Readonly<Record<V, string>>;
  readonly configs?: readonly ModelConfig<NoInfer<V>>[];
  /** Whether processes declare durable state, so that --restart means something. */
  readonly recoverable?: boolean;
  /** Whether the system declares Byzantine messages, so that --byzantine means something. */
  readonly byzantine?: boolean;
  /** The system for parameter values (the model's own, and the network and fault budgets) and a variant. */
  build(params: ActorParamValues<P>, variant: VariantName<NoInfer<V>>): S;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds systems of every local state and message type
export type AnyActorSystem = ActorSystem<any, any>;

/** The parameters every actor model has besides its own: the network and the fault budgets. */
export type ActorParamSpecs = {
  readonly network: EnumParam<NetworkKind>;
  readonly drop: IntParam;
  readonly duplicate: IntParam;
  readonly crash: IntParam;
  readonly partitions: IntParam;
};

export type WithActorParams<P extends ParamSpecs> = P & ActorParamSpecs;

/** What `build` receives: `restart` only in models that declare `recoverable`, `byzantine` only with `byzantine`. */
export type ActorParamValues<P extends ParamSpecs> = ParamValues<WithActorParams<P>> & {
  readonly restart?: boolean;
  readonly byzantine?: number;
};
