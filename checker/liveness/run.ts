// Liveness in a run: which properties are checked under which fairness (the model's, with the
// command line's overrides), the recorder the search fills, and, once the search has found no
// safety violation, the first violated property as a replayed, re-checked lasso.
import type { Fairness, LivenessProperty, StateMachine } from "../model/contract.ts";
import type { Violation } from "../result.ts";
import type { StateStore } from "../store/state-store.ts";
import { faultsIn } from "../trace/faults.ts";
import { NONDETERMINISM_CAUSES } from "../model/nondeterminism-causes.ts";
import { divergedReplay, replaySteps } from "../trace/replay.ts";
import { findLivenessViolation } from "./check.ts";
import { describeFairness } from "./properties.ts";
import { LivenessRecorder } from "./record.ts";
import { lassoProblem } from "./verify.ts";

import type { FairnessOverride } from "../pipeline/request.ts";

export type { FairnessOverride };

export interface LivenessPlan<S, A> {
  readonly properties: readonly LivenessProperty<S>[];
  readonly fairness: readonly Fairness<A>[];
  readonly recorder: LivenessRecorder<S, A>;
}

/**
 * The liveness check a run makes, or null when there is none (no properties, or --no-liveness).
 * `overrides` set a declared fairness family's kind, or drop it ("none").
 */
export function planLiveness<S, A>(
  machine: StateMachine<S, A>,
  enabled: boolean,
  overrides: Readonly<Record<string, FairnessOverride>> = {},
): LivenessPlan<S, A> | null {
  // The overrides name declared families: checker/pipeline/resolve.ts refused any other.
  const declared = machine.fairness ?? [];
  const properties = machine.liveness ?? [];
  if (!enabled || properties.length === 0) return null;
  const fairness = declared.flatMap((f): Fairness<A>[] => {
    const kind = overrides[f.name] ?? f.kind;
    return kind === "none" ? [] : [{ ...f, kind }];
  });
  return { properties, fairness, recorder: new LivenessRecorder(properties, fairness) };
}

/** The first violated liveness property, as a lasso replayed on the model and checked again; or null. */
export function livenessViolation<S, A>(
  machine: StateMachine<S, A>,
  plan: LivenessPlan<S, A>,
  store: StateStore,
): Violation<S, A> | null {
  const graph = plan.recorder.graph();
  const finding = findLivenessViolation(plan.recorder, graph, store);
  if (finding === null) return null;
  const { property, loopStart, stutter } = finding;
  const replay = replaySteps(machine, store, finding.steps);
  if (!replay.ok) return divergedReplay(replay);
  const trace = replay.steps;
  const problem = lassoProblem(machine, property, plan.fairness, trace, loopStart, stutter);
  if (problem !== null) {
    return {
      kind: "model-error",
      name: "nondeterministic-model",
      message: `the replayed lasso does not show the violation of ${property.name} the search found (${problem}); ${NONDETERMINISM_CAUSES}`,
      trace,
      loopStart,
    };
  }
  const at = trace[loopStart]!.state;
  const why = explain(property, at);
  const ending = stutter
    ? "stuck here forever: no step that fairness forces is enabled"
    : `a loop of ${trace.length - 1 - loopStart} steps that repeats forever`;
  return {
    kind: "liveness",
    name: property.name,
    message: `${why} — ${ending} (under ${describeFairness(Object.fromEntries(plan.fairness.map((f) => [f.name, f.kind])))})`,
    trace,
    loopStart,
    ...faultsIn(trace),
  };
}

function explain<S>(property: LivenessProperty<S>, state: S): string {
  if (property.explain) {
    try {
      return property.explain(state);
    } catch {
      // fall through to the description
    }
  }
  return property.description ?? `${property.kind} property ${property.name} does not hold`;
}
