// paxos, variant tla (models/consensus/paxos-tla.ts): Lamport's Paxos.tla transcribed action for
// action. Its counts against TLC's on MCPaxos's constants and against a hand count, BFS against
// DFS, symmetry over acceptors against the full search, and the broken form (Phase2a ignoring
// the votes in 1b messages) caught by agreement.
import { describe, expect, it } from "vitest";
import { checkModel, defineModel, withVariant } from "../../checker/index.ts";
import { identityPermutation, allPermutations } from "../../checker/reductions/permutations.ts";
import { checkSymmetryLaws } from "../../checker/reductions/symmetry.ts";
import { expectModel } from "../../checker/testing.ts";
import {
  paxosTla,
  type PaxosTlaAction,
  type PaxosTlaState,
  tlaVariant,
} from "../../models/consensus/paxos-tla.ts";

/** The variant on its own, as a model: its parameters, its configurations, its machine. */
const paxos = defineModel({
  name: "paxos-tla-spec",
  family: "consensus",
  description: "Paxos.tla transcribed (the variant tla of paxos, checked on its own)",
  params: tlaVariant.params,
  configs: tlaVariant.configs ?? [],
  build: (params) => tlaVariant.build(params),
});

/** The broken form, as a model of its own: Phase2a proposes any value once a quorum sent 1b. */
const ignoringVotes = defineModel({
  name: "paxos-tla-ignoring-votes",
  family: "consensus",
  description: "Paxos.tla with a Phase2a that ignores the votes reported in 1b messages",
  params: tlaVariant.params,
  build: (params) => paxosTla(params, { ignoreVotes: true }),
});

const sizes = (acceptors: number, values: number, ballots: number) => ({ acceptors, values, ballots });

