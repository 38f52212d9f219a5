// Symmetry reduction's building blocks: permutations, renaming and anonymous signatures (laws on
// random values), the canonicalizer (every member of an orbit gets the byte-identical
// representative, on states of two-phase-commit and two-phase-commit-actors), the symmetry laws
// of both models, and the refusals (no signature for more than 7 elements, bad `symmetric`).
import fc from "fast-check";
import {
  List,
  Map as ImmutableMap,
  OrderedMap,
  OrderedSet,
  Record as ImmutableRecord,
  Set as ImmutableSet,
  Stack,
} from "immutable";
import { describe, expect, it } from "vitest";
import { actorMachine } from "../checker/actors/compile.ts";
import { NO_FAULTS } from "../checker/actors/fault-budgets.ts";
import type { ActorState, Behaviour, NetworkKind } from "../checker/actors/contract.ts";
import { actorSymmetry } from "../checker/actors/symmetry.ts";
import { encodeCanonical, fingerprintHex, toTaggedJson } from "../checker/encoding/index.ts";
import type { StateMachine, Symmetry } from "../checker/model/contract.ts";
import { instantiate } from "../checker/model/define.ts";
import {
  allPermutations,
  composePermutations,
  identityPermutation,
  inversePermutation,
  permuteIndexed,
} from "../checker/reductions/permutations.ts";
import { anonymousSignature, renameValues } from "../checker/reductions/rename.ts";
import {
  type Canonicalizer,
  canonicalizerFor,
  checkSymmetryLaws,
  EXACT_CANDIDATE_LIMIT,
} from "../checker/reductions/symmetry.ts";
import twoPhaseCommitActors from "../models/commit/two-phase-commit-actors.ts";
import twoPhaseCommit, {
  type TwoPhaseAction,
  type TwoPhaseState,
} from "../models/commit/two-phase-commit.ts";

// ---------------------------------------------------------------------------------------------
// Helpers: states to test on, permutations to apply.

/** Up to `limit` reachable states, breadth-first. */
function explore<S, A>(machine: StateMachine<S, A>, limit: number): S[] {
  const seen = new Set<string>();
  const states: S[] = [];
  const queue = [...machine.init()];
  while (queue.length > 0 && states.length < limit) {
    const s = queue.shift()!;
    const key = fingerprintHex(s);
    if (seen.has(key)) continue;
    seen.add(key);
    states.push(s);
    for (const a of machine.actions(s)) {
      const t = machine.next(s, a);
      if (t !== null) queue.push(t);
    }
  }
  return states;
}

