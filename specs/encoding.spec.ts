// The state encodings: equal states get equal fingerprints and bytes whatever their
// representation, different states get different ones (checked on a large random sample and on
// families built to trip naive hashes), bad values are reported where they sit, and the tagged
// JSON form round-trips.
import fc from "fast-check";
import {
  List,
  Map as ImmutableMap,
  OrderedMap,
  OrderedSet,
  Record as ImmutableRecord,
  Seq,
  Set as ImmutableSet,
  Stack,
} from "immutable";
import { describe, expect, it } from "vitest";
import { StateValueError } from "../checker/errors.ts";
import {
  encodeCanonical,
  fingerprint,
  fingerprintBigInt,
  fingerprintHex,
  fromTaggedJson,
  sameState,
  SuccessorFingerprinter,
  type TaggedJson,
  toTaggedJson,
} from "../checker/encoding/index.ts";

const bytesKey = (value: unknown): string => Buffer.from(encodeCanonical(value)).toString("latin1");

function expectSame(a: unknown, b: unknown): void {
  expect(fingerprintHex(a)).toBe(fingerprintHex(b));
  expect(bytesKey(a)).toBe(bytesKey(b));
  expect(sameState(a, b)).toBe(true);
}

function expectDifferent(a: unknown, b: unknown): void {
  expect(fingerprintHex(a)).not.toBe(fingerprintHex(b));
  expect(bytesKey(a)).not.toBe(bytesKey(b));
  expect(sameState(a, b)).toBe(false);
}

/** Asserts that all values are pairwise distinct, by fingerprint and by canonical bytes. */
function expectAllDistinct(values: readonly unknown[]): void {
  const fingerprints = new Set(values.map((v) => fingerprintHex(v)));
  const encodings = new Set(values.map(bytesKey));
  expect(encodings.size).toBe(values.length);
  expect(fingerprints.size).toBe(values.length);
}

// A small seeded generator (mulberry32) for samples far larger than fast-check runs cheaply.
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const Message = ImmutableRecord<{ type: unknown; rm: unknown }>({ type: undefined, rm: undefined });
const KEYS = ["a", "b", "rm", "type", "x"];

