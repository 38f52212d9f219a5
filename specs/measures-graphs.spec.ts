// The measures' extremes against brute force: on generated state machines (a handful of states,
// random edges with random costs and random opening and closing keys), the checker's minimum,
// maximum and `unbounded` must be what enumerating every walk finds; every witness it shows
// replays to its figure, and measuring leaves the state space as it is.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkModel,
  defineModel,
  type Measure,
  type MeasureResult,
  type StateMachine,
} from "../checker/index.ts";

interface Edge {
  readonly to: number;
  readonly cost: number;
  readonly opens: readonly string[];
  readonly closes: readonly string[];
  readonly id: number;
}

interface Table {
  readonly states: number;
  readonly initial: readonly number[];
  /** What each state adds to an execution when it is an initial state. */
  readonly startCost: readonly number[];
  readonly edges: readonly (readonly Edge[])[];
}

const KEYS = ["a", "b"];

const table: fc.Arbitrary<Table> = fc.integer({ min: 1, max: 5 }).chain((states) =>
  fc
    .record({
      states: fc.constant(states),
      initial: fc.uniqueArray(fc.nat({ max: states - 1 }), { minLength: 1, maxLength: 2 }),
      startCost: fc.array(fc.constantFrom(0, 0, 1, 3), { minLength: states, maxLength: states }),
      edges: fc.array(
        fc.array(
          fc.record({
            to: fc.nat({ max: states - 1 }),
            cost: fc.constantFrom(0, 0, 1, 2),
            opens: fc.subarray(KEYS, { maxLength: 1 }),
            closes: fc.subarray(KEYS, { maxLength: 1 }),
          }),
          { maxLength: 3 },
        ),
        { minLength: states, maxLength: states },
      ),
    })
    .map((t) => {
      let id = 0;
      return { ...t, edges: t.edges.map((list) => list.map((e) => ({ ...e, id: id++ }))) };
    }),
);

function machineOf(
  t: Table,
  measures: (t: Table) => readonly Measure<number, Edge>[],
): StateMachine<number, Edge> {
  return {
    init: () => t.initial,
    actions: (s) => t.edges[s]!,
    next: (_, e) => e.to,
    invariants: [],
    terminal: () => true,
    measures: measures(t),
  };
}

const perExecution = (t: Table): Measure<number, Edge> => ({
  name: "cost",
  cost: (step) => step.action.cost,
  initial: (s) => t.startCost[s]!,
});
const perKey: Measure<number, Edge> = {
  name: "window",
  cost: (step) => step.action.cost,
  scope: { opens: (step) => step.action.opens, closes: (step) => step.action.closes },
};

type Expected = { min: number | null; max: number | "unbounded" | null };