/** A deterministic pseudo-random source (mulberry32), so that walks are the same every run. */
function randomSource(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** The states along random walks: deep states of a model too large to explore far. */
function walk<S, A>(machine: StateMachine<S, A>, walks: number, steps: number, seed: number): S[] {
  const random = randomSource(seed);
  const states: S[] = [];
  for (let w = 0; w < walks; w++) {
    let s = machine.init()[0]!;
    for (let k = 0; k < steps; k++) {
      const successors = machine
        .actions(s)
        .map((a) => machine.next(s, a))
        .filter((t): t is S => t !== null && t !== s);
      if (successors.length === 0) break;
      s = successors[random(successors.length)]!;
      states.push(s);
    }
  }
  return states;
}

const permutationOf = (n: number) =>
  fc.shuffledSubarray(identityPermutation(n), { minLength: n, maxLength: n });

function canonicalizer<S, A>(symmetry: Symmetry<S, A> | undefined): Canonicalizer<S> {
  if (!symmetry) throw new Error("the machine declares no symmetry");
  const result = canonicalizerFor(symmetry);
  if ("unavailable" in result) throw new Error(result.unavailable);
  return result;
}

const bytes = (value: unknown) => Buffer.from(encodeCanonical(value)).toString("hex");

const twoPhase = (rm: number, variant?: string) =>
  instantiate(twoPhaseCommit, { rm }, variant).machine as StateMachine<TwoPhaseState, TwoPhaseAction>;
const twoPhaseActors = (params: Record<string, unknown>) => instantiate(twoPhaseCommitActors, params).machine;

// ---------------------------------------------------------------------------------------------

describe("permutations", () => {
  it("compose(second, first) renames by first, then by second", () => {
    fc.assert(
      fc.property(permutationOf(5), permutationOf(5), (first, second) => {
        const both = composePermutations(second, first);
        for (let i = 0; i < 5; i++) expect(both[i]).toBe(second[first[i]!]);
        const array = ["a", "b", "c", "d", "e"];
        expect(permuteIndexed(permuteIndexed(array, first), second)).toEqual(permuteIndexed(array, both));
      }),
    );
  });

  it("permuteIndexed moves what element i held to perm[i]; the inverse moves it back", () => {
    expect(permuteIndexed(["a", "b", "c"], [2, 0, 1])).toEqual(["b", "c", "a"]);
    fc.assert(
      fc.property(permutationOf(6), (perm) => {
        const inverse = inversePermutation(perm);
        expect(composePermutations(inverse, perm)).toEqual(identityPermutation(6));
        expect(composePermutations(perm, inverse)).toEqual(identityPermutation(6));
      }),
    );
  });

  it("allPermutations lists each of the n! orders once", () => {
    const all = [...allPermutations(4)].map((p) => p.join(""));
    expect(all).toHaveLength(24);
    expect(new Set(all).size).toBe(24);
    expect([...allPermutations(0)]).toEqual([[]]);
  });
});

// ---------------------------------------------------------------------------------------------

const IDS = ["p0", "p1", "p2", "p3"] as const;
const name = fc.constantFrom<string>(...IDS, "x", "★", "◇");
const leaf = fc.oneof(name, fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null));
const key = fc.oneof(name, fc.integer({ min: 0, max: 3 }));
const { value: stateValue } = fc.letrec<{ value: unknown; compound: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("compound")),
  compound: fc.oneof(
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(name, tie("value"), { maxKeys: 3 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 3 }).map((entries) => new Map(entries)),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => new Set(items)),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => List(items)),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => Stack(items)),
    fc.array(name, { maxLength: 3 }).map((items) => ImmutableSet(items)),
    fc.array(name, { maxLength: 3 }).map((items) => OrderedSet(items)),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 3 }).map((entries) => ImmutableMap(entries)),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 3 }).map((entries) => OrderedMap(entries)),
  ),
}));

/** A random renaming of IDS among themselves (a bijection), as a mapping and a permutation. */
const idRenaming = permutationOf(IDS.length).map((perm) => ({
  mapping: new Map(IDS.map((id, i) => [id as string, IDS[perm[i]!] as string])),
}));

/** Every string inside a value, keys included. */
function stringsIn(value: unknown): Set<string> {
  const found = new Set<string>();
  JSON.stringify(toTaggedJson(value), (k, v) => {
    found.add(k);
    if (typeof v === "string") found.add(v);
    return v;
  });
  return found;
}

describe("renameValues", () => {
  it("renaming by a bijection and back gives the same state", () => {
    fc.assert(
      fc.property(stateValue, idRenaming, (value, { mapping }) => {
        const back = new Map([...mapping].map(([from, to]) => [to, from]));
        expect(bytes(renameValues(renameValues(value, mapping), back))).toBe(bytes(value));
      }),
    );
  });

  it("leaves no string that was renamed away, and renames keys, elements and values alike", () => {
    const fresh = new Map([
      ["p0", "q0"],
      ["p1", "q1"],
    ]);
    fc.assert(
      fc.property(stateValue, (value) => {
        const before = stringsIn(value);
        const after = stringsIn(renameValues(value, fresh));
        expect(after.has("p0") || after.has("p1")).toBe(false);
        expect(after.has("q0")).toBe(before.has("p0"));
        expect(after.has("q1")).toBe(before.has("p1"));
      }),
    );
  });

  it("returns the value itself when there is nothing to rename", () => {
    fc.assert(
      fc.property(stateValue, (value) => {
        expect(renameValues(value, new Map())).toBe(value);
        expect(renameValues(value, new Map([["absent", "p0"]]))).toBe(value);
      }),
    );
    const unchanged = { a: [1, "x"], b: new Set(["y"]) };
    const result = renameValues({ keep: unchanged, change: "p0" }, new Map([["p0", "p1"]]));
    expect(result.keep).toBe(unchanged);
    expect(result.change).toBe("p1");
  });

  it("rebuilds every Immutable.js collection as the same type, and native ones too", () => {
    const mapping = new Map([["p0", "p1"]]);
    const Point = ImmutableRecord({ owner: "", n: 0 });
    const cases: [unknown, (v: unknown) => boolean][] = [
      [List(["p0"]), List.isList],
      [Stack(["p0"]), Stack.isStack],
      [ImmutableSet(["p0"]), (v) => ImmutableSet.isSet(v) && !OrderedSet.isOrderedSet(v)],
      [OrderedSet(["p0", "x"]), OrderedSet.isOrderedSet],
      [ImmutableMap([["p0", "p0"]]), (v) => ImmutableMap.isMap(v) && !OrderedMap.isOrderedMap(v)],
      [OrderedMap([["p0", 1]]), OrderedMap.isOrderedMap],
      [Point({ owner: "p0", n: 1 }), (v) => v instanceof Point],
      [new Map([["p0", "p0"]]), (v) => v instanceof Map],
      [new Set(["p0"]), (v) => v instanceof Set],
    ];
    for (const [value, isSameType] of cases) {
      const renamed = renameValues(value, mapping);
      expect(isSameType(renamed)).toBe(true);
      expect(stringsIn(renamed).has("p0")).toBe(false);
      expect(stringsIn(renamed).has("p1")).toBe(true);
    }
    // An ordered collection keeps its order; the renamed element stays where it was.
    expect(renameValues(OrderedSet(["x", "p0", "y"]), mapping).toArray()).toEqual(["x", "p1", "y"]);
  });
});

