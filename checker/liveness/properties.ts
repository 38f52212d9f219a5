// The four liveness forms, built the way a model declares them next to its invariants:
//
//   liveness: [
//     leadsTo("requestGranted", (s) => wants(s, "P1"), (s) => holds(s, "P1"), { description: "…" }),
//   ]
//
// and the fairness they assume: `weaklyFair("next")` is TLA+'s WF_vars(Next); a `group`
// function splits a family into one constraint per group (each message, each timer).
import type { Fairness, LivenessProperty } from "../model/contract.ts";

interface Words<S> {
  readonly description?: string;
  readonly explain?: (state: S) => string;
}

/** ◇p: every fair behaviour reaches a state where p holds. */
export function eventually<S>(
  name: string,
  p: (state: S) => boolean,
  words: Words<S> = {},
): LivenessProperty<S> {
  return { name, kind: "eventually", p, ...words };
}

/** □(p ⇒ ◇q): whenever p holds, q holds then or later. */
export function leadsTo<S>(
  name: string,
  p: (state: S) => boolean,
  q: (state: S) => boolean,
  words: Words<S> = {},
): LivenessProperty<S> {
  return { name, kind: "leadsTo", p, q, ...words };
}

/** □◇p: p holds again and again, forever. */
export function alwaysEventually<S>(
  name: string,
  p: (state: S) => boolean,
  words: Words<S> = {},
): LivenessProperty<S> {
  return { name, kind: "alwaysEventually", p, ...words };
}

/** ◇□p: from some point on, p holds forever. */
export function eventuallyAlways<S>(
  name: string,
  p: (state: S) => boolean,
  words: Words<S> = {},
): LivenessProperty<S> {
  return { name, kind: "eventuallyAlways", p, ...words };
}

/** Weak fairness: each group, once enabled for good, is taken. One group for the family by default. */
export function weaklyFair<A>(name: string, group: (action: A) => string | null = () => name): Fairness<A> {
  return { name, kind: "weak", group };
}

/** Strong fairness: each group, enabled again and again, is taken. */
export function stronglyFair<A>(name: string, group: (action: A) => string | null = () => name): Fairness<A> {
  return { name, kind: "strong", group };
}

/** { delivery: "weak", timers: "weak" } → "weak fairness of delivery, timers": what a run assumed. */
export function describeFairness(fairness: Readonly<Record<string, string>>): string {
  const of = (kind: string) =>
    Object.entries(fairness)
      .filter(([, k]) => k === kind)
      .map(([name]) => name)
      .join(", ");
  const words = [
    of("weak") && `weak fairness of ${of("weak")}`,
    of("strong") && `strong fairness of ${of("strong")}`,
  ];
  return words.filter(Boolean).join(" and ") || "no fairness: any step may be postponed forever";
}
