// What a run reports of each measure: the minimum and the maximum over every occurrence in the
// state graph, each with a replayed witness trace, and what the figures cover.
import type { TraceStep } from "../trace/trace-step.ts";

export interface MeasureWitness<S = unknown, A = unknown> {
  /** From an initial state; a lasso's loop repeats from `loopStart` to the end. */
  readonly trace: readonly TraceStep<S, A>[];
  readonly loopStart: number | null;
  /** The trace index of the state the occurrence starts from (its opening step leaves it). */
  readonly from: number;
  /** The key of the occurrence ("P1"), null for scope "execution". */
  readonly key: string | null;
}

export interface MeasureExtreme<S = unknown, A = unknown> {
  readonly value: number | "unbounded";
  readonly witness: MeasureWitness<S, A>;
}

export interface MeasureResult<S = unknown, A = unknown> {
  readonly name: string;
  readonly description?: string;
  readonly scope: "execution" | "occurrence";
  /** Occurrences found: opening steps (scope "occurrence") or initial states ("execution"). */
  readonly occurrences: number;
  /** Null when no occurrence completes in the state graph. */
  readonly min: (MeasureExtreme<S, A> & { readonly value: number }) | null;
  readonly max: MeasureExtreme<S, A> | null;
  /** Per key (scope "occurrence"): its own minimum and maximum. */
  readonly byKey?: Readonly<
    Record<string, { readonly min: number | null; readonly max: number | "unbounded" | null }>
  >;
  /**
   * What the figures do not cover, in words, when anything: executions the model's constraint cut
   * short, a search stopped by a limit, a separate search run for the measures.
   */
  readonly notes: readonly string[];
}
