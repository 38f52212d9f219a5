// mutex-voting: its declared configurations, its counts cross-checked between strategies and
// against hand counts, its measure (messages per entry, every attempt included) with its witnesses,
// the seed's starvation as a lasso, a coordinator that forgets its vote on restart, and the command
// line.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { type ActorState, type CheckResult, checkModel, inFlight } from "../../checker/index.ts";
import mutexVoting from "../../models/mutex/mutex-voting.ts";
import { walk } from "../fixtures/walk.ts";

type Requester = { phase: string; attempt: number; votes: string[]; denials: number; done: number };
type State = ActorState<Requester | { granted: string | null }, { kind: string }>;

const BIN = resolve(import.meta.dirname, "../../bin/check.mjs");
const configs = mutexVoting.configs ?? [];
const holding = configs.filter((c) => c.expect.verdict === "holds");

/** Each measure's figures, as [min, max]. */
const figures = (result: CheckResult) =>
  Object.fromEntries((result.measures ?? []).map((m) => [m.name, [m.min?.value, m.max?.value]]));

/** What the steps of a trace sent to or from `process`, by message kind. */
const sentKinds = (
  trace: readonly { event?: { sent: readonly { from: string; to: string; message: unknown }[] } | null }[],
  process: string,
) => {
  const counts: Record<string, number> = {};
  for (const step of trace) {
    for (const m of step.event?.sent ?? []) {
      if (m.from !== process && m.to !== process) continue;
      const kind = (m.message as { kind: string }).kind;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  return counts;
};

describe("mutex-voting", () => {
  it("with one process and one coordinator has the 6 states, 6 generated, depth 6 counted by hand", async () => {
    // want (REQUEST in flight), GRANT in flight, inside, RELEASE in flight, released: one path of
    // five steps from the initial state, each state with one successor but the last.
    const result = await checkModel(mutexVoting, { params: { n: 1, procs: 1 } });
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 6, generatedStates: 6, depth: 6 });
  });

  it("with one process and three coordinators has the 36 states, 69 generated, depth 12 counted by hand", async () => {
    // While P0 waits, each coordinator is at one of three stages (REQUEST in flight, GRANT in
    // flight, GRANT delivered): 3³ = 27 states, the last of them (every GRANT in) P0 inside. After
    // the leave, each RELEASE is in flight or delivered: 2³ = 8. With the initial state, 36.
    // Successors: 1 (want), then each coordinator not done steps in 2 · 9 of the 27 states (54),
    // 1 (leave), each RELEASE in flight in 4 of the 8 (12): 68, and 69 with the initial state.
    // Every path: want, six deliveries, leave, three: 11 steps, depth 12.
    const result = await checkModel(mutexVoting, { config: "alone", measures: false });
    expect(result.stats).toMatchObject({ distinctStates: 36, generatedStates: 69, depth: 12 });
  });

  it.each(configs)("config $name gives its expected verdict and pinned counts", async (config) => {
    await expectModel(mutexVoting).toMatchExpectation(config.name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    // Liveness and measures leave the state graph as it is (measures: checked below).
    const options = { config: config.name, liveness: false, measures: false } as const;
    const bfs = await checkModel(mutexVoting, options);
    const dfs = await checkModel(mutexVoting, { ...options, strategy: "dfs" });
    expect([bfs.verdict, dfs.verdict]).toEqual(["holds", "holds"]);
    expect(bfs.stats.distinctStates).toBe(config.expect.states);
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    // The depths may differ: a coordinator's vote comes back free by a DENY (one step) or by a
    // GRANT and its RELEASE (three), so paths of different lengths meet in one state.
  });

  it("measures 2N + m at least and (2N + m − 1) + 3N at most, every attempt included", async () => {
    const result = await checkModel(mutexVoting, { config: "default", liveness: false });
    const n = 3;
    const m = 2;
    expect(figures(result)).toEqual({ messagesPerEntry: [2 * n + m, 2 * n + m - 1 + 3 * n] });
    const measure = result.measures!.find((x) => x.name === "messagesPerEntry")!;
    // The minimum: one attempt, m GRANTs (the other process holds the third vote), m RELEASEs.
    const min = measure.min!.witness;
    const minSteps = min.trace.slice(min.from + 1);
    expect(measure.min!.witness.key).toBe("P0#1");
    expect(sentKinds(minSteps, "P0")).toEqual({
      REQUEST: n,
      GRANT: m,
      DENY: n - m,
      RELEASE: m,
    });
    expect(min.trace.at(-1)!.label).toBe("timer leave at P0");
    // The maximum: a failed attempt with one vote, a retry with all three.
    const max = measure.max!.witness;
    const maxSteps = max.trace.slice(max.from + 1);
    expect(sentKinds(maxSteps, "P0")).toEqual({ REQUEST: 2 * n, GRANT: 1 + n, DENY: n - 1, RELEASE: 1 + n });
    expect(max.trace.some((s) => s.label === "timer retry at P0")).toBe(true);
    expect((max.trace.at(-1)!.state as State).locals[0]).toMatchObject({ phase: "released", done: 1 });
    // Alone, every entry is one uncontended attempt: 3N.
    const alone = await checkModel(mutexVoting, { config: "alone" });
    expect(figures(alone)).toEqual({ messagesPerEntry: [3 * n, 3 * n] });
  });

  it("measuring changes no count: the same states, successors and depth with measures on and off", async () => {
    for (const config of holding.filter((c) => (c.expect.states ?? 0) < 20_000)) {
      const on = await checkModel(mutexVoting, { config: config.name, liveness: false });
      const off = await checkModel(mutexVoting, { config: config.name, liveness: false, measures: false });
      expect(off.measures).toBeUndefined();
      expect(on.measures?.map((x) => x.name)).toEqual(["messagesPerEntry"]);
      expect([on.verdict, on.stats.distinctStates, on.stats.generatedStates, on.stats.depth]).toEqual([
        off.verdict,
        off.stats.distinctStates,
        off.stats.generatedStates,
        off.stats.depth,
      ]);
    }
  });

  it("starvation: both of P0's attempts fail while P1 is inside, P0 gives up, and the run ends", async () => {
    const result = await checkModel(mutexVoting, { config: "starvation" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    const v = result.violation;
    expect(v).toMatchObject({ kind: "liveness", name: "granted:P0" });
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.message).toBe(
      "P0 gave up after 2 attempts without a quorum of 2 votes — stuck here forever: no step that fairness forces is enabled (under weak fairness of delivery, timers)",
    );
    const labels = v.trace.map((s) => s.label);
    // P1 enters before P0's retry, and leaves only after it has failed.
    const entered = v.trace.findIndex((s) => ((s.state as State).locals[1] as Requester).phase === "held");
    expect(entered).toBeGreaterThan(0);
    expect(labels.indexOf("timer retry at P0")).toBeGreaterThan(entered);
    expect(labels.indexOf("timer leave at P1")).toBeGreaterThan(labels.indexOf("timer retry at P0"));
    const end = v.trace.at(-1)!.state as State;
    expect(end.locals[0]).toMatchObject({ phase: "starved", attempt: 2, votes: [] });
    expect(end.locals[1]).toMatchObject({ phase: "released", done: 1 });
    expect(end.locals.slice(2)).toEqual([{ granted: null }, { granted: null }, { granted: null }]);
    expect(inFlight(end)).toEqual([]);
    // It is a proper end, not a deadlock: safety alone holds.
    const safety = await checkModel(mutexVoting, { config: "starvation", liveness: false });
    expect(safety.verdict).toBe("holds");
  });

  it("a single process is never starved, whatever its attempts", async () => {
    for (const attempts of [1, 2, 3]) {
      const result = await checkModel(mutexVoting, { params: { n: 3, procs: 1, attempts } });
      expect(result.verdict).toBe("holds");
      expect(result.options.liveness).toEqual(["granted:P0"]);
    }
  });

  it("amnesia: a coordinator restarted without its vote grants it again, and both processes are inside", async () => {
    const result = await checkModel(mutexVoting, { config: "amnesia" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.faults).toMatchObject({ crash: 1, restart: 1 });
    expect(result.violation.message).toMatch(
      /^P0 \(votes C\d, C\d\) and P1 \(votes C\d, C\d\) are in the critical section together/,
    );
    const trace = result.violation.trace;
    const crash = trace.findIndex((s) => s.label.startsWith("crash "));
    const restart = trace.findIndex((s) => s.label.startsWith("restart "));
    expect(crash).toBeGreaterThan(0);
    expect(restart).toBeGreaterThan(crash);
    const coordinator = trace[crash]!.label.slice("crash ".length);
    const index = 2 + Number(coordinator.slice(1));
    // It had granted its vote before the crash, and comes back with it free.
    expect((trace[crash - 1]!.state as State).locals[index]).not.toEqual({ granted: null });
    expect((trace[restart]!.state as State).locals[index]).toEqual({ granted: null });
    // The coordinator that forgot is the one both processes count.
    const end = trace.at(-1)!.state as State;
    const votesOf = (i: number) => (end.locals[i] as Requester).votes;
    expect(votesOf(0).filter((c) => votesOf(1).includes(c))).toEqual([coordinator]);
  });

  it("the durable vote survives the same crash and restart: the correct coordinator denies again", async () => {
    const result = await checkModel(mutexVoting, { config: "crash-restart", measures: false });
    expect(result.verdict).toBe("holds");
    expect(result.stats.distinctStates).toBe(55375);
    // The amnesia trace's steps up to the restart, taken by the correct coordinator: it comes back
    // with the vote it had granted.
    const broken = await checkModel(mutexVoting, { config: "amnesia" });
    if (broken.verdict !== "violated") throw new Error("amnesia should be violated");
    const labels = broken.violation.trace.slice(1).map((step) => step.label);
    const restart = labels.findIndex((l) => l.startsWith("restart "));
    const coordinator = labels[restart]!.slice("restart ".length);
    const { state } = walk<State>(
      mutexVoting,
      { n: 3, crash: 1, restart: true },
      labels.slice(0, restart + 1),
    );
    expect(state.locals[2 + Number(coordinator.slice(1))]).toEqual({ granted: "P0" });
  });

  it("runs from the command line: exit 0 when it holds, 1 with the trace when it does not", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, "models/mutex/mutex-voting.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const holds = run("--config", "alone");
    expect(holds.status).toBe(0);
    expect(holds.stdout).toContain("✓ holds  36 distinct states · 69 generated · depth 12");
    expect(holds.stdout).toContain("messagesPerEntry  min 9  max 9");
    const starving = run("--config", "starvation");
    expect(starving.status).toBe(1);
    expect(starving.stdout).toContain("✗ violated  liveness (granted:P0): P0 gave up after 2 attempts");
    // --restart is this model's: it declares durable votes.
    const refused = run("--restart", "maybe");
    expect(refused.status).toBe(2);
    const tooMany = run("--procs", "4");
    expect(tooMany.status).toBe(2);
  });
});
