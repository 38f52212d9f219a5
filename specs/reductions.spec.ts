// Soundness of the reductions, proven against unreduced search: on many small generated models
// (specs/fixtures/random-models.ts) — guarded actions with footprints, actor systems with random
// automata, topologies, each network semantics and fault budgets, and symmetric ones of both —
// each invariant is reachable, and a deadlock is reachable, with partial-order reduction and
// with symmetry reduction exactly when it is without them, under BFS and DFS; and every
// counterexample found under a reduction replays on the unreduced model. Then the cases that
// generated models rarely hit on their own: the cycle proviso, and the race a new message makes
// with a process's enabled deliveries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CheckResult,
  checkModel,
  defineActorModel,
  defineModel,
  instantiate,
  type ModelDefinition,
  sameState,
  type Strategy,
} from "../checker/index.ts";
import {
  arbActorCase,
  arbGuardedCase,
  arbSymmetricActorCase,
  arbSymmetricGuardedCase,
  type RandomCase,
} from "./fixtures/random-models.ts";

/** The same model checking only one of its invariants (index), or only for deadlocks (-1). */
function onlyProperty(definition: ModelDefinition, index: number): ModelDefinition {
  return {
    ...definition,
    build(params, variant) {
      const machine = definition.build(params, variant);
      return { ...machine, invariants: index < 0 ? [] : [machine.invariants[index]!] };
    },
  };
}

interface Mode {
  readonly strategy: Strategy;
  readonly por: boolean;
  readonly symmetry: boolean;
}

const modes = (symmetric: boolean): Mode[] =>
  (["bfs", "dfs"] as const).flatMap((strategy) =>
    [
      { strategy, por: false, symmetry: false },
      { strategy, por: true, symmetry: false },
      ...(symmetric
        ? [
            { strategy, por: false, symmetry: true },
            { strategy, por: true, symmetry: true },
          ]
        : []),
    ].map((m) => m as Mode),
  );

/** A trace's actions, applied to a fresh unreduced machine, give its states, ending in the finding. */
function replaysUnreduced(
  testCase: RandomCase,
  definition: ModelDefinition,
  result: CheckResult,
): string | null {
  if (result.verdict !== "violated") return null;
  const { machine } = instantiate(definition, testCase.params, "correct");
  const trace = result.violation.trace;
  if (trace.length === 0) return "empty trace";
  if (!machine.init().some((s: unknown) => sameState(s, trace[0]!.state)))
    return "trace[0] is not an initial state";
  for (let k = 1; k < trace.length; k++) {
    const next = machine.next(trace[k - 1]!.state, trace[k]!.action);
    if (next === null || !sameState(next, trace[k]!.state)) return `step ${k + 1} does not replay`;
  }
  const last = trace[trace.length - 1]!.state;
  if (result.violation.kind === "invariant") {
    const invariant = machine.invariants.find((i: { name: string }) => i.name === result.violation.name);
    if (!invariant || invariant.holds(last)) return "the last state does not violate the invariant";
  }
  if (result.violation.kind === "deadlock") {
    const enabled = machine.actions(last).some((a: unknown) => machine.next(last, a) !== null);
    if (enabled) return "the last state of a deadlock trace has an enabled action";
  }
  return null;
}

/**
 * For each property of the case on its own, the verdict in every mode; they must all agree, and
 * every trace must replay. Returns a description of the first disagreement, or null.
 */
async function disagreement(testCase: RandomCase, symmetric: boolean): Promise<string | null> {
  const { machine } = instantiate(testCase.definition, testCase.params, "correct");
  const properties = [...machine.invariants.keys(), -1];
  for (const index of properties) {
    const definition = onlyProperty(testCase.definition, index);
    const verdicts: string[] = [];
    for (const mode of modes(symmetric)) {
      const result = await checkModel(definition, {
        params: testCase.params,
        ...mode,
        checkDeadlock: index < 0,
      });
      if (result.verdict === "incomplete") return `incomplete in ${JSON.stringify(mode)}`;
      if (result.verdict === "violated" && result.violation.kind === "model-error") {
        return `${JSON.stringify(mode)}: ${result.violation.name}: ${result.violation.message}`;
      }
      const replay = replaysUnreduced(testCase, definition, result);
      if (replay !== null) return `${JSON.stringify(mode)}: ${replay}`;
      verdicts.push(`${JSON.stringify(mode)} → ${result.verdict}`);
    }
    const distinct = new Set(verdicts.map((v) => v.split(" → ")[1]));
    if (distinct.size > 1) {
      const what = index < 0 ? "deadlock" : `invariant ${machine.invariants[index]!.name}`;
      return `${what}: ${verdicts.join("; ")}`;
    }
  }
  return null;
}

