// A sweep: one model checked at every combination of some parameters' values, with each
// measure's extremes gathered across the runs — the claims about averages and growth that one
// run cannot make ("Chang–Roberts sends N·H_N ELECTION messages on average over every
// arrangement of ids"). Each run is an ordinary exhaustive check, resolved as any other; the sweep
// only adds the table.
import type { ModelDefinition } from "../model/contract.ts";
import type { RunRequest } from "../pipeline/request.ts";
import { resolveRun } from "../pipeline/resolve.ts";
import type { Verdict } from "../result.ts";
import { checkResolved } from "../run.ts";
import { type SweepAxis, sweepRuns } from "./axes.ts";
import { type Mean, meanOf } from "./mean.ts";

export interface SweepRun {
  /** The swept parameters' values for this run (the rest are the request's, or the defaults). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly verdict: Verdict;
  /** The violated property, or the limit that stopped the run. */
  readonly detail: string | null;
  readonly distinctStates: number;
  readonly measures: readonly {
    readonly name: string;
    readonly min: number | null;
    readonly max: number | "unbounded" | null;
  }[];
}

/** One measure across the sweep: the lowest minimum, the highest maximum, and their means. */
export interface SweepMeasure {
  readonly name: string;
  /** Runs that measured it (a run that found a violation may not have). */
  readonly runs: number;
  readonly min: { readonly value: number; readonly params: Readonly<Record<string, unknown>> } | null;
  readonly max: {
    readonly value: number | "unbounded";
    readonly params: Readonly<Record<string, unknown>>;
  } | null;
  /** The mean of the runs' minimums, and of their maximums (null when a maximum is unbounded). */
  readonly meanOfMin: Mean | null;
  readonly meanOfMax: Mean | null;
  /** Whether every run's minimum equals its maximum: then one mean says it all. */
  readonly exactPerRun: boolean;
}

/**
 * The measures across the runs that share the values of every axis but the last: with
 * `n=4..7` then `ids=every`, one summary per n, over its arrangements.
 */
export interface SweepSummary {
  /** The other axes' values these runs share (empty for a sweep of one axis). */
  readonly fixed: Readonly<Record<string, unknown>>;
  readonly runs: number;
  readonly measures: readonly SweepMeasure[];
}

export interface SweepResult {
  readonly model: string;
  readonly axes: readonly SweepAxis[];
  /** The runs planned; fewer ran when the sweep was interrupted. */
  readonly planned: number;
  readonly runs: readonly SweepRun[];
  readonly summaries: readonly SweepSummary[];
  readonly interrupted: boolean;
}

export interface SweepHooks {
  readonly signal?: AbortSignal;
  /** Called before each run: its index (from 0), the count planned, and its swept values. */
  readonly onRun?: (index: number, planned: number, params: Readonly<Record<string, unknown>>) => void;
}

/** Checks `definition` at every combination of the axes' values, on top of `request`. */
export async function sweepModel(
  definition: ModelDefinition,
  request: RunRequest,
  axes: readonly SweepAxis[],
  hooks: SweepHooks = {},
): Promise<SweepResult> {
  const combinations = sweepRuns(definition, request, axes);
  // Resolving every run first refuses a bad value before anything is searched.
  const resolved = combinations.map((params) =>
    resolveRun(definition, { ...request, params: { ...(request.params ?? {}), ...params } }),
  );
  const runs: SweepRun[] = [];
  for (let i = 0; i < resolved.length; i++) {
    hooks.onRun?.(i, resolved.length, combinations[i]!);
    if (hooks.signal?.aborted) break;
    const result = await checkResolved(resolved[i]!, { signal: hooks.signal });
    // A run the interrupt cut short is not a figure of the sweep.
    if (result.verdict === "incomplete" && result.limit === "interrupted") break;
    runs.push({
      params: Object.fromEntries(axes.map((a) => [a.param, resolved[i]!.params[a.param]])),
      verdict: result.verdict,
      detail:
        result.verdict === "violated"
          ? result.violation.name
          : result.verdict === "incomplete"
            ? result.limit
            : null,
      distinctStates: result.stats.distinctStates,
      measures: (result.measures ?? []).map((m) => ({
        name: m.name,
        min: m.min?.value ?? null,
        max: m.max?.value ?? null,
      })),
    });
  }
  return {
    model: definition.name,
    axes,
    planned: resolved.length,
    runs,
    summaries: summarise(runs, axes),
    interrupted: runs.length < resolved.length,
  };
}

function summarise(runs: readonly SweepRun[], axes: readonly SweepAxis[]): SweepSummary[] {
  const grouping = axes.slice(0, -1).map((a) => a.param);
  const groups = new Map<string, { fixed: Record<string, unknown>; runs: SweepRun[] }>();
  for (const run of runs) {
    const fixed = Object.fromEntries(grouping.map((p) => [p, run.params[p]]));
    const key = JSON.stringify(fixed);
    const group = groups.get(key) ?? { fixed, runs: [] };
    group.runs.push(run);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ fixed: g.fixed, runs: g.runs.length, measures: gather(g.runs) }));
}

function gather(runs: readonly SweepRun[]): SweepMeasure[] {
  const names = [...new Set(runs.flatMap((r) => r.measures.map((m) => m.name)))];
  return names.map((name) => {
    const figures = runs.flatMap((run) => {
      const m = run.measures.find((x) => x.name === name);
      return m === undefined || m.min === null || m.max === null ? [] : [{ run, min: m.min, max: m.max }];
    });
    let min: SweepMeasure["min"] = null;
    let max: SweepMeasure["max"] = null;
    for (const f of figures) {
      if (min === null || f.min < min.value) min = { value: f.min, params: f.run.params };
      if (max === null || (max.value !== "unbounded" && (f.max === "unbounded" || f.max > max.value)))
        max = { value: f.max, params: f.run.params };
    }
    const bounded = figures.every((f) => f.max !== "unbounded");
    return {
      name,
      runs: figures.length,
      min,
      max,
      meanOfMin: figures.length === 0 ? null : meanOf(figures.map((f) => f.min)),
      meanOfMax: figures.length === 0 || !bounded ? null : meanOf(figures.map((f) => f.max as number)),
      exactPerRun: figures.every((f) => f.min === f.max),
    };
  });
}
