// Random simulation on models whose answers are known: a bad state at the end of a long path is
// found and shrunk to that path, a run is reproduced from its seed and a failure from its path,
// a correct model is never said to hold, and every reported trace is a run of the model.
import { describe, expect, it } from "vitest";
import { badValue, thrower } from "./fixtures/faulty-models.ts";
import {
  type CheckResult,
  CheckerError,
  checkModel,
  defineModel,
  instantiate,
  type ModelDefinition,
  sameState,
} from "../checker/index.ts";
import { type SimulateRequest, simulateModel } from "../checker/simulate.ts";
import twoPhaseCommit from "../models/commit/two-phase-commit.ts";
import { graphModel } from "./fixtures/graph-model.ts";

function violation(result: CheckResult) {
  if (result.verdict !== "violated") throw new Error(`expected a violation, got ${result.verdict}`);
  return result.violation;
}

interface Climb {
  readonly n: number;
  readonly lit: boolean;
}

/**
 * A counter that is bad at 20 and climbs by one. Two distractors: `flip` toggles a light without
 * touching the counter, and `reset`, enabled while the light is on, sends the counter back to 0.
 * The only shortest way to 20 is twenty `inc`s.
 */
const climb = defineModel({
  name: "climb",
  family: "fixtures",
  description: "a counter that must climb to 20 one step at a time",
  params: {},
  build: () => ({
    init: (): Climb[] => [{ n: 0, lit: false }],
    actions: () => ["inc", "flip", "reset"],
    next: (s: Climb, a: string): Climb | null => {
      if (a === "inc") return { n: s.n + 1, lit: s.lit };
      if (a === "flip") return { n: s.n, lit: !s.lit };
      return s.lit && s.n > 0 ? { n: 0, lit: s.lit } : null;
    },
    invariants: [
      { name: "below20", holds: (s: Climb) => s.n < 20, explain: (s: Climb) => `the counter is at ${s.n}` },
    ],
  }),
});

/** A counter that climbs forever and never fails. */
const endless = defineModel({
  name: "endless",
  family: "fixtures",
  description: "a counter with no bound and no invariant",
  params: {},
  build: () => ({
    init: () => [0],
    actions: () => ["inc"],
    next: (n: number) => n + 1,
    invariants: [],
  }),
});

/** Replays a trace with the model's own functions: every step must be an enabled candidate action. */
function expectRealRun(
  definition: ModelDefinition,
  params: Record<string, unknown>,
  variant: string,
  trace: ReturnType<typeof violation>["trace"],
) {
  const { machine } = instantiate(definition, params, variant);
  expect(trace.length).toBeGreaterThan(0);
  expect(machine.init().some((s) => sameState(s, trace[0]!.state))).toBe(true);
  expect(trace[0]!.label).toBe("init");
  for (let i = 1; i < trace.length; i++) {
    const before = trace[i - 1]!.state;
    const step = trace[i]!;
    expect(machine.actions(before).some((a) => sameState(a, step.action))).toBe(true);
    const after = machine.next(before, step.action);
    expect(after).not.toBeNull();
    expect(sameState(after, step.state)).toBe(true);
  }
}

