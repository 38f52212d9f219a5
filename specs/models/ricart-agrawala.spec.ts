// ricart-agrawala: its declared configurations, its counts cross-checked between strategies, its
// broken variant's and faults' traces replayed step by step, and the command line.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { checkModel, instantiate } from "../../checker/index.ts";
import ricartAgrawala from "../../models/mutex/ricart-agrawala.ts";

const BIN = resolve(import.meta.dirname, "../../bin/check.mjs");
const configs = ricartAgrawala.configs ?? [];
const holding = configs.filter((c) => c.expect.verdict === "holds");

/** Takes the steps named by `labels` from the initial state, each one enabled where it is taken. */
function walk(params: Record<string, unknown>, labels: readonly string[]) {
  const { machine } = instantiate(ricartAgrawala, params);
  let state = machine.init()[0];
  for (const label of labels) {
    const action = machine
      .actions(state)
      .find((a) => machine.formatAction!(a) === label && machine.next(state, a) !== null);
    if (action === undefined) throw new Error(`"${label}" is not enabled`);
    state = machine.next(state, action);
  }
  return { machine, state };
}

describe("ricart-agrawala", () => {
  it.each(configs)("config $name gives its expected verdict and pinned counts", async (config) => {
    await expectModel(ricartAgrawala).toMatchExpectation(config.name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    const bfs = await checkModel(ricartAgrawala, { config: config.name });
    const dfs = await checkModel(ricartAgrawala, { config: config.name, strategy: "dfs" });
    expect(dfs.verdict).toBe("holds");
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    // Without faults every path to a state has the same length — the timers fired and the
    // messages delivered can be read off the state — so even the depths agree.
    expect(dfs.stats.depth).toBe(bfs.stats.depth);
  });

  it("pins the counts (BFS; equal under DFS above)", async () => {
    const counts: Record<string, [number, number, number]> = {};
    for (const key of Object.keys(PINNED)) {
      const [n, entries] = key.split("x").map(Number);
      const { stats } = await checkModel(ricartAgrawala, { params: { n, entries } });
      counts[key] = [stats.distinctStates, stats.generatedStates, stats.depth];
    }
    expect(counts).toEqual(PINNED);
  });

  it("without the id tie-break, two requests stamped ts 1 both get in", async () => {
    const result = await checkModel(ricartAgrawala, { config: "tiebreak-bug" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.message).toContain("P0 and P1 are in the critical section together");
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P0",
      "timer want at P1",
      "deliver REQUEST(ts=1, from=P0) P0→P1",
      "deliver REQUEST(ts=1, from=P1) P1→P0",
      "deliver OK P1→P0",
      "deliver OK P0→P1",
    ]);
    // the steps are what the labels say: the last delivery is of P0's OK to P1
    const last = result.violation.trace.at(-1)!;
    expect(last.event?.received).toMatchObject({ from: "P0", to: "P1", message: { kind: "OK" } });
  });

  it("a duplicated OK, kept for the next request, lets P0 overtake P1's earlier request", async () => {
    const result = await checkModel(ricartAgrawala, { config: "duplicated-ok" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.faults).toMatchObject({ duplicate: 1 });
    expect(result.violation.message).toContain(
      "P0 (ts 2) is in the critical section while P1 waits with ts 1",
    );
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P0",
      "timer want at P1",
      "deliver REQUEST(ts=1, from=P0) P0→P1",
      "duplicate OK P1→P0",
      "deliver OK P1→P0",
      "timer leave at P0",
      "timer want at P0",
      "deliver OK P1→P0",
    ]);
  });

  it("the same stale OK can put both processes inside", () => {
    const { machine, state } = walk({ n: 2, entries: 2, duplicate: 1 }, [
      "timer want at P0",
      "deliver REQUEST(ts=1, from=P0) P0→P1",
      "duplicate OK P1→P0",
      "deliver OK P1→P0",
      "timer leave at P0",
      "timer want at P1",
      "deliver REQUEST(ts=3, from=P1) P1→P0",
      "deliver OK P0→P1",
      "timer want at P0",
      "deliver OK P1→P0",
    ]);
    const exclusion = machine.invariants.find((i) => i.name === "mutualExclusion")!;
    expect(exclusion.holds(state)).toBe(false);
    expect(exclusion.explain!(state)).toBe("P0 and P1 are in the critical section together");
    expect(machine.invariants.find((i) => i.name === "servedInOrder")!.holds(state)).toBe(true);
  });

  it("a crashed process leaves a requester waiting forever", async () => {
    const result = await checkModel(ricartAgrawala, { config: "crash" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.trace.map((s) => s.label)).toEqual(["init", "timer want at P0", "crash P1"]);
  });

  it("runs from the command line: exit 0 when it holds, 1 with the trace when it does not", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, "models/mutex/ricart-agrawala.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const holds = run("--n", "2");
    expect(holds.status).toBe(0);
    expect(holds.stdout).toContain("✓ holds  35 distinct states · 47 generated · depth 9");
    const broken = run("--n", "2", "--variant", "no-id-tiebreak");
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(
      "invariant mutualExclusion: P0 and P1 are in the critical section together",
    );
    expect(broken.stdout).toContain("deliver REQUEST(ts=1, from=P1) P1→P0");
  });
});

// distinct, generated, depth by "NxENTRIES" — computed by the checker, equal under BFS and DFS.
const PINNED: Record<string, [number, number, number]> = {
  "2x1": [35, 47, 9],
  "2x2": [220, 312, 17],
  "2x3": [832, 1245, 25],
  "3x1": [6445, 18260, 19],
};
