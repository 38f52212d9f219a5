// ring-election: its declared configurations, counts cross-checked between strategies and against
// a hand count, the 2N messages per initiator over every arrangement and set of initiators, the
// two passes in a witness, the broken variant, and bad parameters.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { type ActorState, checkModel, instantiate } from "../../checker/index.ts";
import ringElection from "../../models/election/ring-election.ts";
import { ringIds } from "../../models/election/chang-roberts.ts";

const BIN = resolve(import.meta.dirname, "../../bin/check.mjs");
const configs = ringElection.configs ?? [];
const holding = configs.filter((c) => c.expect.verdict === "holds");

type State = ActorState<{ readonly id: number; readonly coordinator: number | null }, unknown>;

/** min and max of each measure, by name. */
function figures(result: Awaited<ReturnType<typeof checkModel>>) {
  return Object.fromEntries((result.measures ?? []).map((m) => [m.name, [m.min?.value, m.max?.value]]));
}

/** Every arrangement of 1..n clockwise with n first (one per ring up to rotation), as lists. */
function arrangements(n: number): string[] {
  const out: string[] = [];
  const permute = (prefix: number[], left: number[]) => {
    if (left.length === 0) out.push([n, ...prefix].join(","));
    left.forEach((id, i) => permute([...prefix, id], [...left.slice(0, i), ...left.slice(i + 1)]));
  };
  permute(
    [],
    Array.from({ length: n - 1 }, (_, i) => i + 1),
  );
  return out;
}