describe("a violation at the end of a long path", () => {
  it("is found and shrunk to the shortest path", async () => {
    const result = await simulateModel(climb, { seed: 7 });
    const v = violation(result);
    expect(v).toMatchObject({
      kind: "invariant",
      name: "below20",
      message: "the counter is at 20",
      loopStart: null,
    });
    // fast-check shrinks the failing walk to twenty incs, 21 states with the initial one
    expect(v.trace).toHaveLength(21);
    expect(v.trace.map((s) => (s.state as Climb).n)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(v.trace.slice(1).every((s) => s.label === "inc")).toBe(true);
    expect(result.simulation).toMatchObject({ seed: 7, runs: 1000, maxDepth: 100 });
    // a path with colons: the walk that first failed was shrunk
    expect(result.simulation.path).toMatch(/^\d+(:\d+)+$/);
    expect(result.options.strategy).toBe("random");
  });

  it("gives the same result twice for the same seed", async () => {
    const first = await simulateModel(climb, { seed: 2024 });
    const second = await simulateModel(climb, { seed: 2024 });
    expect(second.simulation).toEqual(first.simulation);
    expect(violation(second).trace).toEqual(violation(first).trace);
    expect(second.stats.generatedStates).toBe(first.stats.generatedStates);
    expect(second.stats.distinctStates).toBe(first.stats.distinctStates);
  });

  it("replays the shrunk walk directly from its path, without searching again", async () => {
    const searched = await simulateModel(climb, { seed: 11 });
    const path = searched.simulation.path!;
    const replayed = await simulateModel(climb, { seed: 11, path });
    expect(violation(replayed).trace).toEqual(violation(searched).trace);
    expect(replayed.simulation.path).toBe(path);
    expect(replayed.stats.generatedStates).toBeLessThan(searched.stats.generatedStates / 10);
  });

  it("reports the random seed it drew, and that seed reproduces the run", async () => {
    const drawn = await simulateModel(climb, { runs: 300 });
    const seed = drawn.simulation.seed;
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
    const again = await simulateModel(climb, { runs: 300, seed });
    expect(again.verdict).toBe(drawn.verdict);
    expect(again.simulation).toEqual(drawn.simulation);
    expect(again.stats.generatedStates).toBe(drawn.stats.generatedStates);
  });
});

describe("two-phase commit with three resource managers", () => {
  it("is never said to hold: no violation is an incomplete run", async () => {
    const result = await simulateModel(twoPhaseCommit, {
      params: { rm: 3 },
      seed: 1,
      runs: 400,
      maxDepth: 40,
    });
    expect(result.verdict).toBe("incomplete");
    if (result.verdict !== "incomplete") return;
    expect(result.limit).toBe("random-walks");
    expect(result.reason).toBe(
      "400 random walks of at most 40 steps found no violation; random simulation is not exhaustive",
    );
    expect(result.simulation).toEqual({ seed: 1, runs: 400, maxDepth: 40, path: null });
    // 288 states are reachable (checkModel's pinned count); walks see some of them, repeatedly
    expect(result.stats.distinctStates).toBeGreaterThan(1);
    expect(result.stats.distinctStates).toBeLessThanOrEqual(288);
    expect(result.stats.generatedStates).toBeGreaterThan(result.stats.distinctStates);
    expect(result.stats.depth).toBe(41);
    expect(result.stats.collisionProbability.fromFingerprints).toBeNull();
    expect(result.stats.collisionProbability.optimistic).toBeGreaterThan(0);
  });

  it("catches commit-without-votes with a trace of real transitions", async () => {
    for (const seed of [3, 99]) {
      const result = await simulateModel(twoPhaseCommit, { config: "commit-without-votes", seed });
      const v = violation(result);
      expect(v.kind).toBe("invariant");
      expect(v.name).toBe("TCConsistent");
      expect(v.message).toMatch(/committed while .* aborted/);
      expect(result.variant).toBe("commit-without-votes");
      expectRealRun(twoPhaseCommit, { rm: 3 }, "commit-without-votes", v.trace);
      const last = v.trace[v.trace.length - 1]!.state as { rmState: string[] };
      expect(last.rmState).toContain("committed");
      expect(last.rmState).toContain("aborted");
      // the shortest counterexample is TMCommit, one RM aborts, another receives the commit
      expect(v.trace.length).toBeGreaterThanOrEqual(4);
      expect(v.trace.length).toBeLessThanOrEqual(8);
    }
  });
});

describe("deadlocks and model errors", () => {
  it("reports a state with no enabled action as a deadlock, with its trace", async () => {
    const v = violation(
      await simulateModel(graphModel({ initial: ["a"], edges: { a: ["b"], b: ["c"] } }), { seed: 5 }),
    );
    expect(v).toMatchObject({ kind: "deadlock", name: "deadlock" });
    expect(v.trace.map((s) => s.state)).toEqual(["a", "b", "c"]);
    expect(v.trace.map((s) => s.label)).toEqual(["init", "go b", "go c"]);
  });

  it("does not report a declared terminal state, nor any state when deadlocks are not checked", async () => {
    const terminal = await simulateModel(
      graphModel({ initial: ["a"], edges: { a: ["b"] }, terminal: ["b"] }),
      { runs: 50 },
    );
    expect(terminal.verdict).toBe("incomplete");
    const unchecked = await simulateModel(graphModel({ initial: ["a"], edges: { a: ["b"] } }), {
      runs: 50,
      checkDeadlock: false,
    });
    expect(unchecked.verdict).toBe("incomplete");
  });

  it("stops a walk at the constraint without calling it a deadlock", async () => {
    const bounded = defineModel({
      name: "bounded",
      family: "fixtures",
      description: "a counter bounded by a constraint",
      params: {},
      build: () => ({
        init: () => [0],
        actions: () => ["inc"],
        next: (n: number) => n + 1,
        invariants: [],
        constraint: (n: number) => n <= 4,
      }),
    });
    const result = await simulateModel(bounded, { seed: 1, runs: 100 });
    expect(result.verdict).toBe("incomplete");
    expect(result.stats).toMatchObject({ distinctStates: 5, depth: 5 });
  });

  it("an exception in next() is a model-error with the trace to the state that threw", async () => {
    const v = violation(await simulateModel(thrower, { seed: 1 }));
    expect(v).toMatchObject({ kind: "model-error", name: "exception" });
    expect(v.message).toContain("RangeError: three is too many");
    expect(v.message).toContain("taking inc");
    expect(v.trace.map((s) => s.state)).toEqual([0, 1, 2, 3]);
  });

  it("a state holding a function is a model-error naming the path inside the state", async () => {
    const v = violation(await simulateModel(badValue, { seed: 1 }));
    expect(v).toMatchObject({ kind: "model-error", name: "bad-state-value" });
    expect(v.message).toContain("state.box.f");
    expect(v.message).toContain("reached by step");
    expect(v.trace.map((s) => (s.state as { n: number }).n)).toEqual([0, 1]);
  });

  it("a model that changes between the simulation and the replay is reported as non-deterministic", async () => {
    let inits = 0;
    const flaky = defineModel({
      name: "flaky",
      family: "fixtures",
      description: "starts somewhere else the second time",
      params: {},
      build: () => ({
        init: () => [inits++ === 0 ? 0 : 100],
        actions: () => ["inc"],
        next: (n: number) => n + 1,
        invariants: [{ name: "small", holds: (n: number) => n < 3 }],
      }),
    });
    const v = violation(await simulateModel(flaky, { seed: 1 }));
    expect(v).toMatchObject({ kind: "model-error", name: "nondeterministic-model" });
    expect(v.message).toContain("Math.random");
  });
});

describe("limits", () => {
  it("stops when interrupted, keeping what it found", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await simulateModel(endless, { signal: controller.signal, seed: 1 });
    expect(result.verdict).toBe("incomplete");
    if (result.verdict !== "incomplete") return;
    expect(result.limit).toBe("interrupted");
    expect(result.stats.generatedStates).toBeGreaterThan(0);
    expect(result.simulation.seed).toBe(1);
  });

  it("stops at the time limit", async () => {
    const result = await simulateModel(endless, {
      seed: 1,
      runs: 1_000_000,
      maxDepth: 5000,
      timeLimitSeconds: 0.2,
    });
    expect(result.verdict).toBe("incomplete");
    if (result.verdict !== "incomplete") return;
    expect(result.limit).toBe("time-limit");
    expect(result.reason).toMatch(
      /^stopped at \{ timeLimitSeconds: 0.2 \} s after \d+ of 1000000 random walks$/,
    );
  });
});

