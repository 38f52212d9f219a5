// mutex-lamport: its declared configurations, its counts cross-checked between strategies, the
// broken variant's trace, the non-FIFO counterexample (and the run on from it that puts both
// processes inside), 3(N − 1) messages per entry, and liveness (every request granted).
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { type ActorState, type CheckResult, checkModel, defineModel, inFlight } from "../../checker/index.ts";
import mutexLamport from "../../models/mutex/mutex-lamport.ts";
import { walk } from "../fixtures/walk.ts";

type Local = {
  phase: "released" | "wanted" | "held";
  clock: number;
  ts: number | null;
  queue: { ts: number; id: string }[];
  later: string[];
  done: number;
};
type State = ActorState<Local, unknown>;

// The actor form's configurations; variant tla's have their own spec (mutex-lamport-tla.spec.ts).
const configs = (mutexLamport.configs ?? []).filter((c) => c.variant !== "tla");
// `large` is the default's search reduced, safety only: its own test is below.
const holding = configs.filter((c) => c.expect.verdict === "holds" && c.name !== "large");

/** One BFS run per configuration, shared by the tests that read it (the default has 396,007 states). */
const bfsRuns = new Map<string, Promise<CheckResult>>();
const bfs = (config: string) => {
  if (!bfsRuns.has(config)) bfsRuns.set(config, checkModel(mutexLamport, { config }));
  return bfsRuns.get(config)!;
};

