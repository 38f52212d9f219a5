// The state codec and the interners: every state value comes back from its bytes as the same state
// (same canonical encoding and fingerprint, same kinds and iteration order), through one interner
// or two attachments of a shared one; values that cannot travel are refused with their path; and a
// SharedInterner gives the same ids to the same strings in every thread, even under concurrent
// inserts.
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import {
  isOrderedMap,
  isOrderedSet,
  List,
  Map as ImmutableMap,
  OrderedMap,
  OrderedSet,
  Range,
  Record as ImmutableRecord,
  Seq,
  Set as ImmutableSet,
  Stack,
} from "immutable";
import { describe, expect, it } from "vitest";
import { encodeCanonical, fingerprintHex } from "../checker/encoding/index.ts";
import {
  InternerFull,
  LocalInterner,
  SharedInterner,
  type SharedInternerHandle,
} from "../checker/encoding/interner.ts";
import { StateCodec, UnshippableValue } from "../checker/encoding/state-codec.ts";

const canonical = (value: unknown): string => Buffer.from(encodeCanonical(value)).toString("latin1");

function encodeCopy(codec: StateCodec, value: unknown): Uint8Array {
  return codec.bytes.slice(0, codec.encode(value));
}

function roundTrip(value: unknown, from: StateCodec, to: StateCodec = from): unknown {
  const bytes = encodeCopy(from, value);
  return to.decode(bytes, 0, bytes.length);
}

function expectSameState(decoded: unknown, original: unknown): void {
  expect(canonical(decoded)).toBe(canonical(original));
  expect(fingerprintHex(decoded)).toBe(fingerprintHex(original));
}

// Strings of arbitrary UTF-16 code units, so lone surrogates come up as often as anything else.
const codeUnits = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0xd800, max: 0xdfff })), {
    maxLength: 6,
  })
  .map((units) => String.fromCharCode(...units));

const leaf = fc.oneof(
  fc.integer({ min: -100, max: 200 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, 63, 64, -1, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 32, Infinity, -Infinity),
  fc.string(),
  fc.string({ unit: "binary" }),
  codeUnits,
  fc.constantFrom("", "working", "prepared", "__proto__", '["a","b"]'),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

const key = fc.oneof(fc.constantFrom("a", "b", "rm", "type", "0", "10", "__proto__", ""), fc.string());

const { value: stateValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    leaf,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 }),
    fc.array(tie("value"), { maxLength: 5 }).map((items) => new Set(items)),
    fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 4 }).map((entries) => new Map(entries)),
    fc.array(tie("value"), { maxLength: 5 }).map((items) => List(items)),
    fc.array(tie("value"), { maxLength: 5 }).map((items) => Stack(items)),
    fc.array(tie("value"), { maxLength: 5 }).map((items) => ImmutableSet(items)),
    fc.array(tie("value"), { maxLength: 5 }).map((items) => OrderedSet(items)),
    fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 4 }).map((e) => ImmutableMap(e)),
    fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 4 }).map((e) => OrderedMap(e)),
  ),
}));