describe("options", () => {
  it.each<[string, SimulateRequest]>([
    ["runs", { runs: 0 }],
    ["runs", { runs: 2.5 }],
    ["maxDepth", { maxDepth: -1 }],
    ["maxDepth", { maxDepth: 2 ** 31 }],
    ["seed", { seed: 1.5 }],
    ["seed", { seed: 2 ** 32 }],
    ["path", { path: "3:x" }],
    ["path", { path: "" }],
    ["timeLimitSeconds", { timeLimitSeconds: 0 }],
  ])("rejects a bad %s with a bad-option error naming it", async (option, request) => {
    const error = await simulateModel(climb, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckerError);
    expect((error as CheckerError).code).toBe("bad-option");
    expect((error as CheckerError).message).toMatch(
      new RegExp(`^\\{ ${option}: .* \\} is not accepted( for random walks)?: expected`),
    );
    expect((error as CheckerError).message).not.toContain("\n");
  });

  it.each(["0:999999", "0:999999:0"])(
    "rejects a path that leads nowhere for this seed (%s)",
    async (path) => {
      const error = await simulateModel(climb, { seed: 1, path }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckerError);
      expect((error as CheckerError).code).toBe("bad-option");
      expect((error as CheckerError).message).toMatch(
        /^\{ path: "0:999999(:0)?" \} does not lead to a walk with \{ seed: 1 \}/,
      );
    },
  );

  it("says so when the walk at a path no longer fails", async () => {
    const path = (await simulateModel(climb, { seed: 11 })).simulation.path!;
    const fixed = defineModel({ ...climb, build: () => ({ ...climb.build({}, "correct"), invariants: [] }) });
    const result = await simulateModel(fixed, { seed: 11, path });
    expect(result.verdict).toBe("incomplete");
    if (result.verdict !== "incomplete") return;
    expect(result.reason).toContain(`the walk at { path: "${path}" } with { seed: 11 } no longer fails`);
  });

  it("checkModel sends the random strategy to simulateModel", async () => {
    const error = await checkModel(climb, { strategy: "random" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckerError);
    expect((error as CheckerError).code).toBe("bad-option");
    expect((error as CheckerError).message).toContain("simulateModel");
  });
});
