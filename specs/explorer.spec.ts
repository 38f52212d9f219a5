// The explorer on tiny models whose every figure can be worked out by hand: visit order, shortest
// counterexamples, deadlock, each limit, replay, and model errors.
import { describe, expect, it } from "vitest";
import { badValue, thrower } from "./fixtures/faulty-models.ts";
import { type CheckResult, checkModel, defineModel, type Strategy } from "../checker/index.ts";
import { counterModel, type GraphSpec, graphModel } from "./fixtures/graph-model.ts";

function violation(result: CheckResult) {
  if (result.verdict !== "violated") throw new Error(`expected a violation, got ${result.verdict}`);
  return result.violation;
}

// a → b, a → c, b → d, c → d, c → e, d → f, e → f ; f is terminal
const diamond: GraphSpec = {
  initial: ["a"],
  edges: { a: ["b", "c"], b: ["d"], c: ["d", "e"], d: ["f"], e: ["f"] },
  terminal: ["f"],
};

describe("breadth-first search", () => {
  it("discovers states level by level, in action order", async () => {
    const seen: string[] = [];
    const result = await checkModel(graphModel({ ...diamond, onCheck: (n) => seen.push(n) }));
    expect(result.verdict).toBe("holds");
    expect(seen).toEqual(["a", "b", "c", "d", "e", "f"]);
    // 1 initial + a:2 + b:1 + c:2 + d:1 + e:1 successors = 8 generated; levels a | b c | d e | f
    expect(result.stats).toMatchObject({ distinctStates: 6, generatedStates: 8, depth: 4 });
  });

  it("returns a shortest counterexample", async () => {
    // The bad node z is 5 steps away through the first branch and 2 steps through the last.
    const spec: GraphSpec = {
      initial: ["s"],
      edges: { s: ["p1", "q1"], p1: ["p2"], p2: ["p3"], p3: ["p4"], p4: ["z"], q1: ["z"] },
      bad: ["z"],
    };
    const v = violation(await checkModel(graphModel(spec)));
    expect(v.kind).toBe("invariant");
    expect(v.name).toBe("notBad");
    expect(v.message).toBe("reached bad node z");
    expect(v.trace.map((s) => s.state)).toEqual(["s", "q1", "z"]);
    expect(v.trace.map((s) => s.label)).toEqual(["init", "go q1", "go z"]);
  });
});

describe("depth-first search", () => {
  it("expands the most recently found state first", async () => {
    const seen: string[] = [];
    const tree: GraphSpec = {
      initial: ["a"],
      edges: { a: ["b", "c"], b: ["x"], c: ["y"] },
      terminal: ["x", "y"],
    };
    const dfs = await checkModel(graphModel({ ...tree, onCheck: (n) => seen.push(n) }), { strategy: "dfs" });
    // a is expanded (b, c found); c, the newest, is expanded next (y found), then y, then b (x found)
    expect(seen).toEqual(["a", "b", "c", "y", "x"]);
    expect(dfs.stats).toMatchObject({ distinctStates: 5, generatedStates: 5, depth: 3 });
    seen.length = 0;
    await checkModel(graphModel({ ...tree, onCheck: (n) => seen.push(n) }), { strategy: "bfs" });
    expect(seen).toEqual(["a", "b", "c", "x", "y"]);
  });

  it("finds the same violation, by a path that need not be shortest", async () => {
    const spec: GraphSpec = {
      initial: ["s"],
      edges: { s: ["q1", "p1"], p1: ["p2"], p2: ["z"], q1: ["z"] },
      bad: ["z"],
    };
    const v = violation(await checkModel(graphModel(spec), { strategy: "dfs" }));
    expect(v.trace.map((s) => s.state)).toEqual(["s", "p1", "p2", "z"]);
  });
});

describe("depth counts states, an initial state at depth 1", () => {
  // z is found while its parent's level is expanded, before anything of its own level is queued.
  const spec: GraphSpec = {
    initial: ["s"],
    edges: { s: ["q1", "p1"], p1: ["p2"], p2: ["z"], q1: ["z"] },
    bad: ["z"],
  };

  it("so a breadth-first violation's depth is the length of its trace", async () => {
    const result = await checkModel(graphModel(spec));
    expect(violation(result).trace).toHaveLength(3);
    expect(result.stats.depth).toBe(3);
  });

  it("and a depth-first search, which may have gone deeper, is at least as deep as its trace", async () => {
    const result = await checkModel(graphModel(spec), { strategy: "dfs" });
    expect(violation(result).trace).toHaveLength(4);
    expect(result.stats.depth).toBe(4);
  });
});