const soundOn = (arbitrary: fc.Arbitrary<RandomCase>, symmetric: boolean, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(arbitrary, async (testCase) => {
      const problem = await disagreement(testCase, symmetric);
      if (problem !== null) throw new Error(`${problem}\n${testCase.describe}`);
    }),
    { numRuns },
  );

describe("reductions against unreduced search, on generated models", () => {
  it("guarded actions with footprints: partial-order reduction keeps every invariant's and deadlock's reachability", async () => {
    await soundOn(arbGuardedCase(), false, 300);
  }, 60_000);

  it("actor systems, every network and fault budget: partial-order reduction keeps them too", async () => {
    await soundOn(arbActorCase(), false, 400);
  }, 60_000);

  it("symmetric guarded models: symmetry, alone and with partial-order reduction, keeps them", async () => {
    await soundOn(arbSymmetricGuardedCase(), true, 80);
  }, 60_000);

  it("symmetric actor systems: symmetry, alone and with partial-order reduction, keeps them", async () => {
    await soundOn(arbSymmetricActorCase(), true, 60);
  }, 60_000);

  it("the generated models do exercise the reductions (the properties above are not vacuous)", async () => {
    let prunedCases = 0;
    let renamedCases = 0;
    const samples = [
      ...fc.sample(arbGuardedCase(), { numRuns: 60, seed: 1 }),
      ...fc.sample(arbActorCase(), { numRuns: 60, seed: 2 }),
    ];
    for (const testCase of samples) {
      const result = await checkModel(testCase.definition, { params: testCase.params, checkDeadlock: false });
      const po = result.stats.reductions.partialOrder;
      if (po?.active && po.prunedTransitions > 0) prunedCases++;
    }
    for (const testCase of fc.sample(arbSymmetricGuardedCase(), { numRuns: 30, seed: 3 })) {
      const result = await checkModel(testCase.definition, {
        symmetry: true,
        por: false,
        checkDeadlock: false,
      });
      const sym = result.stats.reductions.symmetry;
      if (sym?.active && sym.renamedStates > 0) renamedCases++;
    }
    expect(prunedCases).toBeGreaterThan(10);
    expect(renamedCases).toBeGreaterThan(5);
  }, 60_000);
});

// Two variables: `a` flips back and forth forever without touching anything an invariant reads,
// and `b` may be set once, which breaks the invariant. Every state's smallest ample set is {flip}:
// without the cycle proviso the search would go round the flip cycle and never take `set`.
const flipFlop = defineModel({
  name: "flip-flop",
  family: "fixtures",
  description: "an invisible cycle beside a visible step",
  params: {},
  build: () => ({
    init: () => [{ a: 0, b: 0 }],
    actions: () => ["flip", "set"] as const,
    next: (s: { a: number; b: number }, action: "flip" | "set") =>
      action === "flip" ? { ...s, a: 1 - s.a } : s.b === 0 ? { ...s, b: 1 } : null,
    footprint: (action: "flip" | "set") =>
      action === "flip" ? { reads: ["a"], writes: ["a"] } : { reads: ["b"], writes: ["b"] },
    invariants: [{ name: "bUnset", reads: ["b"], holds: (s: { b: number }) => s.b === 0 }],
  }),
});

describe("the cycle proviso", () => {
  it.each(["bfs", "dfs"] as const)(
    "makes %s take the step an invisible cycle would ignore",
    async (strategy) => {
      const result = await checkModel(flipFlop, { strategy });
      expect(result.verdict).toBe("violated");
      if (result.verdict !== "violated") return;
      expect(result.violation.name).toBe("bUnset");
      const po = result.stats.reductions.partialOrder;
      expect(po?.active && po.provisoExpansions).toBeGreaterThan(0);
    },
  );
});

