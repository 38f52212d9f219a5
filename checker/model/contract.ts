// The model contract: what a model author writes, and the only thing the explorer knows of a model.
//
// A model is a *definition* (name, declared parameters, variants, named configurations) plus a
// `build` function that, given parameter values and a variant, returns a *state machine*: pure
// functions over immutable states. Everything nondeterministic — message order, crashes, a random
// choice — is a separate action that the explorer chooses; nothing in a model may read a clock,
// draw a random number, do I/O, or mutate a state it was handed.
//
// States are data: plain objects, arrays, numbers, strings, booleans, null, bigint, native Map/Set
// and Immutable.js List/Map/Set/OrderedMap/OrderedSet/Record/Stack. Two states are the same state
// exactly when their canonical encodings are equal (see checker/encoding): object key order and
// set or map insertion order never matter; list order does. An object property whose value is
// `undefined` counts as absent.
import type { ParamSpecs, ParamValues } from "./params.ts";

/** A named predicate that must hold in every reachable state. */
export interface Invariant<S> {
  readonly name: string;
  /** What the invariant asserts, in one sentence. */
  readonly description?: string;
  holds(state: S): boolean;
  /** Why it fails in this particular state ("r1 committed while r2 aborted"). */
  explain?(state: S): string;
}

/** A model instantiated with parameter values and a variant: what the explorer runs. */
export interface StateMachine<S, A> {
  /** The initial states (at least one). */
  init(): readonly S[];
  /**
   * The candidate actions in a state, as data (a tagged union on `kind` works best). An action
   * whose guard is false may either be left out here or make `next` return null.
   */
  actions(state: S): readonly A[];
  /**
   * The state after `action`, or null when the action is not enabled in `state`. When the action
   * changes nothing, returning `state` itself (rather than an equal copy) is allowed and cheaper:
   * the explorer counts it as generated and knows it is already stored.
   */
  next(state: S, action: A): S | null;
  readonly invariants: readonly Invariant<S>[];
  /**
   * TLC's CONSTRAINT: a state for which this is false is counted as generated but neither stored
   * nor explored. Use it to bound unbounded counters (clocks, ballots).
   */
  constraint?(state: S): boolean;
  /** A state with no enabled action for which this holds is a proper end, not a deadlock. */
  terminal?(state: S): boolean;
  /** How an action reads in a trace; the default is `kind(field=value, …)`. */
  formatAction?(action: A): string;
  /** The process that takes the action, for traces and reports. */
  actorOf?(action: A): string | undefined;
  /**
   * What the step did in terms of processes and messages (actor models fill it in): who
   * received what from whom, what was sent, which fault it was.
   */
  eventOf?(state: S, action: A): StepEvent | null;
}

/** One step of an actor model's trace, as reports draw it. */
export interface StepEvent {
  readonly process: string;
  readonly received: { readonly from: string; readonly to: string; readonly message: unknown } | null;
  readonly sent: readonly { readonly from: string; readonly to: string; readonly message: unknown }[];
  readonly fault: string | null;
}

/** What a configuration is expected to give. */
export type Expectation = (
  { readonly verdict: "holds" } | { readonly verdict: "violated"; readonly violates: string }
) & {
  /** Pinned counts, compared when present (computed by the checker and cross-checked). */
  readonly states?: number;
  readonly depth?: number;
};

/** A named configuration of a model with the verdict expected of it. */
export interface ModelConfig {
  readonly name: string;
  readonly description?: string;
  readonly params?: Readonly<Record<string, number | boolean | string>>;
  /** Defaults to "correct". */
  readonly variant?: string;
  readonly expect: Expectation;
}

/** The definition a model module exports (default export, or a named `model`). */
export interface ModelDefinition<P extends ParamSpecs = ParamSpecs> {
  readonly name: string;
  /** The folder under models/ it belongs to: commit, mutex, election, consensus… */
  readonly family: string;
  readonly description: string;
  readonly params: P;
  /**
   * Broken or alternative variants, name → what is different. The variant "correct" (the
   * algorithm as published) always exists and is the default.
   */
  readonly variants?: Readonly<Record<string, string>>;
  readonly configs?: readonly ModelConfig[];
  /**
   * Options the command line knows but this model cannot honour, with the reason (an actor model
   * without durable state cannot take --restart).
   */
  readonly unsupportedOptions?: Readonly<Record<string, string>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds machines of every state and action type
  build(params: ParamValues<P>, variant: string): StateMachine<any, any>;
}

/** The built-in name of the algorithm as published. */
export const CORRECT_VARIANT = "correct";
