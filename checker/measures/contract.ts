// Measures: quantities the checker computes over every execution of a model, as it checks
// invariants over every state — "messages per critical-section entry", "ELECTION messages per
// election". A model declares each as a cost that a step adds and a scope that says over which
// stretch of an execution the cost is summed; the checker reports the minimum and the maximum over
// every such stretch in the state graph, each with a shortest witness trace, or `unbounded` with a
// lasso where a cycle adds to the cost.
//
// Semantics (checker/measures/extremes.ts computes them):
// - An *occurrence* of key k runs from a step that opens k to the next step that closes k, both
//   included (or, for a scope that declares no `closes`, to the end of its execution). Its value is the sum, over those steps, of the cost attributed to k. A cost that is a
//   number counts for every key; a cost given per key ("a REPLY sent to P1 counts for P1") counts
//   only for the keys it names.
// - Scope "execution" (the default) has one occurrence per complete execution: opened at an
//   initial state, closed at an end state (a state with no enabled action: terminal, or a deadlock).
//   Its value starts at what the initial state adds (`initial`), then sums the steps' costs.
// - Costs are non-negative. Measuring never changes what is explored: the state graph is the
//   model's; a measure only labels its edges.
import type { StepEvent } from "../model/step-event.ts";

/** One step as a measure sees it. `event` is the actor layer's step event (null for other models). */
export interface MeasuredStep<S, A> {
  readonly from: S;
  readonly action: A;
  readonly to: S;
  readonly event: StepEvent | null;
}

/** What a step adds: a number (for every open occurrence), or an amount per key. */
export type StepCost = number | ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** Keys a step opens or closes: one, several, or none (null or []). */
export type StepKeys = string | readonly string[] | null;

/** Occurrences between two events of an execution, one per key (a process, a ballot …). */
export interface OccurrenceScope<S, A> {
  /** What an occurrence is, in words ("from a process's request to its exit"). */
  readonly description?: string;
  /** The keys of the occurrences this step opens ("P1" when P1 requests). */
  opens(step: MeasuredStep<S, A>): StepKeys;
  /**
   * The keys of the occurrences this step closes ("P1" when P1 leaves the critical section).
   * Undeclared: an occurrence runs to the end of its execution (an end state), which is how a
   * request's messages are counted when some of them may be sent after the requester moved on.
   */
  closes?(step: MeasuredStep<S, A>): StepKeys;
}

export interface Measure<S, A> {
  /** A name of its own among the model's measures ("messagesPerEntry"). */
  readonly name: string;
  /** What it counts, in one sentence. */
  readonly description?: string;
  cost(step: MeasuredStep<S, A>): StepCost;
  /**
   * What an initial state adds to the executions that start from it (scope "execution" only; an
   * occurrence opens at a step): for actor models, the messages the processes sent as they
   * started, in flight in the initial state. `event` is the initial state's step event.
   */
  initial?(state: S, event: StepEvent | null): number;
  /** Default "execution": from an initial state to an end state. */
  readonly scope?: "execution" | OccurrenceScope<S, A>;
}

/**
 * What a configuration expects of a measure: exact figures (`{ min: 6, max: 6 }`), a bound on the
 * maximum (`max: "≤ 12"`, also written "<= 12"), or "unbounded". Each part is compared when given.
 */
export interface MeasureExpectation {
  readonly min?: number;
  readonly max?: number | "unbounded" | `≤ ${number}` | `<= ${number}`;
}
