// token-ring: its declared configurations, its counts cross-checked between strategies, by hand
// and against the README's example ring, the measures (0 to n − 1 hops per entry, the seed's 1 to
// ∞ from an exit to the next entry) with their witnesses, a lost token (a liveness lasso) and a
// duplicated one (two processes inside).
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import {
  type ActorState,
  checkModel,
  fingerprintHex,
  inFlight,
  instantiate,
  type MeasureResult,
} from "../../checker/index.ts";
import tokenRing from "../../models/mutex/token-ring.ts";
import exampleRing from "../../docs/examples/token-ring.ts";

type Local = { phase: "released" | "wanted" | "held"; done: number };
type State = ActorState<Local, unknown>;

const configs = tokenRing.configs ?? [];
const holding = configs.filter((c) => c.expect.verdict === "holds");
const sizeOf = (config: (typeof configs)[number]) => Number((config.params as { n?: number }).n ?? 3);

/** What the steps of a witness sent, from its opening step on (the occurrence's own steps). */
const sentIn = (measure: MeasureResult, extreme: "min" | "max") => {
  const { trace, from } = measure[extreme]!.witness;
  return trace.slice(from + 1).flatMap((step) => step.event?.sent ?? []);
};

const measured = async (config: string) => {
  const result = await checkModel(tokenRing, { config, liveness: false });
  expect(result.verdict).toBe("holds");
  return (name: string) => result.measures!.find((m) => m.name === name)!;
};