// The trap. P1 has a message from P0 in flight and P2 will send it another; P1 notes the first
// message it gets without showing it (its observation does not change) and shows the outcome on
// the second. The invariant breaks only if P2's message comes first. Taking "every enabled
// delivery of P1" alone — {P0's message}, invisible — would hide that.
interface RaceLocal {
  readonly first: number | null;
  readonly v: number;
}
const race = (network: "unordered" | "fifo") =>
  defineActorModel({
    name: "race",
    family: "fixtures",
    description: "a new message races an enabled delivery",
    params: {},
    network,
    build: () => ({
      processes: [
        {
          id: "P0",
          behaviour: {
            start: (ctx) => (ctx.send("P1", 0), { first: null, v: 0 }),
            onMessage: (l: RaceLocal) => l,
          },
        },
        {
          id: "P1",
          behaviour: {
            start: () => ({ first: null, v: 0 }),
            onMessage: (l: RaceLocal, m: number) =>
              l.first === null ? { first: m, v: 0 } : { ...l, v: l.first === 1 ? 2 : 1 },
          },
        },
        {
          id: "P2",
          behaviour: {
            start: (ctx) => (ctx.setTimer("go"), { first: null, v: 0 }),
            onTimer: (l: RaceLocal, _t, ctx) => (ctx.send("P1", 1), l),
            onMessage: (l: RaceLocal) => l,
          },
        },
      ],
      sendsTo: (p: string) => (p === "P1" ? [] : ["P1"]),
      observe: (l: RaceLocal) => l.v,
      invariants: [{ name: "zeroFirst", holds: (s) => s.locals[1]!.v !== 2 }],
      terminal: () => true,
    }),
  });

describe("a new message racing an enabled delivery", () => {
  it.each(["unordered", "fifo"] as const)(
    "is explored under partial-order reduction (%s links)",
    async (network) => {
      const reduced = await checkModel(race(network), { por: true });
      const full = await checkModel(race(network), { por: false });
      expect(full.verdict).toBe("violated");
      expect(reduced.verdict).toBe("violated");
      if (reduced.verdict === "violated") expect(reduced.violation.name).toBe("zeroFirst");
      // The reduction did run: P2's step was taken alone where it could be (nobody sends to P2).
      const po = reduced.stats.reductions.partialOrder;
      expect(po?.active && po.prunedTransitions).toBeGreaterThan(0);
    },
  );
});

// A disabled action that an enabled one depends on: `record` (visible) waits for `open`, and it
// records x as it is then. Taking `bump` (invisible, changes x) alone would be wrong, because
// `open` can enable `record` first: the stubborn set must bring in what can enable `record`.
type Vars = { readonly x: number; readonly y: number; readonly z: number };
const enabling = defineModel({
  name: "enabling",
  family: "fixtures",
  description: "a necessary enabling set",
  params: {},
  build: () => ({
    init: () => [{ x: 0, y: 0, z: 0 }],
    actions: () => ["bump", "open", "record"] as const,
    next: (s: Vars, a: "bump" | "open" | "record") =>
      a === "bump"
        ? s.x === 0
          ? { ...s, x: 1 }
          : null
        : a === "open"
          ? s.y === 0
            ? { ...s, y: 1 }
            : null
          : s.y === 1 && s.z === 0
            ? { ...s, z: s.x === 0 ? 1 : 2 }
            : null,
    footprint: (a: "bump" | "open" | "record") =>
      a === "bump"
        ? { reads: ["x"], writes: ["x"] }
        : a === "open"
          ? { reads: ["y"], writes: ["y"] }
          : { reads: ["x", "y", "z"], writes: ["z"] },
    invariants: [{ name: "neverEarly", reads: ["z"], holds: (s: Vars) => s.z !== 1 }],
    terminal: () => true,
  }),
});

describe("a disabled action in a stubborn set", () => {
  it.each(["bfs", "dfs"] as const)("brings in what can enable it (%s)", async (strategy) => {
    const result = await checkModel(enabling, { strategy, por: true });
    expect(result.verdict).toBe("violated");
  });
});
