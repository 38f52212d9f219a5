// What a run is asked for, as data: the one request type that exhaustive search, random walks, the
// command line (which parses its flags into one) and the vitest helpers all hand to `resolveRun`.
// Every field is optional; an absent field means "the configuration's choice, else the default".
// The engine names these fields, never the command line's flags, in what it says (errors, reasons,
// notes): it writes a setting as `{ maxStates: 10 }`, and the command line, which translates
// (checker/pipeline/command.ts), prints `--max-states 10` (see ./setting.ts).
import type { Strategy } from "../result.ts";

export type FairnessOverride = "weak" | "strong" | "none";

export interface RunRequest {
  /** A declared configuration to start from. */
  readonly config?: string;
  /** Defaults to the configuration's variant, else "correct". */
  readonly variant?: string;
  /** Parameter values; strings are parsed as on the command line. Override a config's values. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** bfs (the default), dfs, or random walks. */
  readonly strategy?: Strategy;
  readonly maxStates?: number;
  /** Search: do not expand states at this depth. Random walks: steps per walk (default 100). */
  readonly maxDepth?: number;
  readonly timeLimitSeconds?: number;
  /** Stop with verdict `incomplete` (limit `memory`) when the process uses more than this. */
  readonly memoryLimitBytes?: number;
  /** Report states with no enabled action as deadlocks (default true), as TLC does. */
  readonly checkDeadlock?: boolean;
  /** Partial-order reduction, where the model allows it (default true). */
  readonly por?: boolean;
  /** Symmetry reduction, where the model declares a symmetry (default false). */
  readonly symmetry?: boolean;
  /** Check the model's liveness properties (default true; they turn the reductions off). */
  readonly liveness?: boolean;
  /**
   * Runs the configuration again with every reduction off and compares: the result then holds
   * `audit`, and a difference is reported as a violation of the reductions themselves.
   */
  readonly audit?: boolean;
  /** Measure the model's measures (default true; checker/measures). */
  readonly measures?: boolean;
  /** Fairness family name → its kind for this run, or "none" to drop it. */
  readonly fairness?: Readonly<Record<string, FairnessOverride>>;
  /** Worker threads for a breadth-first search (default 1); see `CheckHooks.modelModule`. */
  readonly workers?: number;
  /** Random walks: fast-check's seed; a random 32-bit one when absent, always reported. */
  readonly seed?: number;
  /** Random walks: how many (default 1000). */
  readonly runs?: number;
  /** Random walks: fast-check's counterexample path, which with the same seed and depth replays that walk. */
  readonly path?: string;
}

/** The fields of a request, in the order the command line writes them. */
export const REQUEST_FIELDS = [
  "config",
  "variant",
  "params",
  "strategy",
  "maxStates",
  "maxDepth",
  "timeLimitSeconds",
  "memoryLimitBytes",
  "checkDeadlock",
  "por",
  "symmetry",
  "liveness",
  "audit",
  "measures",
  "fairness",
  "workers",
  "seed",
  "runs",
  "path",
] as const satisfies readonly (keyof RunRequest)[];