describe("token-ring", () => {
  it.each(configs)("config $name gives its expected verdict and pinned counts", async (config) => {
    await expectModel(tokenRing).toMatchExpectation(config.name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    const bfs = await checkModel(tokenRing, { config: config.name });
    const dfs = await checkModel(tokenRing, { config: config.name, strategy: "dfs" });
    expect(dfs.verdict).toBe("holds");
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    // A DFS's depth is that of its search tree, which on a graph with cycles (the token goes
    // round) may exceed BFS's shortest paths; on these rings it does not, and this says so.
    expect(dfs.stats.depth).toBe(bfs.stats.depth);
  });

  it("two processes, counted by hand: 24 states, 39 generated, depth 8", async () => {
    // A process is released with "want" armed (r), wanted (w), held with "leave" armed (h), or
    // done (d). While nobody holds it the token is in flight to P0 or to P1, and each process is
    // r, w or d: 3 · 3 · 2 = 18 states. While one holds it the token is with it and the other is
    // r, w or d: 2 · 3 = 6. 24 in all.
    // Successors: a state with the token in flight has its delivery and one "want" per process in
    // r — 18 deliveries, and 6 + 6 wants (P0 in r: 3 phases of P1 × 2 destinations; the same for
    // P1): 30. A held state has its "leave" and the other's "want" if it is in r: 2 · (3 + 1) = 8.
    // 38 successors and the initial state: 39 generated.
    // Depth: the deepest shortest path is both entries made and the token back at P0: P1 wants,
    // enters, leaves (token to P0), P0 wants, enters, leaves (token to P1), one more hop — 7
    // steps, 8 states.
    const { stats } = await checkModel(tokenRing, { config: "two" });
    expect([stats.distinctStates, stats.generatedStates, stats.depth]).toEqual([24, 39, 8]);
    // The same states by a plain walk over the machine's steps, every one of which keeps the token.
    const { machine } = instantiate(tokenRing, { n: 2 });
    const seen = new Map<string, State>();
    const queue = machine.init() as State[];
    for (const s of queue) seen.set(fingerprintHex(s), s);
    for (let i = 0; i < queue.length; i++) {
      for (const action of machine.actions(queue[i]!)) {
        const next = machine.next(queue[i]!, action) as State | null;
        if (next === null || seen.has(fingerprintHex(next))) continue;
        seen.set(fingerprintHex(next), next);
        queue.push(next);
      }
    }
    const states = [...seen.values()];
    expect(states).toHaveLength(24);
    const tokens = (s: State) => inFlight(s).length + s.locals.filter((l) => l.phase === "held").length;
    expect(states.every((s) => tokens(s) === 1)).toBe(true);
    expect(states.filter((s) => s.locals.some((l) => l.phase === "held"))).toHaveLength(6);
  });

  it("is the README's example ring, protocol for protocol: the same states, successors and depths", async () => {
    for (const n of [2, 3, 4]) {
      for (const entries of [1, 2]) {
        // Partial-order reduction off: the example declares no observe(), so it has none.
        const ours = await checkModel(tokenRing, {
          params: { n, entries },
          liveness: false,
          por: false,
          measures: false,
        });
        const theirs = await checkModel(exampleRing, { params: { n, entries }, measures: false });
        expect([ours.stats.distinctStates, ours.stats.generatedStates, ours.stats.depth]).toEqual([
          theirs.stats.distinctStates,
          theirs.stats.generatedStates,
          theirs.stats.depth,
        ]);
      }
    }
  });

  it("pins the counts of every holding configuration (BFS; equal under DFS above)", async () => {
    const counts: Record<string, [number, number, number]> = {};
    for (const config of holding) {
      const { stats } = await checkModel(tokenRing, { config: config.name });
      counts[config.name] = [stats.distinctStates, stats.generatedStates, stats.depth];
    }
    expect(counts).toEqual(PINNED);
  });

  it("measures 0 to n − 1 hops per entry: the token on its way, or once round the others", async () => {
    for (const config of holding) {
      const n = sizeOf(config);
      const perEntry = (await measured(config.name))("messagesPerEntry");
      expect([perEntry.min?.value, perEntry.max?.value]).toEqual([0, n - 1]);
      // The cheapest: the TOKEN that lets the process in was already in flight to it as it asked.
      const cheap = perEntry.min!.witness;
      expect(sentIn(perEntry, "min")).toEqual([]);
      expect(cheap.trace.at(-1)!.label).toMatch(new RegExp(`^deliver TOKEN P\\d→${cheap.key}$`));
      // The dearest: every other process passes the token once, the last of them to the requester.
      const senders = sentIn(perEntry, "max").map((m) => m.from);
      const key = perEntry.max!.witness.key!;
      expect([...senders].sort()).toEqual(
        Array.from({ length: n }, (_, i) => `P${i}`).filter((id) => id !== key),
      );
      expect(sentIn(perEntry, "max").at(-1)!.to).toBe(key);
    }
  });

  it("measures 1 to n from a request to its exit: the hops to the requester and its pass on exit", async () => {
    for (const config of holding) {
      const response = (await measured(config.name))("responseTime");
      expect([response.min?.value, response.max?.value]).toEqual([1, sizeOf(config)]);
      // The exit's pass is the last message of every occurrence.
      const { trace, key } = response.max!.witness;
      expect(trace.at(-1)!.label).toBe(`timer leave at ${key}`);
      expect(sentIn(response, "max").at(-1)!.from).toBe(key);
    }
  });

  it("measures the seed's 1 to ∞ from an exit to the next entry: one hop to a waiting successor, or round for ever", async () => {
    for (const config of holding) {
      const n = sizeOf(config);
      const sync = (await measured(config.name))("syncDelay");
      expect(sync.min?.value).toBe(1);
      expect(sync.max?.value).toBe("unbounded");
      // 1: the exit passes the token to a successor that waits for it and enters on it.
      const one = sentIn(sync, "min");
      expect(one).toHaveLength(1);
      const last = sync.min!.witness.trace.at(-1)!;
      expect(last.label).toBe(`deliver TOKEN ${one[0]!.from}→${one[0]!.to}`);
      // ∞: a lasso from an exit on, whose loop carries the token once round the whole ring while
      // nobody wants the critical section.
      const { trace, loopStart } = sync.max!.witness;
      expect(loopStart).not.toBeNull();
      expect(fingerprintHex(trace[loopStart!]!.state)).toBe(fingerprintHex(trace.at(-1)!.state));
      const loop = trace.slice(loopStart! + 1);
      expect(loop).toHaveLength(n);
      expect(loop.every((step) => step.label.startsWith("deliver TOKEN"))).toBe(true);
      expect(loop.flatMap((step) => step.event!.sent)).toHaveLength(n);
      const looping = trace.slice(loopStart!).map((step) => step.state as State);
      expect(looping.every((s) => s.locals.every((l) => l.phase !== "wanted" && l.phase !== "held"))).toBe(
        true,
      );
      expect(trace[sync.max!.witness.from + 1]!.label).toMatch(/^timer leave at P\d$/);
    }
  });

  it("measuring changes no count: the same states, successors and depth with measures on and off", async () => {
    for (const config of holding) {
      const on = await checkModel(tokenRing, { config: config.name, liveness: false });
      const off = await checkModel(tokenRing, { config: config.name, liveness: false, measures: false });
      expect(off.measures).toBeUndefined();
      expect(on.measures?.map((m) => m.name)).toEqual(["messagesPerEntry", "syncDelay", "responseTime"]);
      expect([on.verdict, on.stats.distinctStates, on.stats.generatedStates, on.stats.depth]).toEqual([
        off.verdict,
        off.stats.distinctStates,
        off.stats.generatedStates,
        off.stats.depth,
      ]);
    }
  });

  it.each(holding.filter((c) => c.name !== "large"))(
    "config $name: every request is eventually granted, under weakly fair delivery and timers",
    async (config) => {
      const result = await checkModel(tokenRing, { config: config.name });
      expect(result.verdict).toBe("holds");
      expect(result.options.liveness).toEqual(
        Array.from({ length: sizeOf(config) }, (_, i) => `granted:P${i}`),
      );
      expect(result.options.fairness).toEqual({ delivery: "weak", timers: "weak" });
    },
  );

  it("a lost token starves everyone: a lasso that ends with P0 waiting and no token anywhere", async () => {
    const result = await checkModel(tokenRing, { config: "lost-token" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    const v = result.violation;
    expect([v.kind, v.name]).toEqual(["liveness", "granted:P0"]);
    expect(v.faults).toMatchObject({ drop: 1 });
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P0",
      "timer want at P1",
      "drop TOKEN P0→P1",
    ]);
    const last = v.trace.at(-1)!.state as State;
    expect(last.locals.map((l) => l.phase)).toEqual(["wanted", "wanted"]);
    expect(inFlight(last)).toEqual([]);
    expect(v.message).toContain(
      "P0 requests the critical section and is never granted it: the token is lost — stuck here forever",
    );
    // The loss breaks no invariant: safety holds with the drop budget, liveness alone fails.
    const safety = await checkModel(tokenRing, { config: "lost-token", liveness: false });
    expect(safety.verdict).toBe("holds");
    // Delivery stays weakly fair under --drop (the model's own fairness), so the lasso is the
    // loss, not a delivery put off for ever.
    expect(result.options.fairness).toEqual({ delivery: "weak", timers: "weak" });
  });

  it("a duplicated token lets two processes in: each keeps one copy", async () => {
    const result = await checkModel(tokenRing, { config: "duplicated-token" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.faults).toMatchObject({ duplicate: 1 });
    expect(result.violation.message).toContain("P0 and P1 are in the critical section together");
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P0",
      "timer want at P1",
      "duplicate TOKEN P0→P1",
      "deliver TOKEN P0→P1",
      "deliver TOKEN P0→P1",
      "deliver TOKEN P1→P0",
    ]);
  });

  it("a ring started with two tokens lets two processes in without any fault", async () => {
    const result = await checkModel(tokenRing, { config: "two-tokens" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.faults).toEqual({});
    expect(result.violation.message).toContain("P0 and P1 are in the critical section together");
    const init = result.violation.trace[0]!.state as State;
    expect(inFlight(init).map((e) => `${e.from}→${e.to}`)).toEqual(["P0→P1", "P0→P1"]);
  });
});

// distinct, generated, depth per holding configuration — computed by the checker, equal (depth
// aside) under BFS and DFS.
const PINNED: Record<string, [number, number, number]> = {
  default: [108, 208, 12],
  two: [24, 39, 8],
  "two-entries": [70, 119, 14],
  four: [432, 973, 16],
  large: [21875, 63126, 35],
};
