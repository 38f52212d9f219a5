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
import type { Measure, MeasureExpectation } from "../measures/contract.ts";
import type { DomainView } from "./drawing.ts";
import type { ParamSpecs, ParamValues } from "./params.ts";
import type { StepEvent } from "./step-event.ts";

export type { Envelope, EventMessage, StepEvent, StepFault } from "./step-event.ts";

/** A named predicate that must hold in every reachable state. */
export interface Invariant<S> {
  readonly name: string;
  /** What the invariant asserts, in one sentence. */
  readonly description?: string;
  holds(state: S): boolean;
  /** Why it fails in this particular state ("r1 committed while r2 aborted"). */
  explain?(state: S): string;
  /**
   * For partial-order reduction on a model that declares footprints: the variables (names as
   * in `footprint`) this invariant reads. Undeclared means it may read every variable, which
   * makes every action that writes anything visible, and the reduction can prune nothing.
   */
  readonly reads?: readonly string[];
  /**
   * Checked only in end states (no action enabled), as a property of finished runs ("every
   * request cost 2(N − 1) messages"). Partial-order reduction keeps every end state, so such an
   * invariant does not make steps visible.
   */
  readonly atEnd?: boolean;
}

/**
 * What an action may read and write, named by variables of the model's choosing ("tmState",
 * "rmState.r1", "msgs"). Reads include everything the action's guard looks at. Two actions are
 * independent when neither writes what the other reads or writes; partial-order reduction
 * explores only some orders of independent actions. Over-approximating is safe (it prunes
 * less); leaving out a variable an action touches makes the reduction unsound.
 */