describe("StateCodec round trip", () => {
  it("decodes every state value to the same state, and re-encodes it to the same bytes", () => {
    const codec = new StateCodec(new LocalInterner());
    fc.assert(
      fc.property(stateValue, (value) => {
        const bytes = encodeCopy(codec, value);
        const decoded = codec.decode(bytes, 0, bytes.length);
        expectSameState(decoded, value);
        // Kinds, iteration order and undefined fields all survive, so the bytes do too.
        expect(encodeCopy(codec, decoded)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it("decodes with another attachment of a shared interner (its own caches and shapes)", () => {
    const interner = SharedInterner.create();
    const sender = new StateCodec(interner);
    const receiver = new StateCodec(SharedInterner.attach(interner.handle));
    fc.assert(
      fc.property(stateValue, (value) => {
        expectSameState(roundTrip(value, sender, receiver), value);
      }),
      { numRuns: 500 },
    );
  });

  it("decodes a typical state to fresh, unfrozen values of the same kinds, in the same order", () => {
    const codec = new StateCodec(new LocalInterner());
    const state = Object.freeze({
      rmState: Object.freeze(["working", "prepared", "committed", "aborted"]),
      tmState: "init",
      tmPrepared: new Set(["r3", "r1", "r2"]),
      msgs: new Map<unknown, unknown>([
        [{ type: "Prepared", rm: "r1" }, 2],
        ["Commit", [1n, -(2n ** 70n)]],
      ]),
      list: List([1, 2]),
      stack: Stack(["top", "bottom"]),
      iset: ImmutableSet([3, 1]),
      oset: OrderedSet(["z", "a"]),
      imap: ImmutableMap({ x: 1 }),
      omap: OrderedMap([
        ["z", 1],
        ["a", 2],
      ]),
    });
    const decoded = roundTrip(state, codec) as typeof state;
    expectSameState(decoded, state);
    expect(decoded).not.toBe(state);
    expect(Object.isFrozen(decoded)).toBe(false);
    expect(Object.isFrozen(decoded.rmState)).toBe(false);
    expect(decoded.rmState).toEqual(state.rmState);
    expect([...decoded.tmPrepared]).toEqual(["r3", "r1", "r2"]);
    expect([...decoded.msgs.keys()]).toEqual([{ type: "Prepared", rm: "r1" }, "Commit"]);
    expect(decoded.msgs.get("Commit")).toEqual([1n, -(2n ** 70n)]);
    expect(List.isList(decoded.list)).toBe(true);
    expect(Stack.isStack(decoded.stack) && decoded.stack.peek()).toBe("top");
    expect(ImmutableSet.isSet(decoded.iset) && !isOrderedSet(decoded.iset)).toBe(true);
    expect(isOrderedSet(decoded.oset) && decoded.oset.toArray()).toEqual(["z", "a"]);
    expect(ImmutableMap.isMap(decoded.imap) && !isOrderedMap(decoded.imap)).toBe(true);
    expect(isOrderedMap(decoded.omap) && [...decoded.omap.keys()]).toEqual(["z", "a"]);
  });

  it("keeps fields holding undefined, and writes -0 as 0", () => {
    const codec = new StateCodec(new LocalInterner());
    const decoded = roundTrip({ a: undefined, b: -0, c: [-0, -0.5] }, codec) as Record<string, unknown>;
    expect(Object.keys(decoded)).toEqual(["a", "b", "c"]);
    expect(decoded.a).toBeUndefined();
    expect(Object.is(decoded.b, 0)).toBe(true);
    expect(decoded.c).toEqual([0, -0.5]);
  });

  it("decodes objects with a null prototype, or an own __proto__ field, as plain objects", () => {
    const codec = new StateCodec(new LocalInterner());
    const bare = Object.assign(Object.create(null) as object, { x: 1 });
    expect(Object.getPrototypeOf(roundTrip(bare, codec))).toBe(Object.prototype);

    const tricky = JSON.parse('{"__proto__": {"polluted": true}, "y": 2}') as object;
    const decoded = roundTrip(tricky, codec) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__", "y"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectSameState(decoded, tricky);
  });

  it("writes a typical state in a few dozen bytes", () => {
    const codec = new StateCodec(new LocalInterner());
    const state = {
      rmState: ["working", "prepared", "working", "working", "committed", "aborted", "working", "working"],
      tmState: "init",
      tmPrepared: new Set(["r1", "r2"]),
      msgs: new Set(["Prepared r1", "Prepared r2", "Commit"]),
    };
    // Tag and shape, tag and count plus one byte per small string id (8 + 2 + 3), and one byte
    // for tmState.
    expect(codec.encode(state)).toBe(2 + (2 + 8) + 1 + (2 + 2) + (2 + 3));
  });

  it("grows its scratch buffer for a large state, and reuses it after", () => {
    const codec = new StateCodec(new LocalInterner());
    const ints = Array.from({ length: 100_000 }, (_, i) =>
      i % 7 === 0 ? -(i + 1) * 40_503 : i * 2 ** 20 + 0.5,
    );
    const big = { ints, strings: Array.from({ length: 2000 }, (_, i) => `s${i}`) };
    const length = codec.encode(big);
    expect(codec.bytes.length).toBeGreaterThanOrEqual(length);
    expect(length).toBeGreaterThan(100_000 * 3);
    const decoded = codec.decode(codec.bytes.slice(0, length), 0, length) as typeof big;
    expect(decoded.ints).toEqual(ints);
    expectSameState(decoded, big);

    const scratch = codec.bytes;
    const small = codec.encode({ a: 1 });
    expect(codec.bytes).toBe(scratch);
    expect(codec.decode(codec.bytes, 0, small)).toEqual({ a: 1 });
  });

  it("decodes from the middle of a larger buffer, and rejects a range that is not one state", () => {
    const codec = new StateCodec(new LocalInterner());
    const a = encodeCopy(codec, { x: [1, 2, 3] });
    const b = encodeCopy(codec, new Set(["p", "q"]));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(codec.decode(both, 0, a.length)).toEqual({ x: [1, 2, 3] });
    expect(codec.decode(both, a.length, both.length)).toEqual(new Set(["p", "q"]));
    expect(() => codec.decode(both, 0, both.length)).toThrow(/not one encoded state/);
    expect(() => codec.decode(a, 0, a.length - 1)).toThrow(/not one encoded state/);
    expect(() => codec.decode(a.subarray(0, a.length - 1), 0, a.length - 1)).toThrow(/no value starts/);
  });
});

describe("StateCodec refuses what cannot travel", () => {
  const Message = ImmutableRecord({ type: "", rm: "" });

  function refusal(value: unknown): UnshippableValue {
    const codec = new StateCodec(new LocalInterner());
    try {
      codec.encode(value);
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(UnshippableValue);
      // The codec is still usable afterwards.
      expect(roundTrip({ ok: [1] }, codec)).toEqual({ ok: [1] });
      return thrown as UnshippableValue;
    }
    throw new Error("expected UnshippableValue");
  }

  it.each([
    ["an Immutable Record", { msgs: [1, Message({ type: "Commit" })] }, "state.msgs[1]", /Immutable Record/],
    ["a Record inside a Set", new Set([Message()]), "state{element 0}", /Immutable Record/],
    ["a function", { f: () => 1 }, "state.f", /function/],
    ["a symbol", [Symbol("s")], "state[0]", /symbol/],
    ["NaN", { x: NaN }, "state.x", /NaN/],
    ["a class instance", { d: new Date(0) }, "state.d", /Date/],
    ["an Immutable Seq", { s: Seq([1]) }, "state.s", /Seq/],
    ["an Immutable Range", { s: Range(0, 3) }, "state.s", /Seq/],
  ])("refuses %s, naming it and where it is", (_, value, path, problem) => {
    const error = refusal(value);
    expect(error.code).toBe("unshippable-value");
    expect(error.path).toBe(path);
    expect(error.problem).toMatch(problem);
  });

  it("refuses cycles through objects, arrays, Sets and Maps", () => {
    const object: Record<string, unknown> = { a: 1 };
    object.self = { inner: [object] };
    const set = new Set<unknown>();
    set.add({ back: set });
    const map = new Map<unknown, unknown>();
    map.set("k", [map]);
    for (const cyclic of [object, set, map]) {
      const error = refusal(cyclic);
      expect(error.code).toBe("unshippable-value");
      expect(error.problem).toMatch(/cycle/);
    }
  });

  it("accepts values nested deeper than the cycle tracking starts", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 200; i++) deep = i % 2 ? [deep] : { d: deep };
    const codec = new StateCodec(new LocalInterner());
    expectSameState(roundTrip(deep, codec), deep);
  });
});

describe("LocalInterner", () => {
  it("gives dense ids from 0, the same for the same text", () => {
    const interner = new LocalInterner();
    expect(["a", "b", "a", "", "c", ""].map((t) => interner.idOf(t))).toEqual([0, 1, 0, 2, 3, 2]);
    expect(interner.textOf(2)).toBe("");
    expect(interner.size).toBe(4);
    expect(() => interner.textOf(4)).toThrow(RangeError);
  });
});

describe("SharedInterner", () => {
  const awkward = ["", "\ud800", "a\udfffb", "\u{1f600}", "x".repeat(100_000), "naïve", "\u0000"];

  it("agrees across attachments in one thread, under interleaved inserts", () => {
    const a = SharedInterner.create();
    const b = SharedInterner.attach(a.handle);
    const texts = [...awkward, ...Array.from({ length: 5000 }, (_, i) => `t${i}`)];
    const ids = new Map<string, number>();
    texts.forEach((text, i) => ids.set(text, (i % 3 === 0 ? b : a).idOf(text)));
    // Ask again, each from the attachment that did not insert it, and from a fresh one that reads
    // the texts from shared memory.
    const fresh = SharedInterner.attach(a.handle);
    texts.forEach((text, i) => expect((i % 3 === 0 ? a : b).idOf(text)).toBe(ids.get(text)));
    for (const [text, id] of [...ids].reverse()) expect(fresh.textOf(id)).toBe(text);
    expect([...ids.values()].sort((x, y) => x - y)).toEqual(texts.map((_, i) => i));
    expect(a.size).toBe(texts.length);
    expect(() => fresh.textOf(texts.length)).toThrow(RangeError);
  });

  it("reports its limits with InternerFull, naming the option to raise", () => {
    const few = SharedInterner.create({ maxStrings: 3 });
    ["a", "b", "c"].forEach((t) => few.idOf(t));
    expect(() => few.idOf("d")).toThrow(
      expect.objectContaining({ code: "interner-full", limit: "maxStrings" }),
    );
    expect(few.idOf("b")).toBe(1);

    const short = SharedInterner.create({ maxTextBytes: 20 });
    short.idOf("12345");
    expect(() => short.idOf("123456")).toThrow(InternerFull);
    expect(() => short.idOf("123456")).toThrow(/maxTextBytes/);
    expect(short.idOf("12345")).toBe(0);
    // The lock was released after the failure: another attachment can still insert.
    expect(SharedInterner.attach(short.handle).idOf("1234")).toBe(1);
  });

  it("validates its options and its handle", () => {
    expect(() => SharedInterner.create({ maxStrings: 0 })).toThrow(/maxStrings/);
    expect(() => SharedInterner.create({ maxTextBytes: 1.5 })).toThrow(/maxTextBytes/);
    expect(() => SharedInterner.attach({} as SharedInternerHandle)).toThrow(TypeError);
  });

  it("gives a worker thread the same ids, with both threads inserting at once", async () => {
    const interner = SharedInterner.create();
    const codec = new StateCodec(interner);
    const state = {
      rmState: ["working", "prepared"],
      msgs: new Set(["Commit", "\ud800"]),
      m: new Map<unknown, unknown>([[1n, { deep: List([OrderedSet(["z"]), Stack([2.5])]) }]]),
      u: undefined,
    };
    const stateBytes = encodeCopy(codec, state);

    // Each thread inserts its own strings and the shared ones, in a different order, enough of
    // them that the table, the entries and the text all grow while both are inserting.
    const shared = Array.from({ length: 20_000 }, (_, i) => `shared ${i} ${"·".repeat(i % 50)}`);
    const mine = Array.from({ length: 20_000 }, (_, i) => `main ${i}`);
    const theirs = Array.from({ length: 20_000 }, (_, i) => `worker ${i}`);
    const mainTexts = interleave(mine, shared);
    const workerTexts = interleave([...shared].reverse(), theirs);
    const go = new Int32Array(new SharedArrayBuffer(4));

    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        tsxUrl: import.meta.resolve("tsx/esm/api"),
        handle: interner.handle,
        go: go.buffer,
        texts: workerTexts,
        stateBytes,
        internerUrl: new URL("../checker/encoding/interner.ts", import.meta.url).href,
        codecUrl: new URL("../checker/encoding/state-codec.ts", import.meta.url).href,
      },
    });
    try {
      const reply = new Promise<{ ids: number[]; bytes: Uint8Array }>((resolve, reject) => {
        worker.on("error", reject);
        worker.on("message", (message: { ready?: true; ids: number[]; bytes: Uint8Array }) => {
          if (!message.ready) {
            resolve(message);
            return;
          }
          Atomics.store(go, 0, 1);
          Atomics.notify(go, 0);
          for (const text of mainTexts) interner.idOf(text);
        });
      });
      const { ids, bytes } = await reply;

      workerTexts.forEach((text, i) => expect(interner.idOf(text)).toBe(ids[i]));
      const all = new Set([...mainTexts, ...workerTexts]);
      const allIds = [...all].map((t) => interner.idOf(t));
      expect(new Set(allIds).size).toBe(all.size);
      // Dense from 0: the state's own strings and shape came first, then all of these.
      expect(interner.size).toBe(Math.max(...allIds) + 1);
      const fresh = SharedInterner.attach(interner.handle);
      for (const text of all) expect(fresh.textOf(interner.idOf(text))).toBe(text);

      // The worker decoded the state and encoded it again; it comes back as the same state.
      expectSameState(codec.decode(bytes, 0, bytes.length), state);
    } finally {
      await worker.terminate();
    }
  });
});

function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

// Plain JavaScript, which registers tsx so that it can import the TypeScript modules (as
// checker/search/parallel/worker-entry.mjs does). It attaches, says it is ready, waits for the go signal so that both threads insert at once, then
// answers with its ids and the state it decoded, encoded again.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { register } = await import(workerData.tsxUrl);
  register();
  const { SharedInterner } = await import(workerData.internerUrl);
  const { StateCodec } = await import(workerData.codecUrl);
  const interner = SharedInterner.attach(workerData.handle);
  const codec = new StateCodec(interner);
  const go = new Int32Array(workerData.go);
  parentPort.postMessage({ ready: true });
  Atomics.wait(go, 0, 0);
  const ids = workerData.texts.map((text) => interner.idOf(text));
  const state = codec.decode(workerData.stateBytes, 0, workerData.stateBytes.length);
  const bytes = codec.bytes.slice(0, codec.encode(state));
  parentPort.postMessage({ ids, bytes });
})().catch((error) => { throw error; });
`;
