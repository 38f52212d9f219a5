// Measures in a run: recorded by the run's own search when it explores the whole state graph on one
// thread, or else by a search of their own without reductions (a reduced graph could hide an
// extreme: partial-order reduction keeps one order of independent steps, and the costliest order
// may be one it left out). Either way the run's own counts and verdict are the same with measures
// as without.
import type { StateMachine } from "../model/contract.ts";
import { setting } from "../pipeline/setting.ts";
import { breadthFirst } from "../search/bfs.ts";
import { Exploration, type SearchLimits, type SearchObserver } from "../search/exploration.ts";
import { Pacer } from "../search/pacer.ts";
import type { StateStore } from "../store/state-store.ts";
import type { Measure } from "./contract.ts";
import { computeMeasures, WitnessDiverged } from "./measure.ts";
import { MeasureRecorder } from "./record.ts";
import type { MeasureResult } from "./result.ts";

/** The measures' figures, or why they could not be given (the model's error). */
export type Measured<S, A> =
  | { readonly kind: "measured"; readonly results: MeasureResult<S, A>[] }
  | {
      readonly kind: "failed";
      readonly name: "measure-error" | "nondeterministic-model";
      readonly message: string;
    };

export const SEPARATE_SEARCH_NOTE =
  "measured by a search of its own without reductions, since a reduced state graph could hide an extreme";

export const BESIDE_PARALLEL_NOTE = `measured by a search of its own on one thread, since the run's search was planned for several (with ${setting("workers", 1)} the run's own search measures)`;

/** Figures from a recorder the run's search filled. */
export function measuredFrom<S, A>(
  recorder: MeasureRecorder<S, A>,
  store: StateStore,
  machine: StateMachine<S, A>,
  notes: readonly string[],
): Measured<S, A> {
  if (recorder.failure !== null) return { kind: "failed", name: "measure-error", message: recorder.failure };
  try {
    return { kind: "measured", results: computeMeasures(recorder, store, machine, notes) };
  } catch (error) {
    if (error instanceof WitnessDiverged)
      return { kind: "failed", name: "nondeterministic-model", message: error.message };
    throw error;
  }
}

/** Figures from a search of their own: breadth-first, without reductions, within the run's limits. */
export async function measureSeparately<S, A>(
  machine: StateMachine<S, A>,
  measures: readonly Measure<S, A>[],
  limits: SearchLimits,
  signal: AbortSignal | undefined,
  why: string,
): Promise<Measured<S, A>> {
  const recorder = new MeasureRecorder(machine, measures);
  const exploration = new Exploration(
    machine,
    { ...limits, checkDeadlock: false },
    { partialOrder: null, symmetry: null, observer: recorder },
  );
  await breadthFirst(
    exploration,
    new Pacer(limits.timeLimitSeconds, signal, undefined, limits.memoryLimitBytes),
  );
  const notes = [why];
  if (exploration.stoppedBy !== null)
    notes.push(`its search stopped (${exploration.stoppedBy}): the figures are over the states it explored`);
  if (exploration.finding !== null) {
    notes.push(
      `its search found ${exploration.finding.kind === "deadlock" ? "a deadlock" : exploration.finding.name}, which the reduced search did not (${setting("audit", true)} compares the two): the figures are over the states before it`,
    );
  }
  return measuredFrom(recorder, exploration.store, machine, notes);
}

/** One observer that tells two. */
export function bothObservers<S, A>(
  a: SearchObserver<S, A> | null,
  b: SearchObserver<S, A> | null,
): SearchObserver<S, A> | null {
  if (a === null || b === null) return a ?? b;
  return {
    stored(id, state) {
      a.stored(id, state);
      b.stored(id, state);
    },
    expanding(id) {
      a.expanding(id);
      b.expanding(id);
    },
    edge(target, index, action, from, to) {
      a.edge(target, index, action, from, to);
      b.edge(target, index, action, from, to);
    },
    expanded(id, enabled, cut) {
      a.expanded?.(id, enabled, cut);
      b.expanded?.(id, enabled, cut);
    },
  };
}