export interface Footprint {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/**
 * Interchangeable elements (processes or values, numbered 0..size − 1) of a symmetric model:
 * renaming them maps reachable states to reachable states, actions to actions, and leaves
 * every invariant's verdict unchanged. Symmetry reduction stores one representative per orbit.
 */
export interface Symmetry<S, A> {
  /** What is interchangeable, in words ("resource managers"). */
  readonly description: string;
  readonly size: number;
  /** The state with element i renamed to perm[i], for every i (everywhere it occurs). */
  permute(state: S, perm: readonly number[]): S;
  /** The action with element i renamed to perm[i]: turns a trace over representatives back into the run. */
  permuteAction(action: A, perm: readonly number[]): A;
  /**
   * Optional, for speed and for groups larger than 7: what the state says about element i
   * that does not depend on the names of the other elements, so that
   * signature(permute(s, perm), perm[i]) equals signature(s, i). Elements are ordered by it
   * before the few remaining orders are tried.
   */
  signature?(state: S, element: number): string;
}

/**
 * A model's own persistent-set computation for partial-order reduction (the actor layer
 * supplies one). Given a state, its candidate actions and their successors (null: not
 * enabled), returns the indexes of the actions to explore, or null to explore every enabled
 * one. What it returns must be a persistent set of invisible actions (see
 * checker/reductions/partial-order.ts); the explorer adds the cycle proviso.
 */
export interface PartialOrder<S, A> {
  /** Why the reduction cannot run on this model as built, or null when it can. */
  readonly unavailable: string | null;
  ample(state: S, actions: readonly A[], successors: readonly (S | null)[]): readonly number[] | null;
}

/** The four temporal forms a liveness property takes (checker/liveness/properties.ts builds them). */
export type LivenessKind = "eventually" | "leadsTo" | "alwaysEventually" | "eventuallyAlways";

/**
 * A named temporal property of every fair behaviour: ◇p (eventually), □(p ⇒ ◇q) (leadsTo),
 * □◇p (alwaysEventually) or ◇□p (eventuallyAlways). A behaviour that ends in a state where
 * nothing fair is enabled stutters there forever, as in TLA+.
 */
export interface LivenessProperty<S> {
  readonly name: string;
  readonly kind: LivenessKind;
  /** What the property promises, in one sentence. */
  readonly description?: string;
  /** p: what must eventually hold (or, for leadsTo, the trigger). */
  p(state: S): boolean;
  /** leadsTo only: what must follow the trigger. */
  q?(state: S): boolean;
  /** Why it fails, given the state where the counterexample's loop starts. */
  explain?(state: S): string;
}

/**
 * A fairness assumption over a family of actions: each group (the key `group` gives an action;
 * null: not in this family) is weakly fair (taken infinitely often if continuously enabled from
 * some point on) or strongly fair (taken infinitely often if enabled infinitely often).
 */
export interface Fairness<A> {
  /** The family's name, used by --fairness NAME=weak|strong|none. */
  readonly name: string;
  readonly kind: "weak" | "strong";
  readonly description?: string;
  group(action: A): string | null;
}

// A state machine is one flat object, `{ init, actions, next, invariants, footprint, … }`, but its
// members fall into a core every model writes and optional facets, each declared only when the
// model wants what the facet buys. The facets are typed apart so that a model author reads what
// each is for and what breaks when it lies, and so that engine code that needs one facet takes
// only that one.

/**
 * The semantics of a model: its initial states, its actions, the state after each, and what must
 * hold. This is all the explorer needs to check safety; everything else is optional.
 */
export interface MachineCore<S, A> {
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
}

/**
 * Hints that let the explorer visit fewer states for the same verdicts: partial-order reduction
 * (`footprint` with `constraintReads`, or a `partialOrder` of the model's own) and symmetry
 * reduction (`symmetry`). Declare them when a configuration is too large to check in full, and pin
 * the state counts with and without them in the model's spec. The explorer takes them on trust: a
 * footprint that leaves out a variable an action touches, or a symmetry that does not map
 * reachable states to reachable states, makes the reduced search miss states, and a violation can
 * go unreported. Left out, every reduction is off and nothing is lost but time.
 */
export interface ReductionHints<S, A> {
  /**
   * Partial-order reduction for guarded actions: the variables each action reads and writes.
   * With it declared, `actions(state)` must list the same candidate actions in every state
   * (`next` returns null for those not enabled), so that actions not enabled yet are known too.
   */
  footprint?(action: A): Footprint;
  /** With `footprint`: the variables `constraint` reads (undeclared: all of them). */
  readonly constraintReads?: readonly string[];
  /** A persistent-set computation of the model's own (the actor layer's). */
  readonly partialOrder?: PartialOrder<S, A>;
  /** Interchangeable processes or values, for --symmetry. */
  readonly symmetry?: Symmetry<S, A>;
}

/**
 * Properties of infinite behaviours ("every request is eventually granted") and the fairness they
 * assume. Declare them when the algorithm promises progress; a model without them is checked for
 * safety and deadlock only. Fairness is an assumption, not a check: declaring an action family
 * fair that the algorithm's environment does not make fair hides real counterexamples, and
 * declaring too little gives counterexamples where a process merely stops.
 */
export interface LivenessFacet<S, A> {
  /** Liveness properties, checked on every fair behaviour. */
  readonly liveness?: readonly LivenessProperty<S>[];
  /** The fairness the liveness properties assume; none declared: no action is ever forced. */
  readonly fairness?: readonly Fairness<A>[];
}

/**
 * How traces and reports show the model: nothing here changes a verdict or a count. Declare what
 * makes a counterexample readable. A presentation that lies misleads a reader, not the checker:
 * an `eventOf` that names the wrong message draws the wrong arrow in a report, and a `view` that
 * leaves out a variable hides what differs between two states.
 */
export interface Presentation<S, A> {
  /** How an action reads in a trace; the default is `kind(field=value, …)`. */
  formatAction?(action: A): string;
  /** The process that takes the action, for traces and reports. */
  actorOf?(action: A): string | undefined;
  /**
   * What led to `state` in terms of processes and messages (actor models fill it in): `from` is
   * the step that reached it, null for an initial state. Traces, reports and ITF read the event
   * rather than the state, so that only the model knows how its messages are stored.
   */
  eventOf?(state: S, from: { readonly state: S; readonly action: A } | null): StepEvent | null;
  /** The model's own picture of a state, for HTML reports. */
  view?(state: S): DomainView;
}

/**
 * Quantities measured over every execution (checker/measures/contract.ts): declare them for the
 * costs a protocol promises ("3(N − 1) messages per entry"). The run reports each one's minimum
 * and maximum with a replayed witness trace; measuring never changes what is explored. A cost that
 * reads something outside the step it is given makes the witnesses fail to replay to their figure,
 * which the run reports as the model's error.
 */
export interface MeasuresFacet<S, A> {
  readonly measures?: readonly Measure<S, A>[];
}

/** A model instantiated with parameter values and a variant: what the explorer runs. */
export type StateMachine<S, A> = MachineCore<S, A> &
  ReductionHints<S, A> &
  LivenessFacet<S, A> &
  Presentation<S, A> &
  MeasuresFacet<S, A>;

/** What a configuration is expected to give. */
export type Expectation = (
  { readonly verdict: "holds" } | { readonly verdict: "violated"; readonly violates: string }
) & {
  /**
   * Pinned counts, compared when present (computed by the checker and cross-checked): distinct
   * states and depth of the full search, without reductions.
   */
  readonly states?: number;
  readonly depth?: number;
  /** Distinct states with the reductions the run uses by default (partial-order reduction on). */
  readonly reducedStates?: number;
  /** Expected figures of the model's measures, by name: `{ messagesPerEntry: { min: 6, max: 6 } }`. */
  readonly measures?: Readonly<Record<string, MeasureExpectation>>;
};

/**
 * The variants a model declares, plus "correct": what `build` receives and a configuration may
 * name. A model's declared variants type its configurations, so a misspelt name is a type error.
 */
export type VariantName<V extends string> = V | typeof CORRECT_VARIANT;

/** A named configuration of a model with the verdict expected of it. */
export interface ModelConfig<V extends string = string> {
  readonly name: string;
  readonly description?: string;
  readonly params?: Readonly<Record<string, number | boolean | string>>;
  /** One of the model's variants; defaults to "correct". */
  readonly variant?: VariantName<V>;
  /**
   * False to run it as with --no-deadlock: for a configuration about a liveness property whose
   * counterexample ends where nothing is enabled (which would otherwise be reported as a deadlock).
   */
  readonly checkDeadlock?: boolean;
  /**
   * The reductions and checks it runs with unless the command line (or the request) says
   * otherwise, as a TLC .cfg declares SYMMETRY: a large configuration that finishes only reduced
   * declares `symmetry: true`, or `liveness: false` so that partial-order reduction can run.
   */
  readonly por?: boolean;
  readonly symmetry?: boolean;
  readonly liveness?: boolean;
  /** False to run without measuring the model's measures (a large reduced run, say). */
  readonly measures?: boolean;
  readonly expect: Expectation;
}

/** The definition a model module exports (default export, or a named `model`). */
export interface ModelDefinition<P extends ParamSpecs = ParamSpecs, V extends string = string> {
  readonly name: string;
  /** The folder under models/ it belongs to: commit, mutex, election, consensus… */
  readonly family: string;
  readonly description: string;
  readonly params: P;
  /**
   * Broken or alternative variants, name → what is different. The variant "correct" (the
   * algorithm as published) always exists and is the default.
   */
  readonly variants?: Readonly<Record<V, string>>;
  readonly configs?: readonly ModelConfig<NoInfer<V>>[];
  /**
   * Options the command line knows but this model cannot honour, with the reason (an actor model
   * without durable state cannot take --restart).
   */
  readonly unsupportedOptions?: Readonly<Record<string, string>>;
  /**
   * The parameters a variant reads, when it reads only some (a model with a variant that is
   * another machine, checker/model/with-variant.ts): results and reproduce commands show these.
   */
  paramsOf?(variant: VariantName<NoInfer<V>>): readonly string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds machines of every state and action type
  build(params: ParamValues<P>, variant: VariantName<NoInfer<V>>): StateMachine<any, any>;
}

/** The built-in name of the algorithm as published. */
export const CORRECT_VARIANT = "correct";
