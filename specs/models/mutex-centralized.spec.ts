// mutex-centralized: its declared configurations, its counts cross-checked between strategies and
// by hand, the seed's 3 messages per entry and the other measures with their witnesses, the
// coordinator's crash (a liveness lasso) and the coordinator that grants without queueing.
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import {
  type ActorState,
  checkModel,
  inFlight,
  instantiate,
  type MeasureResult,
} from "../../checker/index.ts";
import mutexCentralized from "../../models/mutex/mutex-centralized.ts";
import { walk } from "../fixtures/walk.ts";

type ClientLocal = { phase: "released" | "wanted" | "held"; done: number };
type CoordinatorLocal = { holder: string | null; queue: string[] };
type State = ActorState<ClientLocal | CoordinatorLocal, unknown>;

const configs = mutexCentralized.configs ?? [];
const holding = configs.filter((c) => c.expect.verdict === "holds");

const kind = (m: { readonly message: unknown }) => (m.message as { kind: string }).kind;
/** What the steps of a witness sent, from its opening step on (the occurrence's own steps). */
const sentIn = (measure: MeasureResult, extreme: "min" | "max") => {
  const { trace, from } = measure[extreme]!.witness;
  return trace.slice(from + 1).flatMap((step) => step.event?.sent ?? []);
};

