// The one result type of every search strategy; its JSON form (`--json FILE`) is in result-json.ts
// and described in docs/architecture.md, "The result JSON".
// A result is a tagged union on `verdict`: each member carries exactly the fields it has.
import type { MeasureResult } from "./measures/result.ts";
import type { TraceStep } from "./trace/trace-step.ts";

export type { TraceStep } from "./trace/trace-step.ts";

export type Strategy = "bfs" | "dfs" | "random";

export interface RunOptions {
  readonly por: boolean;
  readonly symmetry: boolean;
  readonly strategy: Strategy;
  /** Worker threads that searched (1: this thread alone). */
  readonly workers: number;
  /** Why fewer workers ran than were asked for. */
  readonly workersNote?: string;
  /** The liveness properties checked, when any were. */
  readonly liveness?: readonly string[];
  /** The fairness they were checked under: family name → weak or strong. */
  readonly fairness?: Readonly<Record<string, "weak" | "strong">>;
}

/** TLC-style estimates of the chance that a fingerprint collision made the search skip a state. */
export interface CollisionEstimate {
  /** n·(g − n) / 2^64 for n distinct states and g generated: assumes fingerprints are uniform. */
  readonly optimistic: number;
  /** 1 / (smallest gap between two stored fingerprints), when the store was small enough to sort. */
  readonly fromFingerprints: number | null;
}

export interface Stats {
  readonly distinctStates: number;
  /** Initial states plus every successor computed, duplicates included (TLC's "generated"). */
  readonly generatedStates: number;
  /**
   * The deepest state reached, counted in states along its path, an initial state at depth 1 (TLC's
   * convention, and a trace's): for BFS the longest shortest path, and for a BFS violation its
   * trace's length; for DFS the deepest stack; for random walks the longest walk.
   */
  readonly depth: number;
  readonly seconds: number;
  /** Distinct states per second of search. */
  readonly statesPerSecond: number;
  readonly storeBytesPerState: number;
  readonly peakMemoryBytes: number;
  readonly reductions: ReductionLedger;
  readonly collisionProbability: CollisionEstimate;
}

/** What a reduction did in a run, or why it did not run. */
export type ReductionEntry<Figures> =
  ({ readonly active: true } & Figures) | { readonly active: false; readonly reason: string };

/** `stats.reductions`: the reduction ledger of a run. */
export interface ReductionLedger {
  readonly partialOrder?: ReductionEntry<{
    /** States whose expansion left at least one enabled action out. */
    readonly reducedStates: number;
    /** Enabled actions (transitions) left out of those expansions. */
    readonly prunedTransitions: number;
    /** Reduced expansions turned full by the cycle proviso. */
    readonly provisoExpansions: number;
  }>;
  readonly symmetry?: ReductionEntry<{
    /** Successors replaced by another member of their orbit. */
    readonly renamedStates: number;
    /** States given an exact canonical representative, and a sound but inexact one. */
    readonly exact: number;
    readonly approximate: number;
  }>;
  /** With --por-audit: the same run without reductions. */
  readonly audit?: ReductionAudit;
}

export interface ReductionAudit {
  readonly agrees: boolean;
  readonly unreducedVerdict: "holds" | "violated" | "incomplete";
  readonly unreducedStates: number;
  /** "invariant mutualExclusion", "deadlock deadlock"…; null unless the unreduced run found one. */
  readonly unreducedFinding: string | null;
}

export type ViolationKind = "invariant" | "deadlock" | "liveness" | "model-error";

export interface Violation<S = unknown, A = unknown> {
  readonly kind: ViolationKind;
  readonly name: string;
  readonly message: string;
  readonly trace: readonly TraceStep<S, A>[];
  /** For liveness lassos: the trace repeats from here forever. */
  readonly loopStart: number | null;
  /** For actor models: how many of each fault the trace used. */
  readonly faults?: Readonly<Record<string, number>>;
}

/** Why a search stopped before it was exhaustive. */
export type Limit = "max-states" | "max-depth" | "time-limit" | "interrupted" | "memory" | "random-walks";

/** What reproduces a random simulation (checker/simulate.ts), fast-check style. */
export interface SimulationInfo {
  readonly seed: number;
  readonly runs: number;
  /** Steps per walk. */
  readonly maxDepth: number;
  /** fast-check's path to the shrunk counterexample; null when no walk failed. */
  readonly path: string | null;
}

export interface ResultBase {
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly config: string | null;
  readonly variant: string;
  readonly options: RunOptions;
  readonly stats: Stats;
  /** Present on the results of random simulation. */
  readonly simulation?: SimulationInfo;
  /** The model's measures over every execution (checker/measures), when it declares any. */
  readonly measures?: readonly MeasureResult[];
}

export type CheckResult<S = unknown, A = unknown> =
  | (ResultBase & { readonly verdict: "holds" })
  | (ResultBase & { readonly verdict: "violated"; readonly violation: Violation<S, A> })
  | (ResultBase & { readonly verdict: "incomplete"; readonly limit: Limit; readonly reason: string });

export type Verdict = CheckResult["verdict"];