describe("mutex-lamport", () => {
  it("config large: partial-order reduction keeps the verdict and stores fewer of the default's states", async () => {
    const reduced = await checkModel(mutexLamport, { config: "large" });
    // Unreduced, it is the default's search (liveness changes no count): shared with the tests below.
    const full = await bfs("default");
    expect(reduced.options.por).toBe(true);
    expect([reduced.verdict, full.verdict]).toEqual(["holds", "holds"]);
    expect(full.stats.distinctStates).toBe(396007);
    expect(reduced.stats.distinctStates).toBe(273137);
  });

  it.each(configs)("config $name gives its expected verdict and pinned counts", async (config) => {
    await expectModel(mutexLamport).toMatchExpectation(config.name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    const breadth = await bfs(config.name);
    const dfs = await checkModel(mutexLamport, { config: config.name, strategy: "dfs" });
    expect(breadth.verdict).toBe("holds");
    expect(dfs.verdict).toBe("holds");
    expect(breadth.options.por).toBe(false);
    expect(dfs.stats.distinctStates).toBe(breadth.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(breadth.stats.generatedStates);
    // Without faults every path to a state has the same length (the timers fired and the messages
    // delivered can be read off the state), so even the depths agree.
    expect(dfs.stats.depth).toBe(breadth.stats.depth);
    expect([breadth.stats.distinctStates, breadth.stats.generatedStates, breadth.stats.depth]).toEqual(
      PINNED[config.name],
    );
  });

  it.each(holding)(
    "config $name: every request is eventually granted, under weakly fair delivery and timers",
    async (config) => {
      const result = await bfs(config.name);
      const n = Number(config.params?.n ?? 3);
      expect(result.verdict).toBe("holds");
      expect(result.options.liveness).toEqual(Array.from({ length: n }, (_, i) => `granted:P${i}`));
      expect(result.options.fairness).toEqual({ delivery: "weak", timers: "weak" });
    },
  );

  it("entering on the head of the queue alone (L2 without L1) puts both processes inside at once", async () => {
    const result = await checkModel(mutexLamport, { config: "head-only" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.name).toBe("mutualExclusion");
    expect(result.violation.message).toContain("P0 and P1 are in the critical section together");
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P0",
      "timer want at P1",
    ]);
    const last = result.violation.trace.at(-1)!.state as State;
    expect(last.locals.map((l) => l.phase)).toEqual(["held", "held"]);
  });

  it("over an unordered network a REPLY overtakes its sender's earlier REQUEST: P1 is served first", async () => {
    const result = await checkModel(mutexLamport, { config: "unordered" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.name).toBe("servedInOrder");
    expect(result.violation.message).toContain(
      "P1 (ts 1) is in the critical section while P0 waits with the earlier request (ts 1, P0)",
    );
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "timer want at P0",
      "timer want at P1",
      "deliver REQUEST(ts=1) P1→P0",
      "deliver REPLY(ts=2) P0→P1",
    ]);
    // P0's REQUEST is still in flight: the REPLY sent after it arrived first.
    const last = result.violation.trace.at(-1)!.state as State;
    expect(inFlight(last).map((e) => [e.from, e.to, e.message])).toEqual([
      ["P0", "P1", { kind: "REQUEST", ts: 1 }],
    ]);
  });

  it("over an unordered network the same run goes on to put both processes inside", () => {
    const { machine, state } = walk<State>(mutexLamport, { n: 2, network: "unordered" }, [
      "timer want at P0",
      "timer want at P1",
      "deliver REQUEST(ts=1) P1→P0",
      "deliver REPLY(ts=2) P0→P1",
      "deliver REQUEST(ts=1) P0→P1",
      "deliver REPLY(ts=4) P1→P0",
    ]);
    const exclusion = machine.invariants.find((i) => i.name === "mutualExclusion")!;
    expect(exclusion.holds(state)).toBe(false);
    expect(exclusion.explain!(state)).toBe("P0 and P1 are in the critical section together");
    // P0 entered by the rules: its own request heads its queue, and P1 sent it a later stamp.
    expect(state.locals[0]!.queue).toEqual([
      { ts: 1, id: "P0" },
      { ts: 1, id: "P1" },
    ]);
    expect(state.locals[0]!.later).toEqual(["P1"]);
  });

  it("over FIFO channels neither invariant breaks, for two processes entering twice", async () => {
    const result = await checkModel(mutexLamport, { config: "two-entries", liveness: false });
    expect(result.verdict).toBe("holds");
  });

  it("one entry costs 3(N − 1) messages: N − 1 REQUESTs, N − 1 REPLYs, N − 1 RELEASEs", async () => {
    // By hand: P0's one entry, alone, sends 2 REQUESTs and 2 RELEASEs and gets 2 REPLYs.
    const { state } = walk<State>(mutexLamport, { n: 3 }, [
      "timer want at P0",
      "deliver REQUEST(ts=1) P0→P1",
      "deliver REQUEST(ts=1) P0→P2",
      "deliver REPLY(ts=2) P1→P0",
      "deliver REPLY(ts=2) P2→P0",
      "timer leave at P0",
      "deliver RELEASE(ts=5) P0→P1",
      "deliver RELEASE(ts=5) P0→P2",
    ]);
    expect(state.locals.map((l) => l.queue)).toEqual([[], [], []]);
    expect(inFlight(state)).toEqual([]);
    // The checker, over every execution of the default's 396,007 states: 6 for every request.
    const measure = (await bfs("default")).measures!.find((m) => m.name === "messagesPerEntry")!;
    expect([measure.min?.value, measure.max?.value]).toEqual([6, 6]);
    const witness = measure.max!.witness;
    const [process, ts] = witness.key!.split("@");
    const sent = witness.trace.flatMap((step) => step.event?.sent ?? []);
    const kinds = (m: { readonly message: unknown }) => (m.message as { kind: string; ts: number }).kind;
    const own = sent.filter(
      (m) => m.from === process && kinds(m) === "REQUEST" && (m.message as { ts: number }).ts === Number(ts),
    );
    expect(own).toHaveLength(2);
    expect(sent.filter((m) => m.to === process && kinds(m) === "REPLY").length).toBe(2);
    expect(sent.filter((m) => m.from === process && kinds(m) === "RELEASE").length).toBe(2);
  });

  it("a wrong expectation of the measure fails, with both witnesses", async () => {
    const wrong = defineModel({
      ...mutexLamport,
      configs: [
        {
          name: "wrong",
          params: { n: 2 },
          expect: { verdict: "holds", measures: { messagesPerEntry: { min: 4, max: "≤ 2" } } },
        },
      ],
    });
    const failure = await expectModel(wrong)
      .toMatchExpectation("wrong")
      .then(
        () => "",
        (error: Error) => error.message,
      );
    expect(failure).toContain("measure messagesPerEntry: expected min 4, measured 3; max ≤ 2, measured 3");
    expect(failure).toContain("min 3 — witness (");
    expect(failure).toContain("max 3 — witness (");
  });
});

// distinct, generated, depth per holding configuration — computed by the checker, equal under BFS
// and DFS.
const PINNED: Record<string, [number, number, number]> = {
  default: [396007, 1023318, 25],
  two: [68, 87, 11],
  "two-entries": [1365, 2159, 21],
};
