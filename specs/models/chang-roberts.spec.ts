// chang-roberts: its declared configurations, its counts cross-checked between strategies and
// against a hand count, the arrangements of ids, its broken variant's trace, and the command line.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { checkModel } from "../../checker/index.ts";
import changRoberts, {
  everyArrangement,
  expectedElectionMessages,
  ringIds,
} from "../../models/election/chang-roberts.ts";

const BIN = resolve(import.meta.dirname, "../../bin/check.mjs");
const configs = changRoberts.configs ?? [];
const holding = configs.filter((c) => c.expect.verdict === "holds");

describe("chang-roberts", () => {
  it("on the ring 1 → 2 → 3 → 1 has the 14 states, 20 generated, depth 9 counted by hand", async () => {
    // ELECTION(1) dies at P2 (step a), ELECTION(2) dies at P3 (step b), ELECTION(3) makes three
    // hops c1 c2 c3. The FIFO links make c2 wait for a (it queues behind ELECTION(1) on P1→P2)
    // and c3 wait for b. A state before c3 is (a?, b?, hops of 3 ∈ 0..2), with 2 hops only after
    // a: 4 + 4 + 2 = 10 states. c3 crowns P3; ELECTED(3) then makes three hops: 4 more states.
    // Enabled steps: hops 0: 3 + 2 + 2 + 1; hops 1: 2 + 2 + 1 + 1; hops 2: 1 + 1; then 1, 1, 1, 0.
    // Generated: 1 initial + 8 + 6 + 2 + 3 = 20. Every path is a, b, c1..c3 and three ELECTED
    // hops in some order: 8 steps, so depth 9 (the initial state counts 1).
    const result = await checkModel(changRoberts, { params: { n: 3, ids: "increasing" }, por: false });
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 14, generatedStates: 20, depth: 9 });
  });

  it("on the ring 1 → 2 → 1 has 7 states, 8 generated, depth 6", async () => {
    // ELECTION(1) dies at P2 either before or after P1 forwards ELECTION(2) (behind it on the
    // link): 1 + 2 + 1 states; then P2 is crowned and ELECTED(2) makes two hops: 3 more.
    const result = await checkModel(changRoberts, { params: { n: 2, ids: "increasing" }, por: false });
    expect(result.stats).toMatchObject({ distinctStates: 7, generatedStates: 8, depth: 6 });
  });

  it.each(configs)("config $name gives its expected verdict and pinned counts", async (config) => {
    await expectModel(changRoberts).toMatchExpectation(config.name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    const bfs = await checkModel(changRoberts, { config: config.name, por: false });
    const dfs = await checkModel(changRoberts, { config: config.name, strategy: "dfs", por: false });
    expect(dfs.verdict).toBe("holds");
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    // Without faults every path to a state has the same length (the hops each message has made
    // can be read off the state), so even the depths agree.
    expect(dfs.stats.depth).toBe(bfs.stats.depth);
  });

  it("pins the counts (BFS; equal under DFS above)", async () => {
    const counts: Record<string, [number, number, number]> = {};
    for (const key of Object.keys(PINNED)) {
      const [n, ids] = key.split(" ");
      const { stats } = await checkModel(changRoberts, { params: { n: Number(n), ids }, por: false });
      counts[key] = [stats.distinctStates, stats.generatedStates, stats.depth];
    }
    expect(counts).toEqual(PINNED);
  });

  it("places the ids as asked, the same for the same seed", () => {
    expect(ringIds(5, "increasing")).toEqual([1, 2, 3, 4, 5]);
    expect(ringIds(5, "decreasing")).toEqual([5, 4, 3, 2, 1]);
    expect(ringIds(4, "random:1")).toEqual([4, 2, 1, 3]);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 7 }), fc.nat(), (n, seed) => {
        const ids = ringIds(n, `random:${seed}`);
        expect([...ids].sort((a, b) => a - b)).toEqual(ringIds(n, "increasing"));
        expect(ringIds(n, `random:${seed}`)).toEqual(ids);
      }),
    );
  });

  it("counts by hand the seed's ELECTION messages: N(N + 1)/2 at worst, 2N − 1 at best", () => {
    for (let n = 2; n <= 7; n++) {
      expect(expectedElectionMessages(ringIds(n, "decreasing"))).toBe((n * (n + 1)) / 2);
      expect(expectedElectionMessages(ringIds(n, "increasing"))).toBe(2 * n - 1);
    }
  });

  it("measures in every interleaving the ELECTION messages counted by hand, and N announcements more", async () => {
    // One arrangement sends the same messages in every interleaving: min = max = the hand count.
    for (const n of [3, 4, 5]) {
      for (const ids of everyArrangement(n)) {
        const result = await checkModel(changRoberts, { params: { n, ids }, liveness: false });
        expect(result.verdict).toBe("holds");
        const figures = Object.fromEntries(
          (result.measures ?? []).map((m) => [m.name, [m.min?.value, m.max?.value]]),
        );
        const election = expectedElectionMessages(ringIds(n, ids));
        expect(figures).toEqual({
          electionMessages: [election, election],
          messages: [election + n, election + n],
        });
      }
    }
  });

  it("measuring changes no count: the same states, successors and depth with measures on and off", async () => {
    for (const config of holding) {
      for (const por of [false, true]) {
        const on = await checkModel(changRoberts, { config: config.name, por, liveness: false });
        const off = await checkModel(changRoberts, {
          config: config.name,
          por,
          liveness: false,
          measures: false,
        });
        expect(off.measures).toBeUndefined();
        expect(on.measures?.map((m) => m.name)).toEqual(["electionMessages", "messages"]);
        expect([on.verdict, on.stats.distinctStates, on.stats.generatedStates, on.stats.depth]).toEqual([
          off.verdict,
          off.stats.distinctStates,
          off.stats.generatedStates,
          off.stats.depth,
        ]);
      }
    }
  });

  it("a measure's witness is a complete election, replayed: it ends with everyone knowing P<n>", async () => {
    const result = await checkModel(changRoberts, { config: "decreasing-4", liveness: false });
    const election = result.measures!.find((m) => m.name === "electionMessages")!;
    for (const extreme of [election.min!, election.max!]) {
      const trace = extreme.witness.trace;
      expect(trace[0]!.label).toBe("init");
      const last = trace.at(-1)!.state as { locals: { leader: number | null }[] };
      expect(last.locals.map((l) => l.leader)).toEqual([4, 4, 4, 4]);
      // The four ELECTIONs the processes sent as they started are in flight in the initial state;
      // the steps forward the rest: 10 = N(N + 1)/2 in all.
      const isElection = (m: { message: unknown }) => (m.message as { kind: string }).kind === "ELECTION";
      const started = trace[0]!.event!.inFlight.filter(isElection).length;
      const forwarded = trace.slice(1).flatMap((step) => step.event!.sent.filter(isElection)).length;
      expect([started, started + forwarded]).toEqual([4, 10]);
    }
  });

  it("forwarding smaller ids crowns the first id to come home", async () => {
    const result = await checkModel(changRoberts, { config: "forward-smaller", por: false });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.message).toContain("P1 considers itself the leader, but the maximum id is 4");
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "deliver ELECTION(1) P1→P2",
      "deliver ELECTION(2) P2→P3",
      "deliver ELECTION(1) P2→P3",
      "deliver ELECTION(3) P3→P4",
      "deliver ELECTION(2) P3→P4",
      "deliver ELECTION(1) P3→P4",
      "deliver ELECTION(4) P4→P1",
      "deliver ELECTION(3) P4→P1",
      "deliver ELECTION(2) P4→P1",
      "deliver ELECTION(1) P4→P1",
    ]);
    const last = result.violation.trace.at(-1)!;
    expect(last.event?.received).toMatchObject({
      from: "P4",
      to: "P1",
      message: { kind: "ELECTION", id: 1 },
    });
    expect(last.event?.sent).toEqual([
      { from: "P1", to: "P2", message: { kind: "ELECTED", id: 1 }, text: "ELECTED(1)" },
    ]);
  });

  it.each(["increasing", "decreasing", "random:1", "random:7"])(
    "under partial-order reduction, ids %s take one order of the hops: one state per message, plus the first",
    async (ids) => {
      // On the FIFO ring each process has one sender, and its link is never empty while it has a
      // step, so each state's ample set is a single hop and the reduced graph is one path: as
      // many states as messages sent, plus the initial one (the messages are counted by hand
      // in expectedElectionMessages, and N announcements).
      for (const n of [3, 5, 7]) {
        for (const strategy of ["bfs", "dfs"] as const) {
          const reduced = await checkModel(changRoberts, {
            params: { n, ids },
            strategy,
            audit: true,
            liveness: false,
          });
          expect(reduced.verdict).toBe("holds");
          expect(reduced.options.por).toBe(true);
          expect(reduced.stats.distinctStates).toBe(expectedElectionMessages(ringIds(n, ids)) + n + 1);
          expect(reduced.stats.reductions.audit).toMatchObject({ agrees: true, unreducedVerdict: "holds" });
        }
      }
    },
  );

  it("under partial-order reduction still finds the broken variant", async () => {
    const result = await checkModel(changRoberts, { config: "forward-smaller", liveness: false });
    expect(result.options.por).toBe(true);
    expect(result.verdict).toBe("violated");
    if (result.verdict === "violated") expect(result.violation.name).toBe("leaderIsMax");
  });

  it.each(["increasing", "decreasing", "random:1"])(
    "ends under fair delivery: electionEnds holds with ids %s, on FIFO and unordered links",
    async (ids) => {
      for (const network of ["fifo", "unordered"]) {
        const result = await checkModel(changRoberts, { params: { n: 4, ids, network } });
        expect(result.options.liveness).toEqual(["electionEnds"]);
        expect(result.options.fairness).toEqual({ delivery: "weak", timers: "weak" });
        expect(result.verdict).toBe("holds");
      }
    },
  );

  it("does not end if delivery is not fair: the behaviour may stop at the start", async () => {
    const result = await checkModel(changRoberts, { params: { n: 3 }, fairness: { delivery: "none" } });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation).toMatchObject({ kind: "liveness", name: "electionEnds", loopStart: 0 });
    expect(result.violation.message).toContain("never learn the leader — stuck here forever");
  });

  it.each(["increasing", "decreasing", "random:1"])(
    "needs no FIFO for safety: ids %s hold on an unordered network",
    async (ids) => {
      const result = await checkModel(changRoberts, { params: { n: 4, ids, network: "unordered" } });
      expect(result.verdict).toBe("holds");
    },
  );

  it("runs from the command line: exit 0 when it holds, 1 with the trace when it does not", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, "models/election/chang-roberts.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const holds = run("--n", "3", "--ids", "increasing", "--no-por");
    expect(holds.status).toBe(0);
    expect(holds.stdout).toContain("✓ holds  14 distinct states · 20 generated · depth 9");
    const reduced = run("--n", "7", "--ids", "decreasing", "--no-liveness");
    expect(reduced.status).toBe(0);
    expect(reduced.stdout).toContain("✓ holds  36 distinct states");
    expect(reduced.stdout).toMatch(/partial-order reduction: \d+ transitions pruned in \d+ states/);
    const broken = run("--n", "3", "--ids", "decreasing", "--variant", "forward-smaller", "--no-liveness");
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain("shortest among the orders explored (--no-por for a shortest overall)");
    expect(broken.stdout).toContain("invariant leaderIsMax");
    expect(broken.stdout).toMatch(/deliver ELECTION\(\d\) P\d→P\d/);
  });
});

// distinct, generated, depth by "N IDS" — computed by the checker, equal under BFS and DFS, and
// equal to the hand counts above for n = 2 and n = 3 increasing.
const PINNED: Record<string, [number, number, number]> = {
  "2 increasing": [7, 8, 6],
  "3 increasing": [14, 20, 9],
  "3 decreasing": [17, 25, 10],
  "4 random:1": [33, 62, 13],
  "4 decreasing": [46, 89, 15],
  "5 increasing": [52, 118, 15],
  "5 decreasing": [137, 336, 21],
  "5 random:7": [71, 162, 17],
  "6 decreasing": [435, 1294, 28],
  "7 decreasing": [1437, 5013, 36],
  "7 random:1": [436, 1495, 25],
};