describe("paxos, variant tla (Paxos.tla)", () => {
  it("with MCPaxos's constants counts what TLC counts: 25 distinct, 82 generated, depth 9", async () => {
    // MCPaxos.tla: Acceptor {a1}, Value {v1}, Quorum {{a1}}, Ballot 0..1; the Examples manifest
    // records TLC's result for MCPaxos.cfg as distinctStates 25, totalStates 82, stateDepth 9.
    const result = await checkModel(paxos, { config: "tla" });
    expect(result.params).toEqual(sizes(1, 1, 2));
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 25, generatedStates: 82, depth: 9 });
  });

  it("with one acceptor, one value and one ballot has the 5 states, 10 generated, depth 5 counted by hand", async () => {
    // (maxBal, maxVBal, maxVal, msgs) of a1; every state also re-sends 1a(0) to itself (Phase1a).
    // depth 1: (-1,-1,None,{})                          successors: Phase1a                 1
    // depth 2: (-1,-1,None,{1a(0)})                                 Phase1a (same), Phase1b 2
    // depth 3: (0,-1,None,{1a(0),1b(a1,0,-1,None)})                 Phase1a (same), Phase2a 2
    //          (Phase1b is off: 0 > maxBal fails; no 1b reports a vote, so v1 is free)
    // depth 4: (0,-1,None,{…,2a(0,v1)})                             Phase1a (same), Phase2b 2
    // depth 5: (0,0,v1,{…,2b(a1,0,v1)})                 Phase1a (same), Phase2b (same: 0 ≥ 0) 2
    // generated: 1 initial + 1 + 2 + 2 + 2 + 2 = 10
    const result = await checkModel(paxos, { params: sizes(1, 1, 1) });
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 5, generatedStates: 10, depth: 5 });
  });

  it.each([
    [3, 2, 2],
    [3, 3, 2],
    [4, 2, 2],
  ])(
    "with %i acceptors, %i values, %i ballots, BFS and DFS find the same states and successors",
    async (a, v, b) => {
      const bfs = await checkModel(paxos, { params: sizes(a, v, b) });
      const dfs = await checkModel(paxos, { params: sizes(a, v, b), strategy: "dfs" });
      expect(bfs.verdict).toBe("holds");
      expect(dfs.verdict).toBe("holds");
      expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
      expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    },
  );

  it("pins the counts, with and without symmetry over the acceptors (BFS)", async () => {
    const counts: Record<string, [number, number, number, number]> = {};
    for (const key of Object.keys(PINNED)) {
      const [a, v, b] = key.split("/").map(Number) as [number, number, number];
      const plain = await checkModel(paxos, { params: sizes(a, v, b) });
      const reduced = await checkModel(paxos, { params: sizes(a, v, b), symmetry: true });
      expect(reduced.verdict).toBe(plain.verdict);
      expect(reduced.options.symmetry).toBe(true);
      expect(reduced.stats.depth).toBe(plain.stats.depth);
      expect(reduced.stats.distinctStates).toBeLessThanOrEqual(plain.stats.distinctStates);
      counts[key] = [
        plain.stats.distinctStates,
        plain.stats.generatedStates,
        plain.stats.depth,
        reduced.stats.distinctStates,
      ];
    }
    expect(counts).toEqual(PINNED);
  });

  it("declares a symmetry that obeys its laws on sampled states, for every permutation of three acceptors", () => {
    const machine = paxosTla(sizes(3, 2, 2));
    const perms = [...allPermutations(3)];
    expect(checkSymmetryLaws(machine, reachable(machine, 400), perms)).toBeNull();
    const broken = paxosTla(sizes(3, 2, 2), { ignoreVotes: true });
    expect(checkSymmetryLaws(broken, reachable(broken, 400), perms)).toBeNull();
    const [initial] = machine.init();
    expect(machine.symmetry?.permute(initial!, identityPermutation(3))).toBe(initial);
  });

  it.each(tlaVariant.configs ?? [])(
    "config $name gives its expected verdict and pinned counts",
    async (config) => {
      // As declared (tla-large reduced by symmetry, held to reducedStates), and in full.
      const declared = await expectModel(paxos).toMatchExpectation(config.name);
      expect(declared.options.symmetry).toBe(config.symmetry ?? false);
      const full = await expectModel(paxos, { symmetry: false }).toMatchExpectation(config.name);
      expect(full.options.symmetry).toBe(false);
    },
  );

  it("runs as the variant tla of a model through withVariant, its parameters refused by the other form", async () => {
    const base = defineModel({
      name: "paxos-base",
      family: "consensus",
      description: "a stand-in for the model's own form",
      params: { acceptors: tlaVariant.params.acceptors },
      build: () => ({
        init: () => [0],
        actions: () => [],
        next: () => null,
        invariants: [],
        terminal: () => true,
      }),
    });
    const combined = withVariant(base, tlaVariant);
    expect(combined.configs?.map((c) => [c.name, c.variant])).toEqual([
      ["tla", "tla"],
      ["tla-large", "tla"],
    ]);
    const result = await checkModel(combined, { config: "tla" });
    expect(result.stats).toMatchObject({ distinctStates: 25, generatedStates: 82, depth: 9 });
    await expect(checkModel(combined, { params: { ballots: 3 } })).rejects.toMatchObject({
      code: "bad-param",
    });
  });

  describe("the broken form: Phase2a ignores the votes reported in 1b messages", () => {
    it("breaks agreement in 13 states with three acceptors: each ballot needs two 1b and two 2b", async () => {
      // The shortest run: 1a for ballots 0 and 1, a quorum's 1b for each ballot, 2a(0, v1) and
      // 2a(1, v2), and two 2b for each; the acceptor common to both quorums reports its ballot-0
      // vote in its 1b for ballot 1, and Phase2a(1, v2) does not look.
      const result = await checkModel(ignoringVotes, { params: sizes(3, 2, 2) });
      expect(result.verdict).toBe("violated");
      if (result.verdict !== "violated") return;
      expect(result.violation.name).toBe("agreement");
      expect(result.violation.trace).toHaveLength(13);
      const labels = result.violation.trace.map((s) => s.label);
      expect(labels.filter((l) => l.startsWith("Phase2a"))).toHaveLength(2);
      expect(labels.filter((l) => l.startsWith("Phase2b"))).toHaveLength(4);
      expect(result.violation.message).toContain("two values are chosen");
    });

    it("breaks agreement in 9 states with one acceptor, and not at all with one value", async () => {
      const one = await checkModel(ignoringVotes, { params: sizes(1, 2, 2) });
      expect(one.verdict).toBe("violated");
      if (one.verdict !== "violated") return;
      expect(one.violation.name).toBe("agreement");
      expect(one.violation.trace.map((s) => s.label)).toEqual([
        "init",
        "Phase1a(0)",
        "Phase1a(1)",
        "Phase1b(a1) on 1a(0)",
        "Phase2a(0, v1) with Q={a1}, votes ignored",
        "Phase2b(a1) on 2a(0,v1)",
        "Phase1b(a1) on 1a(1)",
        "Phase2a(1, v2) with Q={a1}, votes ignored",
        "Phase2b(a1) on 2a(1,v2)",
      ]);
      expect((await checkModel(ignoringVotes, { params: sizes(3, 1, 2) })).verdict).toBe("holds");
    });

    it("is caught with symmetry reduction too", async () => {
      const result = await checkModel(ignoringVotes, { params: sizes(3, 2, 2), symmetry: true });
      expect(result.verdict).toBe("violated");
      if (result.verdict !== "violated") return;
      expect(result.violation.name).toBe("agreement");
      expect(result.violation.trace).toHaveLength(13);
    });
  });

  it("draws each acceptor and the messages sent", () => {
    const machine = paxosTla(sizes(3, 2, 2));
    const [last] = reachable(machine, 4000).filter((s) => s.maxVBal.every((b) => b >= 0));
    const view = machine.view!(last!);
    expect(view.shapes.filter((s) => s.kind === "rect")).toHaveLength(3);
    expect(view.shapes.some((s) => s.kind === "text" && s.text.startsWith("chosen: v"))).toBe(true);
  });
});

