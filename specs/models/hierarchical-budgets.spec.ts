// hierarchical-budgets: its declared configurations, its counts cross-checked between strategies,
// against a hand count and under symmetry reduction, the shortest traces of its broken variants,
// the starvation lasso, and that every fairness assumption is needed by some liveness property.
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { type CheckResult, checkModel, instantiate } from "../../checker/index.ts";
import hierarchicalBudgets, { type BudgetState } from "../../models/scheduling/hierarchical-budgets.ts";
import { walk } from "../fixtures/walk.ts";

const configs = (hierarchicalBudgets.configs ?? []).filter((c) => c.name !== "large");
const DEFAULTS = { regions: 2, pools: 1, capacity: 2, workloads: 2, revisions: 2 };

function violation(result: CheckResult) {
  expect(result.verdict).toBe("violated");
  if (result.verdict !== "violated") throw new Error(`expected a violation, got ${result.verdict}`);
  return result.violation;
}

describe("hierarchical-budgets", () => {
  it("with one region, one unit, one workload and one revision has the 10 states, 17 generated, depth 5 counted by hand", async () => {
    // (budget, reservation of w1, binding of w1); the hint is warm only before the first grant:
    //   no budget:          init (hint warm), and after a reclaim (hint cold)            2 states
    //   a valid budget:     nothing held, w1 reserved, its reservation leaked, w1 bound  4 states
    //   an expired budget:  the same four (reclaim waits until nothing is held)          4 states
    // successors: 1 + 1 (grants), valid 2 + 3 + 2 + 2, expired 1 + 2 + 1 + 1 = 16, plus init = 17;
    // deepest: init, Grant, Reserve, Bind, Expire (depth 5).
    const result = await checkModel(hierarchicalBudgets, {
      params: { regions: 1, capacity: 1, workloads: 1, revisions: 1 },
    });
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 10, generatedStates: 17, depth: 5 });
  });

  it.each(configs)("config $name gives its expected verdict and pinned counts", async (config) => {
    await expectModel(hierarchicalBudgets).toMatchExpectation(config.name);
  });

  it.skipIf(!process.env.LARGE)("config large gives its expected verdict and pinned counts", async () => {
    await expectModel(hierarchicalBudgets).toMatchExpectation("large");
  });

  it.each(Object.keys(PINNED))("%s: BFS and DFS find the same states and successors", async (key) => {
    const params = paramsOf(key);
    const bfs = await checkModel(hierarchicalBudgets, { params });
    const dfs = await checkModel(hierarchicalBudgets, { params, strategy: "dfs" });
    expect(bfs.verdict).toBe("holds");
    expect(dfs.verdict).toBe("holds");
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    expect([bfs.stats.distinctStates, bfs.stats.generatedStates, bfs.stats.depth]).toEqual(PINNED[key]);
  });

  it("symmetry over regions: same verdicts, 16,456 states → 2,958 with three regions", async () => {
    const params = { ...DEFAULTS, regions: 3 };
    const full = await checkModel(hierarchicalBudgets, { params, liveness: false });
    const reduced = await checkModel(hierarchicalBudgets, { params, liveness: false, symmetry: true });
    expect(full.options.symmetry).toBe(false);
    expect(reduced.options.symmetry).toBe(true);
    expect(full.verdict).toBe("holds");
    expect(reduced.verdict).toBe("holds");
    expect(full.stats.distinctStates).toBe(16456);
    expect(reduced.stats.distinctStates).toBe(2958);
    // at least a sixth of the states: no orbit of three regions has more than 3! members
    expect(reduced.stats.distinctStates * 6).toBeGreaterThanOrEqual(full.stats.distinctStates);
  });

  it.each(["stale-hint-authority", "unguarded-bind"])(
    "symmetry still catches %s, with a trace that replays as a concrete run",
    async (variant) => {
      const params = { ...DEFAULTS, regions: 3 };
      const full = violation(await checkModel(hierarchicalBudgets, { params, variant, liveness: false }));
      const reduced = violation(
        await checkModel(hierarchicalBudgets, { params, variant, liveness: false, symmetry: true }),
      );
      expect(reduced.name).toBe(full.name);
      expect(reduced.trace).toHaveLength(full.trace.length);
    },
  );

  it("a correct scheduler holds a stale hint and stays safe: the hint never authorizes", () => {
    const { machine, state } = walk<BudgetState>(hierarchicalBudgets, DEFAULTS, [
      "Grant(r1, p1, 1)",
      "Grant(r2, p1, 1)",
      "Reserve(r1, w1, p1)",
    ]);
    expect(state.warm[0]![0]).toBe(true); // r1 still believes the pool has ungranted capacity
    expect(state.budgets.map((row) => row[0]!.units)).toEqual([1, 1]); // it has none
    const second = machine.actions(state).find((a) => machine.formatAction!(a) === "Reserve(r1, w2, p1)")!;
    expect(machine.next(state, second)).toBeNull(); // its budget is used up, whatever the hint says
  });

  it("stale-hint-authority: the shortest trace stretches a budget on a hint the other grant made stale", async () => {
    const v = violation(await checkModel(hierarchicalBudgets, { config: "stale-hint-authority" }));
    expect(v.name).toBe("noDoubleSale");
    expect(v.message).toContain("p1 has capacity 2 but 3 units are granted (r1 2, r2 1)");
    expect(v.trace.map((s) => s.label)).toEqual([
      "init",
      "Grant(r1, p1, 1)",
      "Reserve(r1, w1, p1)",
      "Grant(r2, p1, 1)",
      "Reserve(r1, w2, p1)",
    ]);
    // the other invariants hold all along: the fault is a sale, not a placement outside a budget
    expect(v.trace.at(-1)!.invariants).toMatchObject({
      oneBindingPerWorkload: true,
      placementWithinBudget: true,
    });
  });

  it("the report's picture draws the unit sold twice in red, past the pool's edge", async () => {
    const v = violation(await checkModel(hierarchicalBudgets, { config: "stale-hint-authority" }));
    const { machine } = instantiate(hierarchicalBudgets, DEFAULTS, "stale-hint-authority");
    const view = machine.view!(v.trace.at(-1)!.state);
    const units = view.shapes.filter((s) => s.kind === "rect" && s.width === 56);
    expect(units).toHaveLength(3);
    expect(units.filter((s) => s.kind === "rect" && s.fill === "#f87171")).toHaveLength(1);
  });

  it("unguarded-bind: two regions reserve the same workload and both bind it", async () => {
    const v = violation(await checkModel(hierarchicalBudgets, { config: "unguarded-bind" }));
    expect(v.name).toBe("oneBindingPerWorkload");
    expect(v.message).toBe("w1 is bound 2 times: r1/p1 and r2/p1");
    expect(v.trace).toHaveLength(7);
    expect(v.trace.slice(-2).map((s) => s.label)).toEqual(["Bind(r1, w1)", "Bind(r2, w1)"]);
    // the same race is harmless with the compare-and-set: the loser's reservation is released
    const labels = v.trace.slice(1).map((s) => s.label);
    const { state } = walk<BudgetState>(hierarchicalBudgets, DEFAULTS, labels);
    expect(state.bindings[0]).toHaveLength(1);
    expect(state.reservations[1]).toEqual([]);
  });

  it("no-expiry: a region granted the whole pool keeps it, and the other starves (a lasso)", async () => {
    const v = violation(await checkModel(hierarchicalBudgets, { config: "no-expiry" }));
    expect(v.kind).toBe("liveness");
    expect(v.name).toBe("regionEventuallyServed:r1");
    expect(v.loopStart).not.toBeNull();
    expect(v.trace.map((s) => s.label)).toEqual(["init", "Grant(r2, p1, 2)"]);
    const stuck = v.trace[v.loopStart!]!.state as BudgetState;
    expect(stuck.budgets[0]![0]).toBeNull();
    expect(stuck.budgets[1]![0]).toEqual({ units: 2, revision: 1, expired: false });
  });

  it("the liveness properties are not vacuous: each fairness assumption is needed", async () => {
    const broken = async (fairness: Record<string, "weak" | "none">) =>
      violation(await checkModel(hierarchicalBudgets, { params: DEFAULTS, fairness })).name;
    // grants weakly fair only: r2 is re-granted the freed units every time before r1
    expect(await broken({ grants: "weak" })).toBe("regionEventuallyServed:r1");
    expect(await broken({ expiry: "none" })).toBe("regionEventuallyServed:r1");
    expect(await broken({ repair: "none" })).toBe("leakReclaimed:r1:w1");
    expect(await broken({ binding: "none" })).toBe("regionEventuallyServed:r1");
    expect(await broken({ completion: "none" })).toBe("regionEventuallyServed:r1");
  });
});

function paramsOf(key: string) {
  const [regions, capacity, workloads, revisions] = key.split("/").map(Number);
  return { ...DEFAULTS, regions, capacity, workloads, revisions };
}

// regions/capacity/workloads/revisions → distinct, generated, depth: computed by the checker (BFS,
// liveness checked), equal under DFS above; 1/1/1/1 equals the hand count.
const PINNED: Record<string, [number, number, number]> = {
  "1/1/1/1": [10, 17, 5],
  "1/2/2/2": [170, 468, 8],
  "2/1/1/2": [104, 221, 9],
  "2/2/2/2": [3108, 11653, 12],
  "3/2/2/1": [4112, 15013, 14],
};