describe("anonymousSignature", () => {
  it("is the same for values that differ by a renaming among self and the others", () => {
    // A renaming of self and the others among themselves; every other string stays as it is.
    const renamingOfGroup = fc
      .tuple(fc.constantFrom(...IDS), fc.subarray([...IDS]))
      .chain(([self, others]) => {
        const group: string[] = [...new Set([self, ...others])];
        return fc
          .shuffledSubarray(group, { minLength: group.length, maxLength: group.length })
          .map((image) => ({
            self,
            others: group.slice(1),
            mapping: new Map(group.map((id, i) => [id, image[i]!])),
          }));
      });
    fc.assert(
      fc.property(stateValue, renamingOfGroup, (value, { self, others, mapping }) => {
        const rename = (id: string) => mapping.get(id)!;
        const before = anonymousSignature(value, self, new Set(others));
        const after = anonymousSignature(
          renameValues(value, mapping),
          rename(self),
          new Set(others.map(rename)),
        );
        expect(after).toBe(before);
      }),
    );
  });

  it("is the same for equal states, whatever the order of keys, entries and elements", () => {
    fc.assert(
      fc.property(stateValue, fc.constantFrom(...IDS), (value, self) => {
        const others = new Set(IDS.filter((id) => id !== self));
        const reordered = reversedInsertion(value);
        expect(bytes(reordered)).toBe(bytes(value));
        expect(anonymousSignature(reordered, self, others)).toBe(anonymousSignature(value, self, others));
      }),
    );
  });

  it("tells self from the others, the others from other strings, and keeps duplicates", () => {
    const others = new Set(["p1", "p2"]);
    const sig = (v: unknown) => anonymousSignature(v, "p0", others);
    expect(sig(["p0", "p1"])).not.toBe(sig(["p1", "p0"]));
    expect(sig(["p1"])).toBe(sig(["p2"]));
    expect(sig(["p1"])).not.toBe(sig(["x"]));
    expect(sig(["p0"])).not.toBe(sig(["★"]));
    expect(sig(new Set(["p1", "p2"]))).not.toBe(sig(new Set(["p1"])));
    expect(sig({ p1: 1, p2: 2 })).toBe(sig({ p1: 2, p2: 1 }));
    expect(sig({ p1: 1, p2: 2 })).not.toBe(sig({ p1: 1, p2: 1 }));
  });
});

/** The same value built with every unordered collection filled in the opposite order. */
function reversedInsertion(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedInsertion);
  if (value instanceof Map) return new Map([...value].reverse().map(([k, v]) => [k, reversedInsertion(v)]));
  if (value instanceof Set) return new Set([...value].reverse().map(reversedInsertion));
  if (
    List.isList(value) ||
    Stack.isStack(value) ||
    OrderedSet.isOrderedSet(value) ||
    OrderedMap.isOrderedMap(value)
  )
    return value;
  if (ImmutableMap.isMap(value)) return ImmutableMap([...value.entries()].reverse());
  if (ImmutableSet.isSet(value)) return ImmutableSet([...value].reverse());
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedInsertion(v)]),
    );
  return value;
}

