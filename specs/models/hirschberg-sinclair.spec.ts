// hirschberg-sinclair: its declared configurations, counts cross-checked between strategies and
// against a hand count, its broken variant caught, and its cost: the measured PROBE and REPLY
// messages within the textbook bound 8N(1 + ⌈log₂ N⌉) over every arrangement of ids, beside
// Chang–Roberts' worst case for the same N.
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { checkModel, parseSweepAxis, sweepModel } from "../../checker/index.ts";
import hs from "../../models/election/hirschberg-sinclair.ts";
import changRoberts, { everyArrangement } from "../../models/election/chang-roberts.ts";

const LARGE = process.env.LARGE === "1";
const configs = hs.configs ?? [];
const holding = configs.filter((c) => c.expect.verdict === "holds" && c.name !== "large");
const bound = (n: number) => 8 * n * (1 + Math.ceil(Math.log2(n)));

describe("hirschberg-sinclair", () => {
  it.each(configs.filter((c) => c.name !== "large" || LARGE))(
    "config $name gives its expected verdict, pinned counts and measures",
    async (config) => {
      await expectModel(hs).toMatchExpectation(config.name);
    },
  );

  it("on the ring of two has the 9 states, 10 generated, depth 8 counted by hand", async () => {
    // P1 and P2 probe each other (phase 0). a: P2 swallows PROBE(1); b: P1 replies REPLY(2, 0),
    // queued behind PROBE(1) on P1→P2, so it is delivered (c) after a. a and b in either order:
    // 3 states after the initial one. Then c (P2 to phase 1, PROBE(2, 1, 1)), d (P1 forwards it,
    // d = 2), e (P2's probe is home: leader, ELECTED(2)), f (P1 learns P2 and passes it on), g (P2:
    // back home): 5 more, one each. Generated: 1 + 2 (a, b) + 1 + 1 (the other of a, b) + 1 (c) + 4.
    const result = await checkModel(hs, { params: { n: 2, ids: "increasing" }, por: false });
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 9, generatedStates: 10, depth: 8 });
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    const bfs = await checkModel(hs, { config: config.name, por: false, liveness: false });
    const dfs = await checkModel(hs, { config: config.name, strategy: "dfs", por: false, liveness: false });
    expect(dfs.verdict).toBe("holds");
    expect([dfs.stats.distinctStates, dfs.stats.generatedStates]).toEqual([
      bfs.stats.distinctStates,
      bfs.stats.generatedStates,
    ]);
  });

  it("under partial-order reduction keeps the verdict and the measures with fewer states", async () => {
    for (const ids of ["increasing", "decreasing", "random:1"]) {
      const full = await checkModel(hs, { params: { n: 4, ids }, por: false, liveness: false });
      const reduced = await checkModel(hs, { params: { n: 4, ids }, liveness: false, audit: true });
      expect(reduced.options.por).toBe(true);
      expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
      expect(reduced.stats.reductions.audit).toMatchObject({ agrees: true, unreducedVerdict: "holds" });
      const figures = (r: typeof full) => r.measures!.map((m) => [m.name, m.min?.value, m.max?.value]);
      expect(figures(reduced)).toEqual(figures(full));
    }
  });

  it("measuring changes no count", async () => {
    const on = await checkModel(hs, { config: "decreasing-4", por: false });
    const off = await checkModel(hs, { config: "decreasing-4", por: false, measures: false });
    expect(off.measures).toBeUndefined();
    expect([on.stats.distinctStates, on.stats.generatedStates, on.stats.depth]).toEqual([
      off.stats.distinctStates,
      off.stats.generatedStates,
      off.stats.depth,
    ]);
  });

  it("a candidate that survives on one reply probes past a larger neighbour", async () => {
    const result = await checkModel(hs, { config: "one-reply", por: false });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.name).toBe("survivorIsLocalMax");
    expect(result.violation.message).toBe("P2 reached phase 1, but P3 is within 1 of it");
    // The shortest trace: P2 gets P1's reply (P1 < P2) and advances without P3's, which never
    // comes. The reply queues behind P1's own probe on the FIFO link P1→P2, so that goes first.
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "deliver PROBE(1, r=0, d=1) P1→P2",
      "deliver PROBE(2, r=0, d=1) P2→P1",
      "deliver REPLY(2, r=0) P1→P2",
    ]);
  });

  it.each(LARGE ? [2, 3, 4, 5] : [2, 3, 4])(
    "n = %i: over every arrangement, within 8N(1 + ⌈log₂ N⌉), beside Chang–Roberts' worst N(N + 1)/2",
    async (n) => {
      const axis = [parseSweepAxis("ids=every", hs)];
      const swept = await sweepModel(hs, { params: { n }, por: false, liveness: false }, axis);
      expect(swept.runs).toHaveLength(everyArrangement(n).length);
      const election = swept.summaries[0]!.measures.find((m) => m.name === "electionMessages")!;
      expect(election.exactPerRun).toBe(true);
      expect(election.max!.value).toBeLessThanOrEqual(bound(n));
      const cr = await sweepModel(changRoberts, { params: { n }, por: false, liveness: false }, [
        parseSweepAxis("ids=every", changRoberts),
      ]);
      const crWorst = cr.summaries[0]!.measures.find((m) => m.name === "electionMessages")!.max!.value;
      expect(crWorst).toBe((n * (n + 1)) / 2);
      // For small N the quadratic is the smaller: the two bounds cross only at N = 128.
      expect(election.min!.value).toBeGreaterThan(crWorst as number);
    },
  );

  it("the textbook bound drops below Chang–Roberts' worst case from N = 128 on", () => {
    const crosses = Array.from({ length: 300 }, (_, i) => i + 2).find((n) => bound(n) < (n * (n + 1)) / 2);
    expect(crosses).toBe(128);
  });
});
