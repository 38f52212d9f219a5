// two-phase-commit: its declared configurations, its counts cross-checked between strategies and
// against a hand count, and its broken variants caught.
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { checkModel } from "../../checker/index.ts";
import twoPhaseCommit from "../../models/commit/two-phase-commit.ts";

describe("two-phase-commit", () => {
  it("with one RM has the 12 states, 20 generated, depth 5 counted by hand", async () => {
    // (rmState, tmState, tmPrepared, msgs), W/P/C/A for the RM, i/c/a for the TM:
    // depth 1: (W,i,{},{})
    // depth 2: (W,a,{},{Abort}) (P,i,{},{Prep}) (A,i,{},{})
    // depth 3: (P,a,{},{Abort,Prep}) (A,a,{},{Abort}) (P,i,{r1},{Prep})
    // depth 4: (A,a,{},{Abort,Prep}) (P,c,{r1},{Prep,Commit}) (P,a,{r1},{Prep,Abort})
    // depth 5: (C,c,{r1},{Prep,Commit}) (A,a,{r1},{Prep,Abort})
    // generated: 1 initial + successors per state 3,3,2,1, 1,1,3, 1,1,1, 1,1 = 20
    const result = await checkModel(twoPhaseCommit, { params: { rm: 1 } });
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 12, generatedStates: 20, depth: 5 });
  });

  it.each([2, 3, 4, 5])("with %i RMs, BFS and DFS find the same states and successors", async (rm) => {
    const bfs = await checkModel(twoPhaseCommit, { params: { rm } });
    const dfs = await checkModel(twoPhaseCommit, { params: { rm }, strategy: "dfs" });
    expect(bfs.verdict).toBe("holds");
    expect(dfs.verdict).toBe("holds");
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
  });

  it("has 6^N + 4^N + 2^N states, as counted by hand, with one worker and with two", async () => {
    // While the TM is undecided each RM is working, aborted, prepared, or prepared with its vote
    // received (4^N); once the TM commits every RM is prepared or committed (2^N); once it aborts
    // each RM is working, prepared (vote received or not) or aborted (having prepared or not, its
    // vote received or not): 6^N. The same formula gives the 366,993,408 states of --rm 11.
    for (const rm of [1, 2, 3, 4, 5, 6]) {
      const { stats } = await checkModel(twoPhaseCommit, { params: { rm } });
      expect(stats.distinctStates).toBe(6 ** rm + 4 ** rm + 2 ** rm);
    }
    const parallel = await checkModel(twoPhaseCommit, {
      params: { rm: 6 },
      workers: 2,
      modelModule: new URL("../../models/index.ts", import.meta.url).href,
      handover: { states: 1, waitForWorkers: true },
    });
    expect(parallel.options.workers).toBe(2);
    expect(parallel.stats.distinctStates).toBe(6 ** 6 + 4 ** 6 + 2 ** 6);
  });

  it("pins the distinct-state counts (BFS; equal under DFS above)", async () => {
    const counts: Record<number, [number, number, number]> = {};
    for (const rm of [1, 2, 3, 4, 5]) {
      const { stats } = await checkModel(twoPhaseCommit, { params: { rm } });
      counts[rm] = [stats.distinctStates, stats.generatedStates, stats.depth];
    }
    expect(counts).toEqual(PINNED);
  });

  it.each(twoPhaseCommit.configs ?? [])(
    "config $name gives its expected verdict and pinned counts",
    async (config) => {
      await expectModel(twoPhaseCommit).toMatchExpectation(config.name);
    },
  );

  it("the shortest counterexample of commit-without-votes is four states long", async () => {
    // init, TMCommit, then one RM chooses to abort and another receives Commit (in either order)
    const result = await checkModel(twoPhaseCommit, { params: { rm: 2 }, variant: "commit-without-votes" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.trace).toHaveLength(4);
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "TMCommit",
      "RMChooseToAbort(r1)",
      "RMRcvCommitMsg(r2)",
    ]);
  });
});

// distinct, generated, depth — computed by the checker, equal under BFS and DFS, and equal to the
// hand count for one RM.
const PINNED: Record<number, [number, number, number]> = {
  1: [12, 20, 5],
  2: [56, 154, 8],
  3: [288, 1146, 11],
  4: [1568, 8258, 14],
  5: [8832, 58146, 17],
};
