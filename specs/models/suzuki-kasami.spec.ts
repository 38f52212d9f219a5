// suzuki-kasami: its declared configurations, its counts cross-checked between strategies and
// against a hand count, its measure (0 or N messages per entry) with its witnesses, the broken
// variant's stale request and a duplicated token replayed step by step, liveness, and the command
// line.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { type ActorState, type CheckResult, checkModel, inFlight, instantiate } from "../../checker/index.ts";
import suzukiKasami from "../../models/mutex/suzuki-kasami.ts";
import { walk } from "../fixtures/walk.ts";

type Local = {
  phase: "released" | "wanted" | "held";
  rn: number[];
  token: { ln: number[]; q: string[] } | null;
  ts: number | null;
  done: number;
};
type State = ActorState<Local, { kind: string }>;

const BIN = resolve(import.meta.dirname, "../../bin/check.mjs");
const configs = suzukiKasami.configs ?? [];
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

/** Each measure's figures, as [min, max]. */
const figures = (result: CheckResult) =>
  Object.fromEntries((result.measures ?? []).map((m) => [m.name, [m.min?.value, m.max?.value]]));

describe("suzuki-kasami", () => {
  it("with two sites has the 21 states, 28 generated, depth 9 counted by hand", async () => {
    // P0 starts with the token. Either P0 enters before P1's REQUEST reaches it, or it gives the
    // token away first.
    // (a) P0 enters at once (0 messages). Its stages released / held / done, against P1's not yet
    //     wanted / REQUEST in flight / REQUEST delivered (to P0 while held, so P0 only notes it):
    //     (released: 2, P1's REQUEST cannot be delivered to the idle holder without branch b),
    //     held: 3, done: P1 not wanted, REQUEST in flight, TOKEN in flight, held, done: 5.
    //     P0 leaving with P1's REQUEST delivered queues P1 and sends the TOKEN: the same state as
    //     the idle P0 answering the REQUEST later, so they merge. 2 + 3 + 5 = 10.
    // (b) P1's REQUEST reaches the idle P0, which sends the token. P0 then not wanted / its REQUEST
    //     in flight / delivered, against P1's TOKEN in flight / held / done: 3 + 3 + 3 (delivered:
    //     P1 done becomes the TOKEN on its way to P0, however it got there), then P0 held, done.
    //     3 + 3 + 3 + 2 = 11.
    // Successors: (a) 2 + 2 + 2 + 2 + 1 + 1 + 1 + 1 + 1 + 0 = 13, (b) 2 + 2 + 1 + 2 + 2 + 1 + 1 +
    // 1 + 1 + 1 + 0 = 14; generated 1 + 13 + 14 = 28. The longest run is (b): want at P1, its
    // REQUEST, the TOKEN, leave, want at P0, its REQUEST, the TOKEN, leave: 8 steps, depth 9.
    const result = await checkModel(suzukiKasami, { params: { n: 2 } });
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 21, generatedStates: 28, depth: 9 });
  });

  it.each(configs)("config $name gives its expected verdict and pinned counts", async (config) => {
    await expectModel(suzukiKasami).toMatchExpectation(config.name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    // Neither liveness nor measures changes the state graph (checked below for measures), so the
    // large configuration is compared without them.
    const options = { config: config.name, liveness: false, measures: false } as const;
    const bfs = await checkModel(suzukiKasami, options);
    const dfs = await checkModel(suzukiKasami, { ...options, strategy: "dfs" });
    expect([bfs.verdict, dfs.verdict]).toEqual(["holds", "holds"]);
    expect(bfs.stats.distinctStates).toBe(config.expect.states);
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    // Without faults every path to a state has the same length (the request numbers, LN and the
    // messages in flight say which timers fired and which messages were delivered), so even the
    // depths agree.
    expect(dfs.stats.depth).toBe(bfs.stats.depth);
  });

  it("pins the counts (BFS; equal under DFS above)", async () => {
    const counts: Record<string, [number, number, number]> = {};
    for (const key of Object.keys(PINNED)) {
      const [n, entries] = key.split("x").map(Number);
      const { stats } = await checkModel(suzukiKasami, { params: { n, entries }, measures: false });
      counts[key] = [stats.distinctStates, stats.generatedStates, stats.depth];
    }
    expect(counts).toEqual(PINNED);
  });

  it("measures 0 messages for the idle holder's entry and N for anyone else's: REQUEST to all, one TOKEN", async () => {
    for (const n of [2, 3]) {
      const result = await checkModel(suzukiKasami, { params: { n }, liveness: false });
      expect(figures(result)).toEqual({ messagesPerEntry: [0, n] });
      const measure = result.measures!.find((m) => m.name === "messagesPerEntry")!;
      // The minimum: P0 wants while it still holds the token it started with, and enters.
      expect(measure.min!.witness.key).toBe("P0@1");
      expect(measure.min!.witness.trace.map((s) => s.label)).toEqual(["init", "timer want at P0"]);
      expect(measure.min!.witness.trace.at(-1)!.event!.sent).toEqual([]);
      // The maximum: a site broadcasts N − 1 REQUESTs and the holder answers one with the TOKEN.
      const trace = measure.max!.witness.trace;
      expect(measure.max!.witness.key).toBe("P1@1");
      expect(trace.map((s) => s.label)).toEqual([
        "init",
        "timer want at P1",
        "deliver REQUEST(P1, 1) P1→P0",
        `deliver TOKEN(LN=[${Array(n).fill(0).join(",")}], Q=[]) P0→P1`,
      ]);
      const sent = trace.slice(1).flatMap((step) => step.event!.sent.map((m) => m.text));
      expect(sent).toEqual([
        ...Array.from({ length: n - 1 }, () => "REQUEST(P1, 1)"),
        `TOKEN(LN=[${Array(n).fill(0).join(",")}], Q=[])`,
      ]);
      expect((trace.at(-1)!.state as State).locals[1]!.phase).toBe("held");
      // Per request: only P0's first, made while it may still hold the token it started with, can
      // cost nothing; every other site always pays N.
      expect(measure.byKey).toEqual(
        Object.fromEntries(
          Array.from({ length: n }, (_, i) => [`P${i}@1`, { min: i === 0 ? 0 : n, max: n }]),
        ),
      );
    }
  });

  it("a TOKEN passed on exit through the queue counts for the request it serves", () => {
    // P0 enters with its token, P1 and P2 request while it is inside: on leaving, P0 queues both
    // and sends the token to P1 with P2 still in the queue.
    const { machine, state } = walk<State>(suzukiKasami, { n: 3 }, [
      "timer want at P0",
      "timer want at P1",
      "timer want at P2",
      "deliver REQUEST(P1, 1) P1→P0",
      "deliver REQUEST(P2, 1) P2→P0",
    ]);
    const leave = machine.actions(state).find((a) => machine.formatAction!(a) === "timer leave at P0")!;
    const next = machine.next(state, leave) as State;
    expect(inFlight(next).map((e) => [e.to, e.message])).toContainEqual([
      "P1",
      { kind: "TOKEN", ln: [1, 0, 0], q: ["P2"] },
    ]);
    const measure = machine.measures!.find((m) => m.name === "messagesPerEntry")!;
    const event = machine.eventOf!(next, { state, action: leave });
    const cost = measure.cost({ from: state, action: leave, to: next, event });
    expect(cost).toEqual(new Map([["P1@1", 1]]));
  });

  it("serving an outdated request sends the idle token to P1, which is done, and P0 starves", async () => {
    const result = await checkModel(suzukiKasami, { config: "stale-request" });
    const v = lasso(result);
    expect(v.name).toBe("granted:P0");
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P1",
      "deliver REQUEST(P1, 1) P1→P0",
      "deliver TOKEN(LN=[0,0,0], Q=[]) P0→P1",
      "timer want at P0",
      "timer leave at P1",
      "timer want at P2",
      "deliver REQUEST(P2, 1) P2→P0",
      "deliver REQUEST(P2, 1) P2→P1",
      "deliver REQUEST(P0, 1) P0→P1",
      "deliver TOKEN(LN=[0,1,0], Q=[]) P1→P2",
      "timer leave at P2",
      "deliver REQUEST(P1, 1) P1→P2",
      "deliver REQUEST(P0, 1) P0→P2",
      "deliver TOKEN(LN=[0,1,1], Q=[]) P2→P1",
    ]);
    // The stale REQUEST: P1's first request, long served (LN[1] = RN[1] = 1), still moves the token.
    const stale = v.trace[12]!;
    const before = v.trace[11]!.state as State;
    expect(before.locals[2]!.token!.ln[1]).toBe(1);
    expect(before.locals[1]).toMatchObject({ phase: "released", done: 1 });
    expect(stale.event!.sent.map((m) => [m.to, m.text])).toEqual([["P1", "TOKEN(LN=[0,1,1], Q=[])"]]);
    // P1 had heard P0's REQUEST before the token came, P2 only after it had gone: nobody sends it on.
    expect(v.at.locals[0]).toMatchObject({ phase: "wanted", ts: 1, token: null });
    expect(v.at.locals[1]).toMatchObject({ phase: "released", done: 1, rn: [1, 1, 1] });
    expect(v.at.locals[1]!.token).toEqual({ ln: [0, 1, 1], q: [] });
    expect(inFlight(v.at)).toEqual([]);
    expect(v.message).toBe(
      "P0 requests the critical section (n = 1) and is never granted it: P1 holds the token — stuck here forever: no step that fairness forces is enabled (under weak fairness of delivery, timers)",
    );
    // The correct algorithm, walked the same way, refuses the stale request at P2.
    const correct = walk<State>(
      suzukiKasami,
      { n: 3 },
      v.trace.slice(1, 13).map((s) => s.label),
    );
    expect(correct.state.locals[2]!.token).not.toBeNull();
    expect(inFlight(correct.state).map((e) => e.message.kind)).toEqual(["REQUEST"]);
  });

  it("the stale request breaks no invariant, and its stuck end is a deadlock once the deadlock check is on", async () => {
    const safetyOnly = await checkModel(suzukiKasami, { config: "stale-request", liveness: false });
    expect(safetyOnly.verdict).toBe("holds");
    const withDeadlock = await checkModel(suzukiKasami, { config: "stale-request", checkDeadlock: true });
    expect(withDeadlock.verdict === "violated" && withDeadlock.violation.kind).toBe("deadlock");
    // Two sites cannot show it: a REQUEST goes only to the one site that can serve it.
    const two = await checkModel(suzukiKasami, { params: { n: 2, entries: 2 }, variant: "serve-outdated" });
    expect(two.verdict).toBe("holds");
  });

  it("a duplicated TOKEN makes two tokens, and then two sites inside", async () => {
    const result = await checkModel(suzukiKasami, { config: "duplicated-token" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.message).toContain("2 tokens: TOKEN P0→P1, TOKEN P0→P1");
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P1",
      "deliver REQUEST(P1, 1) P1→P0",
      "duplicate TOKEN(LN=[0,0], Q=[]) P0→P1",
    ]);
    // The copy stays in flight while the original serves P1 and then P0; P1's next request is
    // met by the copy, with P0 inside.
    const { machine, state } = walk<State>(suzukiKasami, { n: 2, entries: 2, duplicate: 1 }, [
      "timer want at P1",
      "deliver REQUEST(P1, 1) P1→P0",
      "duplicate TOKEN(LN=[0,0], Q=[]) P0→P1",
      "deliver TOKEN(LN=[0,0], Q=[]) P0→P1",
      "timer leave at P1",
      "timer want at P0",
      "deliver REQUEST(P0, 1) P0→P1",
      "deliver TOKEN(LN=[0,1], Q=[]) P1→P0",
      "timer want at P1",
      "deliver TOKEN(LN=[0,0], Q=[]) P0→P1",
    ]);
    const exclusion = machine.invariants.find((i) => i.name === "mutualExclusion")!;
    expect(exclusion.holds(state)).toBe(false);
    expect(exclusion.explain!(state)).toBe("P0 and P1 are in the critical section together");
  });

  // The large configuration's liveness is checked by its expectation above.
  it.each(holding.filter((c) => c.name !== "three-twice"))(
    "config $name: every request is eventually granted, under weakly fair delivery and timers",
    async (config) => {
      const result = await checkModel(suzukiKasami, { config: config.name, measures: false });
      const n = Number(config.params?.n ?? 3);
      expect(result.verdict).toBe("holds");
      expect(result.options.liveness).toEqual(Array.from({ length: n }, (_, i) => `granted:P${i}`));
      expect(result.options.fairness).toEqual({ delivery: "weak", timers: "weak" });
    },
  );

  it("with delivery not fair, a request may wait forever for a REQUEST never delivered", async () => {
    const result = await checkModel(suzukiKasami, { params: { n: 2 }, fairness: { delivery: "none" } });
    const v = lasso(result);
    expect(v.name).toBe("granted:P0");
    expect(v.at.locals[0]!.phase).toBe("wanted");
    expect(inFlight(v.at).length).toBeGreaterThan(0);
    expect(v.message).toContain("(under weak fairness of timers)");
  });

  it("measuring changes no count: the same states, successors and depth with measures on and off", async () => {
    for (const config of holding.filter((c) => (c.expect.states ?? 0) < 10_000)) {
      const on = await checkModel(suzukiKasami, { config: config.name, liveness: false });
      const off = await checkModel(suzukiKasami, { config: config.name, liveness: false, measures: false });
      expect(off.measures).toBeUndefined();
      expect(on.measures?.map((m) => m.name)).toEqual(["messagesPerEntry"]);
      expect([on.verdict, on.stats.distinctStates, on.stats.generatedStates, on.stats.depth]).toEqual([
        off.verdict,
        off.stats.distinctStates,
        off.stats.generatedStates,
        off.stats.depth,
      ]);
    }
  });

  it("refuses bad parameters without a model error", () => {
    expect(() => instantiate(suzukiKasami, { n: 1 })).toThrow(/n/);
    expect(() => instantiate(suzukiKasami, { entries: 0 })).toThrow(/entries/);
  });

  it("runs from the command line: exit 0 when it holds, 1 with the trace when it does not", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, "models/mutex/suzuki-kasami.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const holds = run("--n", "2");
    expect(holds.status).toBe(0);
    expect(holds.stdout).toContain("✓ holds  21 distinct states · 28 generated · depth 9");
    expect(holds.stdout).toContain("messagesPerEntry  min 0  max 2");
    const starving = run("--config", "stale-request");
    expect(starving.status).toBe(1);
    expect(starving.stdout).toContain("✗ violated  liveness (granted:P0): P0 requests the critical section");
    expect(starving.stdout).toContain(
      "reproduce: npx check models/mutex/suzuki-kasami.ts --config stale-request\n",
    );
    const bad = run("--n", "9");
    expect(bad.status).toBe(2);
  });
});

// distinct, generated, depth by "NxENTRIES" — computed by the checker, equal under BFS and DFS,
// and 2x1 equal to the hand count above.
const PINNED: Record<string, [number, number, number]> = {
  "2x1": [21, 28, 9],
  "2x2": [89, 124, 17],
  "3x1": [727, 2081, 16],
};
