// A lasso is checked again on the replayed states before it is shown, independently of the graph
// it was found in: the property really fails on it, its loop closes, and it is fair — every
// group continuously enabled on the loop (weak) or enabled somewhere on it (strong) is taken on
// it; a stutter loop's state enables no fair group at all.
import { match } from "ts-pattern";
import type { Fairness, LivenessProperty, StateMachine } from "../model/contract.ts";
import type { TraceStep } from "../result.ts";
import { sameState } from "../encoding/index.ts";
import { Successors } from "../model/successors.ts";

/** What is wrong with the lasso, or null when it is a fair counterexample to the property. */
export function lassoProblem<S, A>(
  machine: StateMachine<S, A>,
  property: LivenessProperty<S>,
  fairness: readonly Fairness<A>[],
  trace: readonly TraceStep<S, A>[],
  loopStart: number,
  stutter: boolean,
): string | null {
  const states = trace.map((step) => step.state);
  const loop = states.slice(loopStart);
  if (!stutter && (loop.length < 2 || !sameState(loop[0], loop[loop.length - 1]))) {
    return "the loop does not come back to where it starts";
  }
  const p = (s: S) => property.p(s);
  const shapeFault = match(property.kind)
    .with("eventually", () => (states.some(p) ? `${property.name}'s p holds somewhere on the lasso` : null))
    .with("alwaysEventually", () => (loop.some(p) ? `${property.name}'s p holds on the loop` : null))
    .with("eventuallyAlways", () => (loop.every(p) ? `${property.name}'s p holds all along the loop` : null))
    .with("leadsTo", () => {
      const q = (s: S) => property.q!(s);
      const trigger = states.findIndex((s, i) => p(s) && states.slice(i).every((t) => !q(t)));
      return trigger < 0 || trigger > loopStart
        ? "no state of the lasso has p and is never followed by q"
        : null;
    })
    .exhaustive();
  if (shapeFault !== null) return shapeFault;
  // Fairness: the groups enabled in each state of the loop, and those its steps take.
  const loopStates = stutter ? loop : loop.slice(0, -1);
  const enabled = loopStates.map((s) => enabledGroups(machine, fairness, s));
  if (stutter) {
    const forced = [...enabled[0]!.keys()];
    return forced.length === 0 ? null : `the stutter state enables ${forced[0]}, which fairness forces`;
  }
  const taken = new Set<string>();
  for (const step of trace.slice(loopStart + 1)) {
    for (const family of fairness) {
      const key = family.group(step.action as A);
      if (key !== null) taken.add(`${family.name}: ${key}`);
    }
  }
  const all = new Map<string, "weak" | "strong">();
  for (const groups of enabled) for (const [g, kind] of groups) all.set(g, kind);
  for (const [group, kind] of all) {
    if (taken.has(group)) continue;
    const always = enabled.every((groups) => groups.has(group));
    if (kind === "strong" || always)
      return `the loop is not fair: ${group} is ${always ? "always" : "repeatedly"} enabled on it and never taken`;
  }
  return null;
}

function enabledGroups<S, A>(
  machine: StateMachine<S, A>,
  fairness: readonly Fairness<A>[],
  state: S,
): Map<string, "weak" | "strong"> {
  const groups = new Map<string, "weak" | "strong">();
  const steps = new Successors(machine).from(state, machine.actions(state));
  for (let next = steps.advance(); next !== null; next = steps.advance()) {
    const action = steps.action;
    if (machine.constraint && next !== state && !machine.constraint(next)) continue;
    for (const family of fairness) {
      const key = family.group(action);
      if (key !== null) groups.set(`${family.name}: ${key}`, family.kind);
    }
  }
  return groups;
}
