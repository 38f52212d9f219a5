// Checking each liveness property on the recorded graph: its negation is a fair lasso of a
// particular shape, found by checker/liveness/fair-cycles.ts.
//
//   ◇p        violated by a fair behaviour in which p never holds: from an initial ¬p state,
//             staying in ¬p states forever;
//   □(p ⇒ ◇q) violated by a reachable state where p holds and q does not, from which a fair
//             behaviour stays in ¬q states forever;
//   □◇p       violated by a reachable ¬p state from which a fair behaviour stays in ¬p forever;
//   ◇□p       violated by a fair behaviour whose loop passes through a ¬p state.
//
// The part of the trace before the lasso's root is the shortest path the search stored to it.
import type { LivenessProperty } from "../model/contract.ts";
import { NO_PARENT } from "../store/fingerprint-store.ts";
import type { StateStore } from "../store/state-store.ts";
import { findFairLasso } from "./fair-cycles.ts";
import type { FairnessGraph } from "./graph.ts";
import type { LivenessRecorder } from "./record.ts";

/** A violated property as the model's own steps: replay `steps` to get the trace. */
export interface LivenessFinding<S> {
  readonly property: LivenessProperty<S>;
  /** steps[0]: which initial state; then the index of each action among its state's candidates. */
  readonly steps: readonly number[];
  /** Index, in the trace these steps give, of the state the loop starts (and ends) at. */
  readonly loopStart: number;
  /** The loop is an infinite stutter: nothing fair is enabled in the last state. */
  readonly stutter: boolean;
}

export function findLivenessViolation<S, A>(
  recorder: LivenessRecorder<S, A>,
  graph: FairnessGraph,
  store: StateStore,
): LivenessFinding<S> | null {
  const n = graph.stateCount;
  const initial: number[] = [];
  for (let id = 0; id < n && store.parentOf(id) === NO_PARENT; id++) initial.push(id);

  for (let index = 0; index < recorder.properties.length; index++) {
    const property = recorder.properties[index]!;
    const p = (s: number) => recorder.holds(index, s, "p");
    const q = (s: number) => recorder.holds(index, s, "q");
    const inside = new Uint8Array(n);
    let roots: number[];
    let mustVisit: Uint8Array | null = null;
    switch (property.kind) {
      case "eventually":
        for (let s = 0; s < n; s++) inside[s] = p(s) ? 0 : 1;
        roots = initial.filter((s) => inside[s] === 1);
        break;
      case "alwaysEventually":
        roots = [];
        for (let s = 0; s < n; s++) {
          if (p(s)) continue;
          inside[s] = 1;
          roots.push(s);
        }
        break;
      case "leadsTo":
        roots = [];
        for (let s = 0; s < n; s++) {
          inside[s] = q(s) ? 0 : 1;
          if (inside[s] === 1 && p(s)) roots.push(s);
        }
        break;
      case "eventuallyAlways":
        inside.fill(1);
        roots = initial;
        mustVisit = new Uint8Array(n);
        for (let s = 0; s < n; s++) mustVisit[s] = p(s) ? 0 : 1;
        break;
    }
    if (roots.length === 0) continue;
    const lasso = findFairLasso(graph, { roots, inside, mustVisit });
    if (lasso === null) continue;
    const prefix = store.pathTo(lasso.root);
    const steps = prefix.map((id) => store.stepOf(id));
    for (const edge of lasso.stem) steps.push(graph.labels[edge]!);
    const loopStart = steps.length - 1;
    for (const edge of lasso.loop) steps.push(graph.labels[edge]!);
    return { property, steps, loopStart, stutter: lasso.loop.length === 0 };
  }
  return null;
}