/** Up to `limit` reachable states, breadth first. */
function reachable(machine: ReturnType<typeof paxosTla>, limit: number): PaxosTlaState[] {
  const seen = new Set<string>();
  const key = (s: PaxosTlaState) => JSON.stringify([s.maxBal, s.maxVBal, s.maxVal, [...s.msgs].sort()]);
  const states: PaxosTlaState[] = [];
  const queue = [...machine.init()];
  while (queue.length > 0 && states.length < limit) {
    const s = queue.shift()!;
    if (seen.has(key(s))) continue;
    seen.add(key(s));
    states.push(s);
    for (const action of machine.actions(s) as PaxosTlaAction[]) {
      const t = machine.next(s, action);
      if (t !== null) queue.push(t);
    }
  }
  return states;
}

// "acceptors/values/ballots" → distinct, generated, depth without reductions, and distinct with
// --symmetry. Computed by the checker; equal under BFS and DFS (above); 1/1/2 is TLC's MCPaxos
// result and 1/1/1 the hand count. The unreduced counts, and those of 4/2/2, 3/2/3 and 5/2/2,
// also agreed with a second transcription of Paxos.tla written apart from this one when it was
// written (a throwaway breadth-first search over TLA+ records, enumerating TLC's branches).
const PINNED: Record<string, [number, number, number, number]> = {
  "1/1/1": [5, 10, 5, 5],
  "1/1/2": [25, 82, 9, 25],
  "1/2/2": [45, 158, 9, 45],
  "2/2/2": [145, 611, 13, 95],
  "3/2/2": [3921, 23563, 17, 857],
  "3/3/2": [6801, 41311, 17, 1481],
};