describe.each<Strategy>(["bfs", "dfs"])("%s", (strategy) => {
  it("reports a state without enabled actions as a deadlock, with its trace", async () => {
    const spec: GraphSpec = { initial: ["a"], edges: { a: ["b"], b: ["c"] } };
    const v = violation(await checkModel(graphModel(spec), { strategy }));
    expect(v.kind).toBe("deadlock");
    expect(v.trace.map((s) => s.state)).toEqual(["a", "b", "c"]);
  });

  it("does not report a declared terminal state, nor any state with --no-deadlock", async () => {
    expect(
      (await checkModel(graphModel({ initial: ["a"], edges: { a: ["b"] }, terminal: ["b"] }), { strategy }))
        .verdict,
    ).toBe("holds");
    expect(
      (
        await checkModel(graphModel({ initial: ["a"], edges: { a: ["b"] } }), {
          strategy,
          checkDeadlock: false,
        })
      ).verdict,
    ).toBe("holds");
  });

  it("counts a counter's states exactly", async () => {
    // 0..10 reachable: 11 distinct; each n < 9 has two successors, 9 has one: 1 + 9·2 + 1 = 20 generated
    const result = await checkModel(counterModel(10), { strategy });
    expect(result.verdict).toBe("holds");
    expect(result.stats.distinctStates).toBe(11);
    expect(result.stats.generatedStates).toBe(20);
  });

  it("stops at --max-states with an incomplete verdict and the partial counts", async () => {
    const result = await checkModel(counterModel(1000), { strategy, maxStates: 50 });
    expect(result.verdict).toBe("incomplete");
    if (result.verdict !== "incomplete") return;
    expect(result.limit).toBe("max-states");
    expect(result.stats.distinctStates).toBe(50);
  });

  it("does not expand states at --max-depth and says the search was cut", async () => {
    const result = await checkModel(counterModel(1000), { strategy, maxDepth: 5 });
    expect(result.verdict).toBe("incomplete");
    if (result.verdict !== "incomplete") return;
    expect(result.limit).toBe("max-depth");
    expect(result.stats.depth).toBe(5);
  });

  it("a --max-depth that cuts nothing still gives holds", async () => {
    const result = await checkModel(graphModel(diamond), { strategy, maxDepth: 10 });
    expect(result.verdict).toBe("holds");
  });

  it("stops when interrupted, keeping what it found", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await checkModel(counterModel(2_000_000), { strategy, signal: controller.signal });
    expect(result.verdict).toBe("incomplete");
    if (result.verdict !== "incomplete") return;
    expect(result.limit).toBe("interrupted");
    expect(result.stats.distinctStates).toBeGreaterThan(0);
  });

  it("stops at --time-limit", async () => {
    const result = await checkModel(counterModel(50_000_000), {
      strategy,
      timeLimitSeconds: 0.2,
      maxDepth: 50_000_000,
    });
    expect(result.verdict).toBe("incomplete");
    if (result.verdict !== "incomplete") return;
    expect(result.limit).toBe("time-limit");
  });
});

describe("model errors", () => {
  it("an exception in next() is a model-error violation with the trace to the state that threw", async () => {
    const v = violation(await checkModel(thrower));
    expect(v.kind).toBe("model-error");
    expect(v.name).toBe("exception");
    expect(v.message).toContain("RangeError: three is too many");
    expect(v.message).toContain("taking inc");
    expect(v.trace.map((s) => s.state)).toEqual([0, 1, 2, 3]);
  });

  it("a state holding a function is a model-error naming the path inside the state", async () => {
    const v = violation(await checkModel(badValue));
    expect(v.kind).toBe("model-error");
    expect(v.name).toBe("bad-state-value");
    expect(v.message).toContain("state.box.f");
    expect(v.trace.map((s) => (s.state as { n: number }).n)).toEqual([0, 1]);
  });

  it("a model whose successors change between search and replay is reported as non-deterministic", async () => {
    let calls = 0;
    const model = defineModel({
      name: "flaky",
      family: "fixtures",
      description: "reads a counter kept outside the state",
      params: {},
      build: () => ({
        init: () => [0],
        actions: () => ["step"],
        next: (n: number) => (n >= 3 ? null : n + 1 + (calls++ > 3 ? 10 : 0)),
        invariants: [{ name: "small", holds: (n: number) => n < 3 }],
      }),
    });
    const v = violation(await checkModel(model));
    expect(v.kind).toBe("model-error");
    expect(v.name).toBe("nondeterministic-model");
    expect(v.message).toContain("Math.random");
  });

  it("an exception in an invariant is a model-error, not a crash", async () => {
    const model = defineModel({
      name: "bad-invariant",
      family: "fixtures",
      description: "an invariant that throws",
      params: {},
      build: () => ({
        init: () => [0],
        actions: () => [],
        next: () => null,
        invariants: [
          {
            name: "boom",
            holds: () => {
              throw new Error("no");
            },
          },
        ],
      }),
    });
    const v = violation(await checkModel(model));
    expect(v).toMatchObject({ kind: "model-error", name: "exception" });
    expect(v.message).toContain("invariant boom threw");
  });
});

describe("the constraint", () => {
  it("drops states outside it after counting them as generated", async () => {
    const model = defineModel({
      name: "constrained",
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
    // 0..4 stored; 4's successor 5 is generated and dropped, so 4 is not a deadlock
    const result = await checkModel(model);
    expect(result.verdict).toBe("holds");
    expect(result.stats).toMatchObject({ distinctStates: 5, generatedStates: 6, depth: 5 });
  });
});