/** A random state-like value: small numbers and strings, nested collections of every kind. */
function randomValue(rand: () => number, depth = 0): unknown {
  const pick = (n: number) => Math.floor(rand() * n);
  const children = () => Array.from({ length: pick(4) }, () => randomValue(rand, depth + 1));
  if (depth >= 3 || (depth > 0 && rand() < 0.4)) {
    switch (pick(9)) {
      case 0:
      case 1:
        return pick(40) - 5;
      case 2:
        return "abc".slice(0, pick(4)) + "xyz".slice(pick(3));
      case 3:
        return pick(3) === 0 ? "" : String.fromCharCode(97 + pick(4), 97 + pick(4));
      case 4:
        return rand() < 0.5;
      case 5:
        return rand() < 0.5 ? null : undefined;
      case 6:
        return pick(20) / 4 - 2;
      case 7:
        return BigInt(pick(7) - 3) * 10n ** 20n;
      default:
        return pick(1 << 20);
    }
  }
  switch (pick(11)) {
    case 0:
      return children();
    case 1:
      return List(children());
    case 2: {
      const object: Record<string, unknown> = {};
      for (const key of KEYS) if (rand() < 0.4) object[key] = randomValue(rand, depth + 1);
      return object;
    }
    case 3:
      return Message({ type: randomValue(rand, depth + 1), rm: randomValue(rand, depth + 1) });
    case 4:
      return new Set(children());
    case 5:
      return ImmutableSet(children());
    case 6:
      return new Map(children().map((v) => [randomValue(rand, 3), v]));
    case 7:
      return ImmutableMap(children().map((v) => [randomValue(rand, 3), v]));
    case 8:
      return OrderedSet(children());
    case 9:
      return OrderedMap(children().map((v) => [randomValue(rand, 3), v]));
    default:
      return Stack(children());
  }
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * The same state built another way: arrays, Lists and Stacks swapped, plain objects rebuilt with
 * shuffled keys (sometimes with an extra undefined field, sometimes without a prototype), Records
 * turned into objects, native and Immutable sets and maps swapped with shuffled insertion, 0 as -0.
 * A set member never turns from a kind compared by reference (array, native set) into one
 * Immutable.js compares by value or shares, and a native set becomes an Immutable one only when
 * its members are distinct states: otherwise members the native set keeps apart would merge.
 */
function variant(value: unknown, rand: () => number, member = false): unknown {
  if (value === 0) return rand() < 0.5 ? -0 : 0;
  if (typeof value !== "object" || value === null) return value;
  const again = (v: unknown) => variant(v, rand);
  const asMember = (v: unknown) => variant(v, rand, true);
  if (Array.isArray(value) || List.isList(value) || Stack.isStack(value)) {
    const items = [...(value as Iterable<unknown>)].map(again);
    // A member stays a (fresh) array: List([]) and Stack([]) are shared singletons, so two empty
    // sequences in a native set could otherwise become one object.
    const choice = member ? 0 : Math.floor(rand() * 3);
    return choice === 0 ? items : choice === 1 ? List(items) : Stack(items);
  }
  if (OrderedSet.isOrderedSet(value)) return OrderedSet([...value].map(asMember));
  if (OrderedMap.isOrderedMap(value)) return OrderedMap([...value].map(([k, v]) => [k, again(v)]));
  if (value instanceof Set || ImmutableSet.isSet(value)) {
    const members = shuffled([...(value as Iterable<unknown>)], rand).map(asMember);
    const distinct = new Set(members.map(bytesKey)).size === members.length;
    const immutable = (ImmutableSet.isSet(value) || (distinct && !member)) && rand() < 0.5;
    return immutable ? ImmutableSet(members) : new Set(members);
  }
  if (value instanceof Map || ImmutableMap.isMap(value)) {
    const entries = shuffled([...(value as Iterable<[unknown, unknown]>)], rand).map(
      ([k, v]): [unknown, unknown] => [k, again(v)],
    );
    const immutable = (ImmutableMap.isMap(value) || !member) && rand() < 0.5;
    return immutable ? ImmutableMap(entries) : new Map(entries);
  }
  const fields = ImmutableRecord.isRecord(value)
    ? [...(value as unknown as Iterable<[string, unknown]>)]
    : Object.entries(value as object);
  const object: Record<string, unknown> = rand() < 0.2 ? Object.create(null) : {};
  for (const [k, v] of shuffled(fields, rand)) object[k] = again(v);
  if (rand() < 0.3) object.zzz = undefined;
  return object;
}

describe("equal states encode alike", () => {
  it("ignores object key order and set and map insertion order", () => {
    expectSame({ a: 1, b: [1, 2], c: { x: 1, y: "y" } }, { c: { y: "y", x: 1 }, b: [1, 2], a: 1 });
    expectSame(new Set([1, "a", [2], { k: 3 }]), new Set([{ k: 3 }, [2], "a", 1]));
    expectSame(
      new Map<unknown, unknown>([
        ["r1", "working"],
        [2, "prepared"],
      ]),
      new Map<unknown, unknown>([
        [2, "prepared"],
        ["r1", "working"],
      ]),
    );
    expectSame(ImmutableSet([3, 1, 2]), ImmutableSet([1, 2, 3]));
    expectSame(ImmutableMap({ a: 1, b: 2 }), ImmutableMap({ b: 2, a: 1 }));
  });

  it("treats native and Immutable collections of the same kind as equal", () => {
    expectSame(new Set([1, 2, 3]), ImmutableSet([3, 2, 1]));
    expectSame([1, "two", [3]], List([1, "two", List([3])]));
    expectSame([1, 2, 3], Stack([1, 2, 3]));
    expectSame(new Map([["k", new Set([1])]]), ImmutableMap([["k", ImmutableSet([1])]]));
    expectSame({ type: "Prepared", rm: "r1" }, Message({ type: "Prepared", rm: "r1" }));
    expectSame({ a: 1 }, Object.assign(Object.create(null), { a: 1 }));
    expectSame(
      { msgs: new Set([{ type: "Commit", rm: 0 }]) },
      { msgs: ImmutableSet([Message({ type: "Commit", rm: 0 })]) },
    );
  });

  it("treats -0 as 0 and undefined fields as absent", () => {
    expectSame(-0, 0);
    expectSame([-0, { x: -0 }], [0, { x: 0 }]);
    expectSame(new Set([-0]), ImmutableSet([0]));
    expectSame({ a: undefined }, {});
    expectSame({ a: 1, b: undefined }, { a: 1 });
    expectSame(Message({ type: "Commit" }), { type: "Commit" });
    const sparse: unknown[] = new Array(3);
    sparse[1] = 1;
    expectSame(sparse, [undefined, 1, undefined]);
    expect(toTaggedJson(sparse)).toEqual([{ "#undefined": true }, 1, { "#undefined": true }]);
  });

  it("gives equal fingerprints and bytes to random states rebuilt another way", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (valueSeed, variantSeed) => {
        const value = randomValue(seeded(valueSeed));
        const other = variant(value, seeded(variantSeed));
        expect(fingerprintHex(other)).toBe(fingerprintHex(value));
        expect(bytesKey(other)).toBe(bytesKey(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("caches Immutable values without changing their fingerprint", () => {
    const record = Message({ type: "Prepared", rm: "r1" });
    const big = ImmutableSet(Array.from({ length: 300 }, (_, i) => i));
    const first = [fingerprintHex(record), fingerprintHex(big)];
    expect([fingerprintHex(record), fingerprintHex(big)]).toEqual(first);
    expectSame(big, new Set(Array.from({ length: 300 }, (_, i) => 299 - i)));
    expectDifferent(big, big.delete(150));
    expect(fingerprintHex({ m: record })).toBe(fingerprintHex({ m: { rm: "r1", type: "Prepared" } }));
  });
});

describe("different states encode differently", () => {
  it("keeps order where it matters", () => {
    expectDifferent([1, 2], [2, 1]);
    expectDifferent(List([1, 2]), List([2, 1]));
    expectDifferent(OrderedSet([1, 2]), OrderedSet([2, 1]));
    expectDifferent(
      OrderedMap([
        ["a", 1],
        ["b", 2],
      ]),
      OrderedMap([
        ["b", 2],
        ["a", 1],
      ]),
    );
    expectSame(OrderedSet([1, 2]), OrderedSet([1, 2]));
  });

  it("tags every kind of value", () => {
    expectAllDistinct([
      1,
      "1",
      true,
      false,
      null,
      undefined,
      1n,
      1.5,
      "",
      0,
      [],
      [1],
      {},
      { "1": 1 },
      new Set(),
      new Set([1]),
      new Map(),
      new Map([["1", 1]]),
      OrderedSet([1]),
      OrderedMap([["1", 1]]),
      [undefined],
      [null],
      [[]],
      Infinity,
      -Infinity,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53,
      "true",
      "null",
      [1n],
      "undefined",
    ]);
    // Records and maps are different kinds, even with the same string keys.
    expectDifferent({ a: 1 }, new Map([["a", 1]]));
    expectDifferent(Message({ type: 1 }), ImmutableMap({ type: 1 }));
    expectDifferent(OrderedSet([1, 2]), ImmutableSet([1, 2]));
    expectDifferent(OrderedMap([["a", 1]]), ImmutableMap([["a", 1]]));
  });

  it("separates structures that naive hashes confuse", () => {
    expectAllDistinct([[[1], [2]], [[1, 2]], [[1], 2], [1, [2]], [1, 2], [[[1, 2]]]]);
    expectAllDistinct([["ab", "c"], ["a", "bc"], ["abc"], ["a", "b", "c"], ["", "abc"], ["abc", ""]]);
    expectAllDistinct([
      { a: { b: 1 } },
      { a: 1, b: 1 },
      { a: {}, b: 1 },
      { "a.b": 1 },
      { b: { a: 1 } },
      { ab: 1 },
    ]);
    expectAllDistinct([{ x: 1, y: 2 }, { x: 2, y: 1 }, { x: 1 }, { y: 2 }, { x: 3 }, { y: 3 }, {}]);
    expectAllDistinct([new Set([[1, 2]]), new Set([[1], [2]]), new Set([1, 2]), new Set([[2, 1]])]);
    expectAllDistinct([new Map([[1, 2]]), new Map([[2, 1]]), new Set([1, 2]), [1, 2], { 1: 2 }, { 2: 1 }]);
    expectAllDistinct([[], [[]], [[], []], [[[]]], {}, [{}], new Set(), new Set([new Set()])]);
    // "a" and "a\0" pack into the same 32-bit word; only the length tells them apart.
    expectAllDistinct(["a", "a\0", "\0a", "\0", "\0\0", "", "\u0061\u0000\u0000"]);
  });

  it("gives distinct fingerprints to all subsets of a 16-element set", () => {
    const subsets: unknown[] = [];
    const fingerprints = new Set<bigint>();
    for (let mask = 0; mask < 1 << 16; mask++) {
      const subset = new Set<number>();
      for (let bit = 0; bit < 16; bit++) if (mask & (1 << bit)) subset.add(bit);
      fingerprints.add(fingerprintBigInt(subset));
      if (mask < 256) subsets.push(subset);
    }
    expect(fingerprints.size).toBe(1 << 16);
    expectAllDistinct(subsets);
  });

  it("gives distinct fingerprints to pairs, 4-tuples, two-field records and small maps", () => {
    const count = (make: (i: number) => unknown, n: number) => {
      const seen = new Set<bigint>();
      for (let i = 0; i < n; i++) seen.add(fingerprintBigInt(make(i)));
      return seen.size;
    };
    expect(count((i) => [i & 15, (i >> 4) & 15, (i >> 8) & 15, i >> 12], 1 << 16)).toBe(1 << 16);
    expect(count((i) => ({ a: i & 255, b: i >> 8 }), 1 << 16)).toBe(1 << 16);
    expect(count((i) => new Map([0, 1, 2, 3, 4].map((k) => [k, (i >> (3 * k)) & 7])), 1 << 15)).toBe(1 << 15);
    // Sets of two pairs {[a, 0], [b, 1]}: sums of element hashes must not cancel.
    expect(
      count(
        (i) =>
          new Set([
            [i & 255, 0],
            [i >> 8, 1],
          ]),
        1 << 16,
      ),
    ).toBe(1 << 16);
    // Every set {x, y} of two numbers below 256, against each other and the singletons and {}.
    const sets: unknown[] = [new Set()];
    for (let x = 0; x < 256; x++) {
      sets.push(new Set([x]));
      for (let y = x + 1; y < 256; y++) sets.push(new Set([x, y]));
    }
    expect(count((i) => sets[i], sets.length)).toBe(sets.length);
  });

  it("has no 64-bit collision among 200,000 random state values", () => {
    const rand = seeded(20_240_611);
    const byFingerprint = new Map<bigint, string>();
    const fingerprintOf = new Map<string, bigint>();
    let distinct = 0;
    for (let i = 0; i < 200_000; i++) {
      const value = randomValue(rand);
      const key = bytesKey(value);
      const fp = fingerprintBigInt(value);
      const known = fingerprintOf.get(key);
      if (known !== undefined) {
        // Equal bytes must mean an equal fingerprint.
        expect(fp).toBe(known);
        continue;
      }
      fingerprintOf.set(key, fp);
      const clash = byFingerprint.get(fp);
      if (clash !== undefined) expect.fail(`two distinct values share fingerprint ${fp.toString(16)}`);
      byFingerprint.set(fp, key);
      distinct++;
    }
    expect(distinct).toBeGreaterThan(100_000);
  });
});

describe("values with no encoding", () => {
  class Point {
    constructor(readonly x: number) {}
  }
  class Registry extends Map<string, number> {}
  const nestedCompoundKey = new Map<unknown, unknown>([[[1], () => 1]]);

  const cases: [string, unknown, string][] = [
    ["a function", { msgs: [1, 2, { payload: () => 1 }] }, "state.msgs[2].payload"],
    ["a Date", { rmState: ImmutableMap({ r1: new Date(0) }) }, 'state.rmState.get("r1")'],
    ["a symbol in a set", { msgs: new Set<unknown>([1, 2, 3, Symbol("x")]) }, "state.msgs{element 3}"],
    ["NaN", Number.NaN, "state"],
    ["NaN under an odd key", { "odd key": Number.NaN }, 'state["odd key"]'],
    ["a WeakMap", { x: new WeakMap() }, "state.x"],
    ["a class instance", { a: [new Point(1)] }, "state.a[0]"],
    ["a subclass of Map", { r: new Registry() }, "state.r"],
    ["an Immutable Seq", { s: Seq([1]) }, "state.s"],
    ["a bad Record field", List([Message({ type: Number.NaN })]), "state[0].type"],
    ["a bad map key", new Map([[Symbol("k"), 1]]), "state{key 0}"],
    ["a bad value under a compound key", nestedCompoundKey, "state{value 0}"],
    ["a bad value under a number key", new Map([[3, Number.NaN]]), "state.get(3)"],
    [
      "a bad value in an OrderedMap",
      OrderedMap<string, unknown>([
        ["a", 1],
        ["b", () => 2],
      ]),
      'state.get("b")',
    ],
    ["a bad element in a List", { log: List([1, List([Symbol("s")])]) }, "state.log[1][0]"],
  ];

  function thrown(run: () => unknown): StateValueError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(StateValueError);
      return error as StateValueError;
    }
    throw new Error("expected a StateValueError, nothing was thrown");
  }

  for (const [what, value, path] of cases) {
    it(`reports ${what} at ${path}`, () => {
      for (const run of [
        () => fingerprint(value, new Uint32Array(2)),
        () => encodeCanonical(value),
        () => toTaggedJson(value),
      ]) {
        const error = thrown(run);
        expect(error.code).toBe("bad-state-value");
        expect(error.path).toBe(path);
        expect(error.message.startsWith(`${path}: `)).toBe(true);
      }
    });
  }

  it("names what is accepted", () => {
    const error = thrown(() => fingerprint({ when: new Date(0) }, new Uint32Array(2)));
    expect(error.problem).toMatch(/a Date instance is not a state value; accepted: plain objects, arrays/);
    expect(thrown(() => fingerprint(Number.NaN, new Uint32Array(2))).problem).toMatch(/NaN/);
  });

  it("reports a cycle at the back-reference, naming the ancestor", () => {
    const root: { a: { b: { back?: unknown } } } = { a: { b: {} } };
    root.a.b.back = root.a;
    for (const run of [() => fingerprintHex(root), () => encodeCanonical(root), () => toTaggedJson(root)]) {
      const error = thrown(run);
      expect(error.path).toBe("state.a.b.back");
      expect(error.problem).toBe("a cycle: this is the same object as its ancestor state.a");
    }
    const set = new Set<unknown>([1]);
    set.add(set);
    expect(thrown(() => fingerprintHex(set)).path).toBe("state{element 1}");
    const holder: { l?: unknown } = {};
    holder.l = List([holder]);
    expect(thrown(() => fingerprintHex(holder)).path).toBe("state.l[0]");
  });

  it("finds a cycle longer than the untracked depth", () => {
    const ring: { next?: unknown }[] = Array.from({ length: 150 }, () => ({}));
    ring.forEach((node, i) => (node.next = ring[(i + 1) % ring.length]));
    const error = thrown(() => fingerprintHex({ ring: ring[0] }));
    expect(error.path).toBe(`state.ring${".next".repeat(150)}`);
    expect(error.problem).toMatch(/^a cycle/);
  });

  it("still fingerprints correctly after an error", () => {
    const value = { a: [1, new Set([2, 3])], b: ImmutableMap({ c: List([4]) }) };
    const before = fingerprintHex(value);
    const deepCycle: { next?: unknown }[] = Array.from({ length: 100 }, () => ({}));
    deepCycle.forEach((node, i) => (node.next = deepCycle[(i + 1) % deepCycle.length]));
    expect(() => fingerprintHex(deepCycle[0])).toThrow(StateValueError);
    expect(() => fingerprintHex([new Set([() => 1])])).toThrow(StateValueError);
    expect(fingerprintHex(value)).toBe(before);
  });

  it("handles a deep acyclic value and a value that shares substructure", () => {
    const deep = (depth: number, leaf: unknown): unknown => {
      let value = leaf;
      for (let i = 0; i < depth; i++)
        value = i % 3 === 0 ? [value] : i % 3 === 1 ? { next: value } : new Set([value]);
      return value;
    };
    const d200 = deep(200, "bottom");
    expectSame(d200, deep(200, "bottom"));
    expectDifferent(d200, deep(199, "bottom"));
    expectDifferent(d200, deep(200, "bottom!"));
    expect(fingerprintHex(fromTaggedJson(JSON.parse(JSON.stringify(toTaggedJson(d200)))))).toBe(
      fingerprintHex(d200),
    );
    const shared = deep(120, 1);
    expect(() => fingerprintHex({ a: shared, b: [shared, { c: shared }] })).not.toThrow();
    expectSame({ a: shared, b: [shared] }, { b: [deep(120, 1)], a: deep(120, 1) });
  });
});

describe("fingerprint API", () => {
  it("writes the low word first and agrees with the bigint and hex forms", () => {
    const value = { rmState: ["working", "prepared"], tmState: "init" };
    const out = new Uint32Array(2);
    fingerprint(value, out);
    const big = (BigInt(out[1]!) << 32n) | BigInt(out[0]!);
    expect(fingerprintBigInt(value)).toBe(big);
    expect(fingerprintHex(value)).toBe(big.toString(16).padStart(16, "0"));
    expect(fingerprintHex(value)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("tagged JSON", () => {
  it("writes the ITF-style tags with sorted keys and canonical element order", () => {
    const json = toTaggedJson({
      z: new Set([3, 1, 2]),
      a: 10n ** 30n,
      m: new Map<unknown, unknown>([
        ["y", 1],
        ["x", 2],
      ]),
      d: [undefined, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5],
      "#k": 1,
      o: OrderedSet(["b", "a"]),
      om: OrderedMap([
        ["b", 1],
        ["a", 2],
      ]),
      gone: undefined,
      list: List([Message({ type: "Commit", rm: 0 })]),
    });
    expect(json).toEqual({
      "##k": 1,
      a: { "#bigint": "1000000000000000000000000000000" },
      d: [{ "#undefined": true }, { "#number": "Infinity" }, { "#number": "-Infinity" }, 0, 1.5],
      list: [{ rm: 0, type: "Commit" }],
      m: {
        "#map": [
          ["x", 2],
          ["y", 1],
        ],
      },
      o: { "#oset": ["b", "a"] },
      om: {
        "#omap": [
          ["b", 1],
          ["a", 2],
        ],
      },
      z: { "#set": [1, 2, 3] },
    });
    expect(Object.keys(json as object)).toEqual(["##k", "a", "d", "list", "m", "o", "om", "z"]);
    expect(Object.is((json as { d: TaggedJson[] }).d[3], 0)).toBe(true);
  });

  it("lists set elements in canonical order whatever the insertion order", () => {
    // Numbers ascending, then strings shortest first.
    const expected = { "#set": [-2, -1.5, 0.5, 3, 10, "a", "z", "aa", "bb"] };
    expect(toTaggedJson(new Set(["bb", "z", "a", -2, 10, 0.5, "aa", 3, -1.5]))).toEqual(expected);
    expect(toTaggedJson(ImmutableSet([10, 3, -1.5, -2, "aa", "bb", 0.5, "a", "z"]))).toEqual(expected);
  });

  it("rebuilds native values that keep the fingerprint", () => {
    const value = {
      s: ImmutableSet([1, 2]),
      m: ImmutableMap({ a: List([1]) }),
      big: 5n,
      os: OrderedSet([2, 1]),
    };
    const back = fromTaggedJson(JSON.parse(JSON.stringify(toTaggedJson(value)))) as Record<string, unknown>;
    expect(back.s).toBeInstanceOf(Set);
    expect(back.m).toBeInstanceOf(Map);
    expect(back.big).toBe(5n);
    expect(OrderedSet.isOrderedSet(back.os)).toBe(true);
    expect(fingerprintHex(back)).toBe(fingerprintHex(value));
  });

  it("keeps a __proto__ field as a field", () => {
    const value = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as unknown;
    const json = toTaggedJson(value);
    expect(Object.keys(json as object)).toEqual(["__proto__", "y"]);
    const back = fromTaggedJson(JSON.parse(JSON.stringify(json)));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(fingerprintHex(back)).toBe(fingerprintHex(value));
    expectDifferent(back, { y: 2 });
  });

  it("round-trips random states through JSON text with the same fingerprint", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const value = randomValue(seeded(seed));
        const back = fromTaggedJson(JSON.parse(JSON.stringify(toTaggedJson(value))));
        expect(fingerprintHex(back)).toBe(fingerprintHex(value));
        expect(sameState(back, value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips arbitrary fast-check values, odd strings and numbers included", () => {
    const leaf = fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.string({ unit: "binary", maxLength: 6 }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.bigInt(),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object"), tie("set"), tie("map")),
      array: fc.array(tie("value"), { maxLength: 4 }),
      object: fc.dictionary(fc.string({ maxLength: 4 }), tie("value"), { maxKeys: 4 }),
      set: fc.array(tie("value"), { maxLength: 4 }).map((items) => new Set(items)),
      map: fc
        .array(fc.tuple(tie("value"), tie("value")), { maxLength: 4 })
        .map((entries) => new Map(entries)),
    }));
    fc.assert(
      fc.property(value, (v) => {
        const back = fromTaggedJson(JSON.parse(JSON.stringify(toTaggedJson(v))));
        expect(fingerprintHex(back)).toBe(fingerprintHex(v));
        expect(bytesKey(back)).toBe(bytesKey(v));
      }),
      { numRuns: 500 },
    );
  });

  it("rejects malformed tagged JSON with a path into the JSON", () => {
    const error = (json: unknown) => {
      try {
        fromTaggedJson(json as TaggedJson);
      } catch (thrown) {
        expect(thrown).toBeInstanceOf(StateValueError);
        return (thrown as StateValueError).path;
      }
      throw new Error("expected a StateValueError");
    };
    expect(error({ a: { "#set": 1 } })).toBe('json.a["#set"]');
    expect(error([{ "#bogus": 1 }])).toBe('json[0]["#bogus"]');
    expect(error({ "#map": [[1, 2], [3]] })).toBe('json["#map"][1]');
    expect(error({ "#bigint": "1.5" })).toBe('json["#bigint"]');
    expect(error({ "#number": "NaN" })).toBe('json["#number"]');
  });
});

describe("successor fingerprints", () => {
  // The explorer fingerprints a state's successors reusing the parent's per-field work; the result
  // must be exactly the full fingerprint, or states would be merged or split wrongly.
  it("equal the full fingerprint for random parents and successors that share, change, add and drop fields", () => {
    const rand = seeded(0x5eed);
    const pick = (n: number) => Math.floor(rand() * n);
    const incremental = new SuccessorFingerprinter();
    const full = new Uint32Array(2);
    const reused = new Uint32Array(2);
    let sharedFields = 0;
    let changedSets = 0;
    let changedArrays = 0;
    for (let round = 0; round < 3000; round++) {
      const parent: Record<string, unknown> = {};
      for (const key of KEYS) {
        if (rand() < 0.25) parent[key] = new Set(Array.from({ length: pick(6) }, () => randomValue(rand, 2)));
        else if (rand() < 0.3) parent[key] = Array.from({ length: pick(8) }, () => randomValue(rand, 2));
        else if (rand() < 0.7) parent[key] = randomValue(rand, 1);
      }
      incremental.expandFrom(parent);
      for (let k = 0; k < 5; k++) {
        const child: Record<string, unknown> = {};
        const keys = rand() < 0.3 ? shuffled(KEYS, rand) : KEYS;
        for (const key of keys) {
          const roll = pick(10);
          const parentValue = parent[key];
          if (key in parent && roll < 5) {
            child[key] = parentValue; // the same value, shared
            sharedFields++;
          } else if (parentValue instanceof Set && roll < 8) {
            // the parent's set with elements added and dropped, some equal to the parent's but new objects
            const set = new Set(parentValue);
            for (const element of parentValue) if (rand() < 0.3) set.delete(element);
            for (let i = pick(3); i > 0; i--) set.add(randomValue(rand, 2));
            if (rand() < 0.3) set.add(structuredClone(toPlain([...parentValue][0])));
            child[key] = set;
            changedSets++;
          } else if (Array.isArray(parentValue) && roll < 8) {
            // the parent's array with elements changed, cut short, or added, one or two of these in turn
            const array = [...parentValue];
            for (let step = 1 + pick(2); step > 0; step--) {
              const change = pick(3);
              if (change === 0 && array.length > 0) array[pick(array.length)] = randomValue(rand, 2);
              else if (change === 1) array.length = pick(array.length + 1);
              else array.push(randomValue(rand, 2));
            }
            child[key] = array;
            changedArrays++;
          } else if (roll < 8) child[key] = randomValue(rand, 1);
          else if (roll === 8) child[key] = undefined;
          // otherwise the key is left out
        }
        const candidates: unknown[] = [
          child,
          { ...parent },
          parent,
          [child],
          "not an object",
          new Map(Object.entries(child)),
        ];
        const next = candidates[pick(10) < 7 ? 0 : pick(candidates.length)];
        fingerprint(next, full);
        incremental.fingerprint(next, reused);
        expect([reused[0], reused[1]]).toEqual([full[0], full[1]]);
      }
    }
    expect(sharedFields).toBeGreaterThan(10_000);
    expect(changedSets).toBeGreaterThan(2_000);
    expect(changedArrays).toBeGreaterThan(2_000);
  });

  it("tells successors apart that differ only in a field not shared with the parent", () => {
    const incremental = new SuccessorFingerprinter();
    const parent = { a: [1, 2], b: "x" };
    incremental.expandFrom(parent);
    const one = new Uint32Array(2);
    const two = new Uint32Array(2);
    incremental.fingerprint({ a: parent.a, b: "y" }, one);
    incremental.fingerprint({ a: [1, 2], b: "x" }, two);
    expect(fingerprintHex({ a: parent.a, b: "y" })).not.toBe(fingerprintHex(parent));
    expect([two[0], two[1]]).toEqual(Array.from(fingerprint2(parent)));
    expect([one[0], one[1]]).not.toEqual([two[0], two[1]]);
  });

  it("reports a bad value in a successor with its path, like the full fingerprint", () => {
    const incremental = new SuccessorFingerprinter();
    incremental.expandFrom({ a: 1, b: { c: 2 } });
    expect(() => incremental.fingerprint({ a: 1, b: { c: () => 0 } }, new Uint32Array(2))).toThrow(
      /state\.b\.c/,
    );
  });
});

/** A structured-cloneable stand-in for a value (Immutable values become plain JSON). */
function toPlain(value: unknown): unknown {
  return fromTaggedJson(toTaggedJson(value));
}

function fingerprint2(value: unknown): Uint32Array {
  const out = new Uint32Array(2);
  fingerprint(value, out);
  return out;
}