// ---------------------------------------------------------------------------------------------

/**
 * Exactness on sample states: every image permute(s, p) gets the byte-identical representative
 * that s gets, and each representative is the image of its state under the permutation returned.
 */
function expectExact<S, A>(machine: StateMachine<S, A>, states: readonly S[], runs: number) {
  const symmetry = machine.symmetry!;
  const canon = canonicalizer(symmetry);
  fc.assert(
    fc.property(fc.constantFrom(...states), permutationOf(symmetry.size), (s, p) => {
      const mine = canon.represent(s);
      const theirs = canon.represent(symmetry.permute(s, p));
      expect(bytes(theirs.state)).toBe(bytes(mine.state));
      expect(bytes(symmetry.permute(s, mine.perm))).toBe(bytes(mine.state));
    }),
    { numRuns: runs },
  );
  expect(canon.approximate).toBe(0);
  return canon;
}

describe("the canonicalizer on two-phase-commit", () => {
  it.each([3, 4])("rm %i: every member of an orbit gets the same representative", (rm) => {
    const machine = twoPhase(rm);
    expectExact(machine, explore(machine, 300), 300);
  });

  it("rm 3: as many representatives as orbits, counted by trying all 6 renamings", () => {
    const machine = twoPhase(3);
    const symmetry = machine.symmetry!;
    const canon = canonicalizer(symmetry);
    const states = explore(machine, 1000);
    expect(states).toHaveLength(288);
    const perms = [...allPermutations(3)];
    const orbits = new Set(states.map((s) => perms.map((p) => bytes(symmetry.permute(s, p))).sort()[0]));
    const representatives = new Set(states.map((s) => bytes(canon.represent(s).state)));
    expect(representatives.size).toBe(orbits.size);
    expect(orbits.size).toBeLessThan(288);
  });

  it("returns the state itself, with the identity, when it is its own representative", () => {
    const machine = twoPhase(4);
    const canon = canonicalizer(machine.symmetry);
    let ownRepresentatives = 0;
    for (const s of explore(machine, 200)) {
      const { state } = canon.represent(s);
      const again = canon.represent(state);
      expect(again.state).toBe(state);
      expect(again.perm).toEqual(identityPermutation(4));
      if (canon.represent(s).state === s) ownRepresentatives++;
    }
    expect(ownRepresentatives).toBeGreaterThan(0);
  });

  it("rm 8, with the model's signature: exact on deep states", () => {
    const machine = twoPhase(8);
    expectExact(machine, walk(machine, 20, 30, 8), 200);
  });

  it("rm 8, with a signature that orders nothing: falls back on some states, soundly", () => {
    const machine = twoPhase(8);
    const coarse: Symmetry<TwoPhaseState, TwoPhaseAction> = { ...machine.symmetry!, signature: () => "" };
    const canon = canonicalizer(coarse);
    // RMs in six different situations, two pairs alike: 8!/(2!·2!) = 10,080 orders, too many to try.
    const actions: TwoPhaseAction[] = [
      ...[2, 3, 5, 6, 7].map((rm) => ({ kind: "RMPrepare", rm }) as const),
      ...[3, 6, 7].map((rm) => ({ kind: "TMRcvPrepared", rm }) as const),
      { kind: "RMChooseToAbort", rm: 4 },
      { kind: "TMAbort" },
      ...[5, 6].map((rm) => ({ kind: "RMRcvAbortMsg", rm }) as const),
    ];
    const [mixed, run] = runOf(
      machine,
      actions.map((a) => () => a),
    );
    const random = randomSource(8);
    for (const s of [mixed, ...run, ...walk(machine, 2, 24, 88)]) {
      const p = shuffled(identityPermutation(8), random);
      const before = canon.approximate;
      const mine = canon.represent(s);
      const between = canon.approximate;
      const theirs = canon.represent(coarse.permute(s, p));
      // Sound either way: the representative is the image of the state by the permutation returned.
      expect(bytes(coarse.permute(s, mine.perm))).toBe(bytes(mine.state));
      // Whether a state falls back depends only on its orbit; the exact ones are canonical.
      const fellBack = between > before;
      expect(canon.approximate > between).toBe(fellBack);
      if (s === mixed) expect(fellBack).toBe(true);
      if (!fellBack) expect(bytes(theirs.state)).toBe(bytes(mine.state));
    }
    expect(canon.exact).toBeGreaterThan(0);
  });
});