describe("ring-election", () => {
  it("on the ring P1 → P2 → P1 with P1 initiating has the 5 states, 5 generated, depth 5 counted by hand", async () => {
    // One initiator leaves one message in flight at every moment, so the graph is a single path:
    // ELECTION[1] to P2, ELECTION[1,2] back to P1 (who picks 2), COORDINATOR(2) to P2, and back
    // to P1, where it stops. Four steps: 5 states, each generated once, depth 5.
    const result = await checkModel(ringElection, { config: "two", por: false });
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 5, generatedStates: 5, depth: 5 });
  });

  it("with one initiator is one path of 2N steps: 2N + 1 states, whatever the arrangement", async () => {
    for (const n of [2, 3, 4, 5, 6, 7]) {
      for (const ids of ["increasing", "decreasing"]) {
        const result = await checkModel(ringElection, { params: { n, ids }, por: false, liveness: false });
        expect(result.stats).toMatchObject({ distinctStates: 2 * n + 1, generatedStates: 2 * n + 1 });
      }
    }
  });

  it.each(configs)("config $name gives its expected verdict, pinned counts and measures", async (config) => {
    await expectModel(ringElection).toMatchExpectation(config.name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    const bfs = await checkModel(ringElection, { config: config.name, por: false, liveness: false });
    const dfs = await checkModel(ringElection, {
      config: config.name,
      strategy: "dfs",
      por: false,
      liveness: false,
    });
    expect(dfs.verdict).toBe("holds");
    expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    // Every message makes its N hops one at a time and the hops made can be read off the state,
    // so every path to a state has the same length: even the depths agree.
    expect(dfs.stats.depth).toBe(bfs.stats.depth);
  });

  it("costs 2N messages per initiator, N of them ELECTIONs, in every arrangement and every interleaving (N = 2, 3, 4)", async () => {
    for (const n of [2, 3, 4]) {
      for (const ids of arrangements(n)) {
        for (let mask = 1; mask < 1 << n; mask++) {
          const initiators = Array.from({ length: n }, (_, i) => i + 1).filter(
            (id) => mask & (1 << (id - 1)),
          );
          const k = initiators.length;
          const result = await checkModel(ringElection, {
            params: { n, ids, initiators: initiators.join(",") },
            liveness: false,
          });
          expect(result.verdict).toBe("holds");
          expect(figures(result)).toEqual({
            messages: [2 * k * n, 2 * k * n],
            electionMessages: [k * n, k * n],
          });
        }
      }
    }
  });

  it("pins 2N for one initiator and 2kN for k of them in the configurations", () => {
    for (const config of holding) {
      const n = config.params!.n as number;
      const k = String(config.params!.initiators ?? "1").split(",").length;
      expect(config.expect.measures).toEqual({
        messages: { min: 2 * k * n, max: 2 * k * n },
        electionMessages: { min: k * n, max: k * n },
      });
    }
  });

  it("a witness is the two passes: the list of every id round the ring, then the maximum announced round it", async () => {
    const result = await checkModel(ringElection, { config: "decreasing-5", liveness: false });
    const witness = result.measures!.find((m) => m.name === "messages")!.max!.witness.trace;
    const sent = [
      ...witness[0]!.event!.inFlight,
      ...witness.slice(1).flatMap((step) => step.event!.sent),
    ].map((m) => m.text);
    expect(sent).toEqual([
      "ELECTION[1]",
      "ELECTION[1,5]",
      "ELECTION[1,5,4]",
      "ELECTION[1,5,4,3]",
      "ELECTION[1,5,4,3,2]",
      ...Array<string>(5).fill("COORDINATOR(5) of P1"),
    ]);
    const end = witness.at(-1)!.state as State;
    expect(end.locals.map((l) => l.coordinator)).toEqual([5, 5, 5, 5, 5]);
  });

  it("measuring changes no count: the same states, successors and depth with measures on and off", async () => {
    for (const config of holding) {
      for (const por of [false, true]) {
        const on = await checkModel(ringElection, { config: config.name, por, liveness: false });
        const off = await checkModel(ringElection, {
          config: config.name,
          por,
          liveness: false,
          measures: false,
        });
        expect(off.measures).toBeUndefined();
        expect(on.measures?.map((m) => m.name)).toEqual(["messages", "electionMessages"]);
        expect([on.verdict, on.stats.distinctStates, on.stats.generatedStates, on.stats.depth]).toEqual([
          off.verdict,
          off.stats.distinctStates,
          off.stats.generatedStates,
          off.stats.depth,
        ]);
      }
    }
  });

  it("under partial-order reduction several initiators take one order of the hops, and still agree", async () => {
    const full = await checkModel(ringElection, { config: "all-initiate-4", por: false, liveness: false });
    const reduced = await checkModel(ringElection, {
      config: "all-initiate-4",
      liveness: false,
      audit: true,
    });
    expect(reduced.options.por).toBe(true);
    expect(reduced.verdict).toBe("holds");
    expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
    expect(reduced.stats.reductions.audit).toMatchObject({ agrees: true, unreducedVerdict: "holds" });
  });

  it("skipping the second pass leaves everyone but the originator without a coordinator", async () => {
    const result = await checkModel(ringElection, { config: "skip-announcement" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation).toMatchObject({ kind: "liveness", name: "everyoneKnows" });
    expect(result.violation.message).toContain("P2, P3, P4 never learn the coordinator");
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "deliver ELECTION[1] P1→P2",
      "deliver ELECTION[1,2] P2→P3",
      "deliver ELECTION[1,2,3] P3→P4",
      "deliver ELECTION[1,2,3,4] P4→P1",
    ]);
    const end = result.violation.trace.at(-1)!;
    expect(end.event?.sent).toEqual([]);
    expect((end.state as State).locals.map((l) => l.coordinator)).toEqual([4, null, null, null]);
    // With the deadlock check on, the same end is reported as a deadlock first.
    const deadlock = await checkModel(ringElection, { params: { n: 4 }, variant: "skip-announcement" });
    expect(deadlock.verdict === "violated" && deadlock.violation.name).toBe("deadlock");
  });

  it("ends under fair delivery, on FIFO and unordered links; not without fair delivery", async () => {
    for (const network of ["fifo", "unordered"]) {
      const result = await checkModel(ringElection, { params: { n: 4, initiators: "1,3", network } });
      expect(result.options.liveness).toEqual(["everyoneKnows"]);
      expect(result.verdict).toBe("holds");
    }
    const unfair = await checkModel(ringElection, { config: "default", fairness: { delivery: "none" } });
    expect(unfair.verdict === "violated" && unfair.violation.name).toBe("everyoneKnows");
  });

  it("places the ids as asked", () => {
    expect(ringIds(4, "increasing")).toEqual([1, 2, 3, 4]);
    expect(ringIds(4, "decreasing")).toEqual([4, 3, 2, 1]);
    expect(ringIds(4, "3,1,4,2")).toEqual([3, 1, 4, 2]);
  });

  it.each([
    [{ n: 4, ids: "1,2,3" }, "ids 1,2,3 is not an arrangement of 1..4"],
    [{ n: 3, ids: "1,1,2" }, "ids 1,1,2 is not an arrangement of 1..3"],
    [{ n: 3, initiators: "4" }, "initiators 4 names P4, but the processes are P1 … P3"],
    [{ n: 3, initiators: "0" }, "initiators 0 names P0, but the processes are P1 … P3"],
    [{ n: 3, initiators: "2,2" }, "initiators 2,2 names a process twice"],
    [{ n: 3, initiators: "all" }, "the ids of the processes that start an election"],
  ])("refuses bad parameters %o", (params, message) => {
    expect(() => instantiate(ringElection, params)).toThrow(message);
  });

  it("runs from the command line: exit 0 when it holds, 1 when the second pass is skipped, 2 on bad input", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, "ring-election", ...args], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const holds = run("--config", "two-initiators");
    expect(holds.status).toBe(0);
    expect(holds.stdout).toContain("✓ holds  55 distinct states");
    expect(holds.stdout).toMatch(/messages +min 20 +max 20/);
    const broken = run("--config", "skip-announcement");
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain("liveness (everyoneKnows)");
    const bad = run("--n", "3", "--initiators", "5");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("initiators 5 names P5");
  });
});
