// The one loop over a state's enabled actions (checker/model/successors.ts): which actions it
// passes, in which order and with which index, what it says when next() throws, and how two
// states are compared action by action for the copy and symmetry audits.
import { describe, expect, it } from "vitest";
import type { StateMachine } from "../checker/model/contract.ts";
import { firstDisagreement, NextThrew, Successors } from "../checker/model/successors.ts";

// A counter whose action k adds k, enabled when k divides the counter plus one; k = 0 returns
// undefined (disabled too), and k = 7 throws.
const counter = {
  init: () => [0],
  actions: (n: number) => (n < 0 ? [1, 2, 3, 7] : [0, 1, 2, 3, 4]),
  next: (n: number, k: number) => {
    if (k === 7) throw new TypeError("seven");
    if (k === 0) return undefined as unknown as null;
    return (n + 1) % k === 0 ? n + k : null;
  },
  invariants: [],
} as unknown as StateMachine<number, number>;

function enabled(state: number): [number, number, number][] {
  const steps = new Successors(counter).from(state, counter.actions(state));
  const seen: [number, number, number][] = [];
  for (let next = steps.advance(); next !== null; next = steps.advance()) {
    seen.push([steps.index, steps.action, next]);
  }
  expect(steps.enabled).toBe(seen.length);
  return seen;
}

describe("the loop over enabled actions", () => {
  it("passes the enabled actions in order, with their index among the candidates", () => {
    expect(enabled(3)).toEqual([
      [1, 1, 4],
      [2, 2, 5],
      [4, 4, 7],
    ]);
    expect(enabled(2)).toEqual([
      [1, 1, 3],
      [3, 3, 5],
    ]);
  });

  it("starts over on each state it is given", () => {
    const steps = new Successors(counter);
    steps.from(3, counter.actions(3));
    expect(steps.advance()).toBe(4);
    steps.from(2, counter.actions(2));
    expect([steps.advance(), steps.index, steps.enabled]).toEqual([3, 1, 1]);
  });

  it("names the action whose next() threw, keeping the model's own words", () => {
    const steps = new Successors(counter).from(-1, counter.actions(-1));
    let thrown: unknown;
    try {
      while (steps.advance() !== null);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NextThrew);
    const error = thrown as NextThrew<number>;
    expect([error.action, error.index, error.message]).toEqual([7, 3, "TypeError: seven"]);
    expect(error.thrown).toBeInstanceOf(TypeError);
  });

  it("finds the first action on which two states disagree", () => {
    const same = (a: number, b: number) => a === b;
    const at = (state: number) => ({ state, actions: counter.actions(state) });
    expect(firstDisagreement(counter, at(3), at(3), same)).toBeNull();
    // 3 enables actions 1, 2 and 4; 2 enables 1 and 3.
    expect(firstDisagreement(counter, at(3), at(2), () => true)).toEqual({
      index: 2,
      why: "enabled",
      enabledInFirst: true,
    });
    expect(firstDisagreement(counter, at(2), at(3), () => true)).toEqual({
      index: 2,
      why: "enabled",
      enabledInFirst: false,
    });
    expect(firstDisagreement(counter, at(3), at(2), same)).toEqual({
      index: 1,
      why: "successor",
      enabledInFirst: true,
    });
    // 0 enables action 1 alone: it runs out first.
    expect(firstDisagreement(counter, at(0), at(3), () => true)).toEqual({
      index: 2,
      why: "enabled",
      enabledInFirst: false,
    });
  });
});