/**
 * The state after taking `steps` in turn from the initial state, each picking its action in the
 * state at hand, and the states before it.
 */
function runOf<S, A>(machine: StateMachine<S, A>, steps: readonly ((s: S) => A | undefined)[]): [S, S[]] {
  const states: S[] = [machine.init()[0]!];
  for (const step of steps) {
    const s = states[states.length - 1]!;
    const a = step(s);
    const next = a === undefined ? null : machine.next(s, a);
    if (next === null) throw new Error(`step ${states.length} is not enabled`);
    states.push(next);
  }
  return [states.pop()!, states];
}

/** Fisher–Yates, from a deterministic source. */
function shuffled(items: number[], random: (n: number) => number): number[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe("the canonicalizer on two-phase-commit-actors", () => {
  it("rm 3: every member of an orbit gets the same representative", () => {
    const machine = twoPhaseActors({ rm: 3 });
    expectExact(machine, explore(machine, 300), 300);
  });

  it("rm 3 under every fault and a FIFO network: the same", () => {
    const machine = twoPhaseActors({
      rm: 3,
      network: "fifo",
      crash: 1,
      restart: true,
      drop: 1,
      duplicate: 1,
      partitions: 1,
    });
    expectExact(machine, walk(machine, 20, 25, 3), 200);
  });
});

// ---------------------------------------------------------------------------------------------

describe("checkSymmetryLaws", () => {
  const allPerms = (n: number) => [...allPermutations(n)];

  it("finds no broken law in two-phase-commit, any variant", () => {
    for (const variant of ["correct", "commit-without-votes", "abort-after-prepare"]) {
      const machine = twoPhase(3, variant);
      expect(checkSymmetryLaws(machine, explore(machine, 150), allPerms(3))).toBeNull();
    }
  });

  it("finds no broken law in two-phase-commit-actors, with faults and on every network", () => {
    // The TM holds r2's YES while r1's is in flight: had it kept its voters in a sorted list, as
    // the model once did, a renamed state would step out of line on the next delivery.
    const machine = twoPhaseActors({ rm: 3 });
    const [oneYes, run] = runOf(
      machine,
      [
        "deliver PREPARE TM→r1",
        "deliver PREPARE TM→r2",
        "timer vote-yes at r1",
        "timer vote-yes at r2",
        "deliver YES r2→TM",
      ].map(
        (step) => (s: unknown) => machine.actions(s).find((a: unknown) => machine.formatAction!(a) === step),
      ),
    );
    expect(checkSymmetryLaws(machine, [oneYes, ...run, ...walk(machine, 4, 30, 7)], allPerms(3))).toBeNull();
    for (const params of [
      { rm: 3, network: "fifo", crash: 1, restart: true, drop: 1, partitions: 1 },
      { rm: 3, network: "duplicating", duplicate: 1, crash: 1 },
    ]) {
      const machine = twoPhaseActors(params);
      const states = [...explore(machine, 30), ...walk(machine, 3, 25, 7)];
      expect(checkSymmetryLaws(machine, states, allPerms(3))).toBeNull();
    }
  });

  it("finds no broken law when every process is symmetric, process 0 included (partitions renormalised)", () => {
    for (const m of [peers("unordered"), peers("fifo")]) {
      expect(checkSymmetryLaws(m, [...explore(m, 40), ...walk(m, 4, 20, 5)], allPerms(3))).toBeNull();
      expectExact(m, explore(m, 100), 100);
    }
  });

  it("reports a permute that forgets tmPrepared", () => {
    const machine = twoPhase(3);
    const symmetry = machine.symmetry!;
    const broken = {
      ...machine,
      symmetry: {
        ...symmetry,
        permute: (s: TwoPhaseState, p: readonly number[]) => ({
          ...symmetry.permute(s, p),
          tmPrepared: s.tmPrepared,
        }),
      },
    };
    expect(checkSymmetryLaws(broken, explore(machine, 300), allPerms(3))).toMatch(/next\(permute\(s, p\)/);
  });

  it("reports a permuteAction that renames nothing, and a signature that names its element", () => {
    const machine = twoPhase(3);
    const symmetry = machine.symmetry!;
    const states = explore(machine, 50);
    const frozenActions = { ...machine, symmetry: { ...symmetry, permuteAction: (a: TwoPhaseAction) => a } };
    expect(checkSymmetryLaws(frozenActions, states, allPerms(3))).toMatch(
      /^next\(permute\(s, p\), RMPrepare/,
    );
    const namingSignature = {
      ...machine,
      symmetry: {
        ...symmetry,
        signature: (s: TwoPhaseState, i: number) => `${symmetry.signature!(s, i)} ${i}`,
      },
    };
    expect(checkSymmetryLaws(namingSignature, states, allPerms(3))).toMatch(
      /^signature\(permute\(s, p\), \d\) is not signature\(s, \d\)/,
    );
  });

  it("reports a renaming that breaks an invariant's verdict, and a bad permutation", () => {
    const machine = twoPhase(3);
    const states = explore(machine, 50);
    const lopsided = {
      ...machine,
      invariants: [
        ...machine.invariants,
        { name: "r1Works", holds: (s: TwoPhaseState) => s.rmState[0] === "working" },
      ],
    };
    expect(checkSymmetryLaws(lopsided, states, allPerms(3))).toMatch(/^invariant r1Works/);
    expect(checkSymmetryLaws(machine, states, [[0, 0, 1]])).toMatch(/not a permutation/);
  });
});

/**
 * Three peers, all interchangeable: each tells the others its id on start and remembers whom it
 * heard from; any one may crash, one message may be lost, the network may be split once.
 */
function peers(network: NetworkKind) {
  type Local = { readonly heard: ReadonlySet<string> };
  const behaviour: Behaviour<Local, { readonly hello: string }> = {
    start: (ctx) => {
      ctx.broadcast({ hello: ctx.self });
      return { heard: new Set() };
    },
    onMessage: (local, message, from, ctx) => {
      if (local.heard.has(message.hello)) return local;
      if (local.heard.size === 0) ctx.send(from, { hello: ctx.self });
      return { heard: new Set(local.heard).add(message.hello) };
    },
  };
  return actorMachine(
    {
      processes: ["a", "b", "c"].map((id) => ({ id, behaviour })),
      invariants: [
        {
          name: "heardOnlyOthers",
          holds: (s: ActorState<Local, unknown>) =>
            s.locals.every((l, i) => !l.heard.has(["a", "b", "c"][i]!)),
        },
      ],
      symmetric: ["a", "b", "c"],
    },
    network,
    { ...NO_FAULTS, crash: 1, drop: 1, partitions: 1 },
  );
}

// ---------------------------------------------------------------------------------------------

describe("refusals", () => {
  it("more than 7 elements without a signature is unavailable; 7 is fine", () => {
    const eight = { ...twoPhase(8).symmetry!, signature: undefined };
    const result = canonicalizerFor(eight);
    expect("unavailable" in result && result.unavailable).toMatch(/needs signature\(\)/);
    const seven = canonicalizerFor({ ...twoPhase(7).symmetry!, signature: undefined });
    expect("represent" in seven).toBe(true);
    expect(EXACT_CANDIDATE_LIMIT).toBe(5040);
  });

  it("without a signature, 7 elements are still canonicalised exactly", () => {
    const machine = twoPhase(4);
    const unsigned = { ...machine, symmetry: { ...machine.symmetry!, signature: undefined } };
    expectExact(unsigned, explore(machine, 100), 100);
  });

  it("symmetric must name at least two distinct known processes", () => {
    const behaviour = { start: () => null, onMessage: () => null };
    const system = (symmetric: string[]) => ({
      processes: ["a", "b", "c"].map((id) => ({ id, behaviour })),
      invariants: [],
      symmetric,
    });
    expect(() => actorSymmetry(system(["a", "z"]), "unordered")).toThrow(/z not a process/);
    expect(() => actorSymmetry(system(["a"]), "unordered")).toThrow(/at least two/);
    expect(() => actorSymmetry(system(["a", "b", "a"]), "unordered")).toThrow(/a listed twice/);
    expect(() => actorSymmetry({ ...system(["a", "b"]), mayCrash: ["a"] }, "unordered")).toThrow(/may crash/);
    expect(actorSymmetry(system(["b", "c"]), "unordered").size).toBe(2);
  });

  it("two-phase-commit-actors declares its RMs symmetric only when there are two or more", () => {
    expect(twoPhaseActors({ rm: 1 }).symmetry).toBeUndefined();
    expect(twoPhaseActors({ rm: 2 }).symmetry?.size).toBe(2);
  });
});
