// ricart-agrawala: its declared configurations, its counts cross-checked between strategies, its
// broken variants' and faults' traces replayed step by step, liveness (every request granted, a
// starving variant, unfair delivery), and the command line.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { type ActorState, type CheckResult, checkModel, inFlight, instantiate } from "../../checker/index.ts";
import ricartAgrawala from "../../models/mutex/ricart-agrawala.ts";
import { walk } from "../fixtures/walk.ts";

type Local = {
  phase: "released" | "wanted" | "held";
  ts: number | null;
  oks: string[];
  deferred: string[];
  done: number;
};
type State = ActorState<Local, unknown>;

const BIN = resolve(import.meta.dirname, "../../bin/check.mjs");
const configs = ricartAgrawala.configs ?? [];
const holding = configs.filter((c) => c.expect.verdict === "holds");

/** The violation of a liveness property, with its loop's start and the state the loop starts at. */
function lasso(result: CheckResult) {
  expect(result.verdict).toBe("violated");
  if (result.verdict !== "violated") throw new Error(`expected a violation, got ${result.verdict}`);
  const v = result.violation;
  expect(v.kind).toBe("liveness");
  if (v.loopStart === null) throw new Error("a liveness violation without a loop");
  return { ...v, loopStart: v.loopStart, at: v.trace[v.loopStart]!.state as State };
}

/** Whether some step is enabled in `state` at all (the actor layer lists candidates; next says). */
function anyEnabled(params: Record<string, unknown>, variant: string, state: unknown): boolean {
  const { machine } = instantiate(ricartAgrawala, params, variant);
  return machine.actions(state).some((a) => machine.next(state, a) !== null);
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
    const { machine, state } = walk(ricartAgrawala, { n: 2, entries: 2, duplicate: 1 }, [
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

  it.each(holding)(
    "config $name: every request is eventually granted, under weakly fair delivery and timers",
    async (config) => {
      const result = await checkModel(ricartAgrawala, { config: config.name });
      const n = Number(config.params?.n ?? 3);
      expect(result.verdict).toBe("holds");
      expect(result.options.liveness).toEqual(Array.from({ length: n }, (_, i) => `granted:P${i}`));
      expect(result.options.fairness).toEqual({ delivery: "weak", timers: "weak" });
      expect(result.options.por).toBe(false);
    },
  );

  it("forgetting deferred requests starves P0: P1 enters, defers P0's request and leaves without its OK", async () => {
    const result = await checkModel(ricartAgrawala, { config: "starvation" });
    const v = lasso(result);
    expect(v.name).toBe("granted:P0");
    // A stutter: the loop is the last state, repeated forever.
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P1",
      "deliver REQUEST(ts=1, from=P1) P1→P0",
      "deliver OK P0→P1",
      "timer want at P0",
      "deliver REQUEST(ts=3, from=P0) P0→P1",
      "timer leave at P1",
    ]);
    // P0 is wanted with no OK, P1 is done and has forgotten P0, and nothing is left to happen.
    expect(v.at.locals[0]).toMatchObject({ phase: "wanted", ts: 3, oks: [] });
    expect(v.at.locals[1]).toMatchObject({ phase: "released", done: 1, deferred: [] });
    expect(inFlight(v.at)).toEqual([]);
    expect(v.at.timers).toEqual([[], []]);
    expect(anyEnabled({ n: 2 }, "forget-deferred", v.at)).toBe(false);
    // The step into the stuck state is the leave that sent nothing.
    expect(v.trace.at(-1)!.event?.sent).toEqual([]);
    expect(v.message).toBe(
      "P0 requests the critical section (ts 3, no OK yet) and is never granted it: P1 never answers — stuck here forever: no step that fairness forces is enabled (under weak fairness of delivery, timers)",
    );
  });

  it("the starving variant breaks no invariant, and its end is a deadlock once the deadlock check is on", async () => {
    const safetyOnly = await checkModel(ricartAgrawala, { config: "starvation", liveness: false });
    expect(safetyOnly.verdict).toBe("holds");
    const withDeadlock = await checkModel(ricartAgrawala, { config: "starvation", checkDeadlock: true });
    expect(withDeadlock.verdict === "violated" && withDeadlock.violation.kind).toBe("deadlock");
    // The correct algorithm, run the same way, answers the deferred request and holds.
    const correct = await checkModel(ricartAgrawala, { params: { n: 2 }, checkDeadlock: false });
    expect(correct.verdict).toBe("holds");
  });

  it("with delivery not fair, a request may wait forever for messages never delivered", async () => {
    const result = await checkModel(ricartAgrawala, { params: { n: 2 }, fairness: { delivery: "none" } });
    expect(result.options.fairness).toEqual({ timers: "weak" });
    const v = lasso(result);
    expect(v.name).toBe("granted:P0");
    // Timers are still fair, so the behaviour fires every armed one and stops where only
    // deliveries remain: both processes wanted, their REQUESTs in flight forever.
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.at.locals.map((l) => l.phase)).toEqual(["wanted", "wanted"]);
    expect(v.at.timers).toEqual([[], []]);
    expect(
      inFlight(v.at)
        .map((e) => e.to)
        .sort(),
    ).toEqual(["P0", "P1"]);
    expect(anyEnabled({ n: 2 }, "correct", v.at)).toBe(true);
    expect(v.message).toContain("stuck here forever");
    expect(v.message).toContain("(under weak fairness of timers)");
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
    // The configuration turns the deadlock check off by itself, so the stuck end is the lasso.
    const starving = run("--config", "starvation");
    expect(starving.status).toBe(1);
    expect(starving.stdout).toContain("✗ violated  liveness (granted:P0): P0 requests the critical section");
    // The configuration carries its variant and its deadlock setting: the command needs no more.
    expect(starving.stdout).toContain(
      "reproduce: npx check models/mutex/ricart-agrawala.ts --config starvation\n",
    );
    expect(starving.stdout).toContain("⟳ stuck here forever: no step that fairness forces is enabled");
  });
});

// distinct, generated, depth by "NxENTRIES" — computed by the checker, equal under BFS and DFS.
const PINNED: Record<string, [number, number, number]> = {
  "2x1": [35, 47, 9],
  "2x2": [220, 312, 17],
  "2x3": [832, 1245, 25],
  "3x1": [6445, 18260, 19],
};