/** Reachable states from the initial ones. */
function reachable(t: Table): Set<number> {
  const seen = new Set(t.initial);
  const queue = [...t.initial];
  while (queue.length > 0) {
    for (const e of t.edges[queue.shift()!]!) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

/**
 * Every walk of up to `limit` edges from each start (state, value so far), stopping at a closing
 * edge or at an end; a walk that comes back to a state with more cost than it had there means a
 * positive cycle, so the maximum is unbounded. With limit ≥ 2 × states + 2 that is exhaustive: any
 * longer walk without a positive cycle repeats a zero-cost loop that can be cut out.
 */
function bruteForce(
  t: Table,
  starts: readonly { node: number; value: number }[],
  closes: (e: Edge) => boolean,
  endsAtEnd: boolean,
  costOf: (e: Edge) => number,
): Expected {
  const limit = 2 * t.states + 2;
  let min: number | null = null;
  let max: number | "unbounded" | null = null;
  const record = (v: number) => {
    min = min === null ? v : Math.min(min, v);
    if (max !== "unbounded") max = max === null ? v : Math.max(max, v);
  };
  const walk = (node: number, value: number, seen: Map<number, number>, depth: number) => {
    if (endsAtEnd && t.edges[node]!.length === 0) record(value);
    if (depth === limit) return;
    for (const e of t.edges[node]!) {
      const v = value + costOf(e);
      if (closes(e)) {
        record(v);
        continue;
      }
      const before = seen.get(e.to);
      if (before !== undefined && v > before) max = "unbounded";
      if (before !== undefined) continue; // a zero-cost loop adds nothing new
      seen.set(e.to, v);
      walk(e.to, v, seen, depth + 1);
      seen.delete(e.to);
    }
  };
  for (const s of starts) walk(s.node, s.value, new Map([[s.node, s.value]]), 0);
  return { min, max };
}

function expectedExecution(t: Table): Expected {
  return bruteForce(
    t,
    t.initial.map((node) => ({ node, value: t.startCost[node]! })),
    () => false,
    true,
    (e) => e.cost,
  );
}

function expectedWindow(t: Table): Expected {
  const live = reachable(t);
  const all: Expected[] = [];
  for (const key of KEYS) {
    const starts: { node: number; value: number }[] = [];
    const immediate: number[] = [];
    t.edges.forEach((list, from) => {
      if (!live.has(from)) return;
      for (const e of list) {
        if (!e.opens.includes(key)) continue;
        if (e.closes.includes(key)) immediate.push(e.cost);
        else starts.push({ node: e.to, value: e.cost });
      }
    });
    const found = bruteForce(
      t,
      starts,
      (e) => e.closes.includes(key),
      false,
      (e) => e.cost,
    );
    for (const v of immediate) {
      found.min = found.min === null ? v : Math.min(found.min, v);
      if (found.max !== "unbounded") found.max = found.max === null ? v : Math.max(found.max, v);
    }
    all.push(found);
  }
  const mins = all.map((e) => e.min).filter((v): v is number => v !== null);
  const maxes = all.map((e) => e.max).filter((v) => v !== null);
  return {
    min: mins.length ? Math.min(...mins) : null,
    max: maxes.includes("unbounded") ? "unbounded" : maxes.length ? Math.max(...(maxes as number[])) : null,
  };
}

async function measured(
  t: Table,
): Promise<{ execution: MeasureResult; window: MeasureResult; states: number }> {
  const model = defineModel({
    name: "table",
    family: "specs",
    description: "a generated table",
    params: {},
    build: () => machineOf(t, (t) => [perExecution(t), perKey]),
  });
  const result = await checkModel(model, { por: false });
  expect(result.verdict).toBe("holds");
  const [execution, window] = result.measures!;
  return { execution: execution!, window: window!, states: result.stats.distinctStates };
}

const figures = (m: MeasureResult): Expected => ({ min: m.min?.value ?? null, max: m.max?.value ?? null });

/**
 * The cost the witness's steps add, from its `from` on, and for an execution its initial state's
 * (for a lasso: around its loop).
 */
function witnessCost(t: Table, m: MeasureResult, which: "min" | "max"): number {
  const w = m[which]!.witness;
  const first = w.loopStart ?? w.from;
  let sum = m.scope === "execution" && w.loopStart === null ? t.startCost[w.trace[0]!.state as number]! : 0;
  for (let i = first + 1; i < w.trace.length; i++) sum += (w.trace[i]!.action as Edge).cost;
  return sum;
}

describe("measures over generated state machines", () => {
  it("per execution: the minimum and maximum that enumeration finds, or unbounded", async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const { execution } = await measured(t);
        expect(figures(execution)).toEqual(expectedExecution(t));
      }),
      { numRuns: 300 },
    );
  });

  it("per occurrence of a key: the minimum and maximum that enumeration finds, or unbounded", async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const { window } = await measured(t);
        expect(figures(window)).toEqual(expectedWindow(t));
      }),
      { numRuns: 300 },
    );
  });

  it("every witness adds up to its figure, and a lasso's loop comes back and adds to the cost", async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const { execution, window } = await measured(t);
        for (const m of [execution, window]) {
          if (m.min) expect(witnessCost(t, m, "min")).toBe(m.min.value);
          if (m.max && m.max.value !== "unbounded") expect(witnessCost(t, m, "max")).toBe(m.max.value);
          if (m.max?.value === "unbounded") {
            const w = m.max.witness;
            expect(w.loopStart).not.toBeNull();
            expect(w.trace[w.loopStart!]!.state).toBe(w.trace[w.trace.length - 1]!.state);
            expect(witnessCost(t, m, "max")).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("measuring leaves the state space as it is", async () => {
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const bare = defineModel({
          name: "table",
          family: "specs",
          description: "a generated table",
          params: {},
          build: () => machineOf(t, () => []),
        });
        const without = await checkModel(bare, { por: false });
        const { states } = await measured(t);
        expect(states).toBe(without.stats.distinctStates);
      }),
      { numRuns: 100 },
    );
  });
});