describe("mutex-centralized", () => {
  it.each(configs)("config $name gives its expected verdict and pinned counts", async (config) => {
    await expectModel(mutexCentralized).toMatchExpectation(config.name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    const bfs = await checkModel(mutexCentralized, { config: config.name });
    const dfs = await checkModel(mutexCentralized, { config: config.name, strategy: "dfs" });
    expect(dfs.verdict).toBe("holds");
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    // Every path to a state has the same length — the timers fired and the messages delivered can
    // be read off the state (a client's phase and entries done, C's holder and queue) — so even
    // the depths agree.
    expect(dfs.stats.depth).toBe(bfs.stats.depth);
  });

  it("one client, counted by hand: 6 states in a line, one step enabled in each", async () => {
    // init (P0 released, "want" armed) → want (REQUEST in flight) → C grants (GRANT in flight,
    // holder P0) → GRANT delivered (P0 held, "leave" armed) → leave (RELEASE in flight) → C frees
    // the critical section (nothing in flight, P0 done: a proper end). Six states, each generated
    // once (the initial one and five successors), the last at depth 6.
    const { stats } = await checkModel(mutexCentralized, { config: "one" });
    expect([stats.distinctStates, stats.generatedStates, stats.depth]).toEqual([6, 6, 6]);
    const { machine, state } = walk<State>(mutexCentralized, { n: 1 }, [
      "timer want at P0",
      "deliver REQUEST P0→C",
      "deliver GRANT C→P0",
      "timer leave at P0",
      "deliver RELEASE P0→C",
    ]);
    expect(state.locals).toEqual([
      { phase: "released", done: 1 },
      { holder: null, queue: [] },
    ]);
    expect(inFlight(state)).toEqual([]);
    expect(machine.actions(state).filter((a) => machine.next(state, a) !== null)).toEqual([]);
  });

  it("pins the counts of every holding configuration (BFS; equal under DFS above)", async () => {
    const counts: Record<string, [number, number, number]> = {};
    for (const config of holding) {
      const { stats } = await checkModel(mutexCentralized, { config: config.name });
      counts[config.name] = [stats.distinctStates, stats.generatedStates, stats.depth];
    }
    expect(counts).toEqual(PINNED);
  });

  it("a request queued behind the holder is granted on the holder's RELEASE, in arrival order", () => {
    const { state } = walk<State>(mutexCentralized, { n: 3 }, [
      "timer want at P0",
      "deliver REQUEST P0→C",
      "timer want at P2",
      "timer want at P1",
      "deliver REQUEST P2→C",
      "deliver REQUEST P1→C",
    ]);
    expect(state.locals[3]).toEqual({ holder: "P0", queue: ["P2", "P1"] });
    const { state: after } = walk<State>(mutexCentralized, { n: 3 }, [
      "timer want at P0",
      "deliver REQUEST P0→C",
      "timer want at P2",
      "timer want at P1",
      "deliver REQUEST P2→C",
      "deliver REQUEST P1→C",
      "deliver GRANT C→P0",
      "timer leave at P0",
      "deliver RELEASE P0→C",
    ]);
    expect(after.locals[3]).toEqual({ holder: "P2", queue: ["P1"] });
    expect(inFlight(after).map((e) => `${kind(e)} ${e.from}→${e.to}`)).toEqual(["GRANT C→P2"]);
  });

  it("measures the seed's 3 messages per entry in every execution: the witness holds REQUEST, GRANT, RELEASE", async () => {
    for (const config of holding) {
      const result = await checkModel(mutexCentralized, { config: config.name, liveness: false });
      const measure = result.measures!.find((m) => m.name === "messagesPerEntry")!;
      expect([measure.min?.value, measure.max?.value]).toEqual([3, 3]);
      for (const extreme of ["min", "max"] as const) {
        const client = measure[extreme]!.witness.key!;
        const own = sentIn(measure, extreme).filter((m) => m.from === client || m.to === client);
        expect(own.map((m) => `${kind(m)} ${m.from}→${m.to}`)).toEqual([
          `REQUEST ${client}→C`,
          `GRANT C→${client}`,
          `RELEASE ${client}→C`,
        ]);
      }
    }
  });

  it("measures a synchronization delay of 2: the exit's RELEASE, then the GRANT that lets the next client in", async () => {
    const result = await checkModel(mutexCentralized, { config: "default", liveness: false });
    const measure = result.measures!.find((m) => m.name === "syncDelay")!;
    expect([measure.min?.value, measure.max?.value]).toEqual([2, 2]);
    const { trace, from } = measure.min!.witness;
    // It opens at an exit and closes at the next entry, by another client.
    expect(trace[from + 1]!.label).toMatch(/^timer leave at P\d$/);
    const leaver = trace[from + 1]!.label.slice(-2);
    const enters = trace.at(-1)!.label;
    expect(enters).toMatch(/^deliver GRANT C→P\d$/);
    expect(enters.endsWith(leaver)).toBe(false);
    expect(
      sentIn(measure, "min")
        .filter((m) => ["RELEASE", "GRANT"].includes(kind(m)))
        .map(kind),
    ).toEqual(["RELEASE", "GRANT"]);
  });

  it("measures the response time from 3 alone to 3 + 3(n − 1)·entries behind every other client", async () => {
    const expected: Record<string, [number, number]> = {
      default: [3, 9],
      one: [3, 3],
      two: [3, 6],
      "two-entries": [3, 9],
      large: [3, 21],
    };
    for (const config of holding) {
      const { n = 3, entries = 1 } = config.params as { n?: number; entries?: number };
      expect(expected[config.name]).toEqual([3, 3 + 3 * (n - 1) * entries]);
      const result = await checkModel(mutexCentralized, { config: config.name, liveness: false });
      const measure = result.measures!.find((m) => m.name === "responseTime")!;
      expect([measure.min?.value, measure.max?.value]).toEqual(expected[config.name]);
    }
    // The default's worst case: P0 asks first, and the other two clients are served before it.
    const result = await checkModel(mutexCentralized, { config: "default", liveness: false });
    const measure = result.measures!.find((m) => m.name === "responseTime")!;
    const sent = sentIn(measure, "max");
    expect(sent).toHaveLength(9);
    const client = measure.max!.witness.key!;
    const others = sent.filter((m) => m.from !== client && m.to !== client);
    expect(others.map(kind).sort()).toEqual(["GRANT", "GRANT", "RELEASE", "RELEASE", "REQUEST", "REQUEST"]);
    // The client's own GRANT comes after both other RELEASEs.
    const grant = sent.findIndex((m) => kind(m) === "GRANT" && m.to === client);
    expect(sent.slice(0, grant).filter((m) => kind(m) === "RELEASE")).toHaveLength(2);
  });

  it("measuring changes no count: the same states, successors and depth with measures on and off", async () => {
    for (const config of holding) {
      const on = await checkModel(mutexCentralized, { config: config.name, liveness: false });
      const off = await checkModel(mutexCentralized, {
        config: config.name,
        liveness: false,
        measures: false,
      });
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

  it("a coordinator that grants without queueing lets P1 in while P0 is inside", async () => {
    const result = await checkModel(mutexCentralized, { config: "no-queue" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.message).toContain("P0 and P1 are in the critical section together");
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P0",
      "deliver REQUEST P0→C",
      "deliver GRANT C→P0",
      "timer want at P1",
      "deliver REQUEST P1→C",
      "deliver GRANT C→P1",
    ]);
    // The correct coordinator, asked the same way, queues P1 instead.
    const { state } = walk<State>(mutexCentralized, { n: 2 }, [
      "timer want at P0",
      "deliver REQUEST P0→C",
      "deliver GRANT C→P0",
      "timer want at P1",
      "deliver REQUEST P1→C",
    ]);
    expect(state.locals[2]).toEqual({ holder: "P0", queue: ["P1"] });
    expect(inFlight(state)).toEqual([]);
  });

  it("a crashed coordinator leaves a requesting client waiting for ever: a lasso that stutters", async () => {
    const result = await checkModel(mutexCentralized, { config: "coordinator-crash" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    const v = result.violation;
    expect(v.kind).toBe("liveness");
    expect(v.name).toBe("granted:P0");
    expect(v.faults).toMatchObject({ crash: 1 });
    // A stutter: the loop is the last state, repeated for ever.
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.trace.map((s) => s.label)).toEqual(["init", "timer want at P0", "timer want at P1", "crash C"]);
    const last = v.trace.at(-1)!.state as State;
    expect(last.up).toEqual([true, true, false]);
    expect(last.locals[0]).toMatchObject({ phase: "wanted" });
    // P0's REQUEST is still in flight, to a coordinator that will never take it.
    expect(inFlight(last).map((e) => `${kind(e)} ${e.from}→${e.to}`)).toContain("REQUEST P0→C");
    expect(v.message).toContain(
      "P0 requests the critical section and is never granted it: the coordinator is down — stuck here forever",
    );
    // No invariant breaks: the crash is a liveness failure only.
    const safety = await checkModel(mutexCentralized, { config: "coordinator-crash", liveness: false });
    expect(safety.verdict).toBe("holds");
    // Only C may crash (mayCrash): the one crash step the initial state offers is C's.
    const { machine } = instantiate(mutexCentralized, { n: 2, crash: 1 });
    const init = machine.init()[0];
    const crashes = machine
      .actions(init)
      .filter((a) => machine.next(init, a) !== null)
      .map((a) => machine.formatAction!(a))
      .filter((label) => label.startsWith("crash"));
    expect(crashes).toEqual(["crash C"]);
  });

  it("without the crash, every request is granted under weakly fair delivery and timers", async () => {
    for (const config of holding.filter((c) => c.name !== "large")) {
      const result = await checkModel(mutexCentralized, { config: config.name });
      const n = Number((config.params as { n?: number }).n ?? 3);
      expect(result.verdict).toBe("holds");
      expect(result.options.liveness).toEqual(Array.from({ length: n }, (_, i) => `granted:P${i}`));
      expect(result.options.fairness).toEqual({ delivery: "weak", timers: "weak" });
    }
  });

  it("with delivery not fair, a request may wait for ever for a message never delivered", async () => {
    const result = await checkModel(mutexCentralized, { params: { n: 1 }, fairness: { delivery: "none" } });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.name).toBe("granted:P0");
    expect(result.violation.message).toContain("stuck here forever");
  });

  it("symmetry over the clients keeps the verdict with fewer states", async () => {
    const full = await checkModel(mutexCentralized, { config: "default", liveness: false });
    const reduced = await checkModel(mutexCentralized, {
      config: "default",
      liveness: false,
      symmetry: true,
    });
    expect(reduced.verdict).toBe("holds");
    expect(reduced.options.symmetry).toBe(true);
    expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
    // The broken coordinator is still caught under symmetry.
    const broken = await checkModel(mutexCentralized, {
      config: "no-queue",
      liveness: false,
      symmetry: true,
    });
    expect(broken.verdict === "violated" && broken.violation.name).toBe("mutualExclusion");
  });
});

// distinct, generated, depth per holding configuration — computed by the checker, equal under BFS
// and DFS.
const PINNED: Record<string, [number, number, number]> = {
  default: [180, 352, 16],
  one: [6, 6, 6],
  two: [33, 49, 11],
  "two-entries": [141, 249, 21],
  large: [16937, 43937, 41],
};
