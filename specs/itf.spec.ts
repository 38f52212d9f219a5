// Counterexamples in the Informal Trace Format of Apalache and Quint: the shape of a real trace,
// each value form, and the way back to state values with the same fingerprints.
import fc from "fast-check";
import { List, OrderedMap, OrderedSet, Record as ImmutableRecord, Set as ImmutableSet } from "immutable";
import { describe, expect, it } from "vitest";
import { type CheckResult, checkModel, fingerprintHex, StateValueError } from "../checker/index.ts";
import {
  fromItfTrace,
  fromItfValue,
  type ItfTrace,
  type ItfValue,
  toItf,
  toItfValue,
} from "../checker/trace/itf.ts";
import tinyLock from "../docs/examples/tiny-lock.ts";
import twoPhaseCommit from "../models/commit/two-phase-commit.ts";
import { graphModel } from "./fixtures/graph-model.ts";
import pingPong from "./fixtures/ping-pong.ts";

function itfOf(result: CheckResult): ItfTrace {
  const itf = toItf(result);
  if (itf === null) throw new Error(`expected a trace, got verdict ${result.verdict}`);
  return itf;
}

/** A violated result whose trace visits `states`, for what no model produces yet (lassos). */
function resultWithTrace(states: readonly unknown[], loopStart: number | null = null): CheckResult {
  return {
    model: "made-up",
    params: {},
    config: null,
    variant: "correct",
    options: { por: false, symmetry: false, strategy: "bfs", workers: 1 },
    stats: {
      distinctStates: states.length,
      generatedStates: states.length,
      depth: states.length,
      seconds: 0,
      statesPerSecond: 0,
      storeBytesPerState: 0,
      peakMemoryBytes: 0,
      reductions: {},
      collisionProbability: { optimistic: 0, fromFingerprints: null },
    },
    verdict: "violated",
    violation: {
      kind: loopStart === null ? "invariant" : "liveness",
      name: "made-up",
      message: "made up",
      trace: states.map((state, i) => ({
        action: i === 0 ? null : `step ${i}`,
        label: i === 0 ? "init" : `step ${i}`,
        actor: null,
        state,
      })),
      loopStart,
    },
  };
}

describe("toItf", () => {
  it("writes a two-phase-commit counterexample: one state per step, variables as ITF values", async () => {
    const result = await checkModel(twoPhaseCommit, { params: { rm: 2 }, variant: "commit-without-votes" });
    const itf = itfOf(result);
    expect(itf["#meta"]).toMatchObject({
      format: "ITF",
      "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html",
      source: "two-phase-commit",
      description:
        "violation of invariant TCConsistent in two-phase-commit rm=2, variant commit-without-votes",
      params: { rm: 2 },
      variant: "commit-without-votes",
      violation: { kind: "invariant", name: "TCConsistent" },
    });
    expect(itf["#meta"]).not.toHaveProperty("state-var");
    expect(itf.vars).toEqual(["msgs", "rmState", "tmPrepared", "tmState"]);
    expect(itf).not.toHaveProperty("loop");

    expect(itf.states.map((s) => s["#meta"])).toEqual([
      { index: 0, action: "init" },
      { index: 1, action: "TMCommit", actor: "TM" },
      { index: 2, action: "RMChooseToAbort(r1)", actor: "r1" },
      { index: 3, action: "RMRcvCommitMsg(r2)", actor: "r2" },
    ]);
    expect(itf.states[0]).toEqual({
      "#meta": { index: 0, action: "init" },
      msgs: { "#set": [] },
      rmState: ["working", "working"],
      tmPrepared: { "#set": [] },
      tmState: "init",
    });
    expect(itf.states[3]).toMatchObject({
      msgs: { "#set": ["Commit"] },
      rmState: ["aborted", "committed"],
      tmState: "committed",
    });
    // Plain JSON: what is written to a file reads back the same.
    expect(JSON.parse(JSON.stringify(itf))).toEqual(itf);
  });

  it("writes integers as #bigint and null as #unserializable (tiny-lock, broken)", async () => {
    const itf = itfOf(await checkModel(tinyLock, { config: "broken" }));
    expect(itf.vars).toEqual(["holder", "inside"]);
    expect(itf["#meta"]).toMatchObject({ config: "broken", variant: "no-check", params: { n: 2 } });
    expect(itf.states.map((s) => s.holder)).toEqual([
      { "#unserializable": "null" },
      { "#bigint": "0" },
      { "#bigint": "1" },
    ]);
    expect(itf.states[2]!.inside).toEqual([true, true]);
  });

  it('holds a state that is not a record in the one variable "state"', async () => {
    const model = graphModel({ initial: ["s"], edges: { s: ["t"], t: ["z"] }, bad: ["z"] });
    const itf = itfOf(await checkModel(model));
    expect(itf.vars).toEqual(["state"]);
    expect(itf["#meta"]["state-var"]).toBe("state");
    expect(itf.states).toEqual([
      { "#meta": { index: 0, action: "init" }, state: "s" },
      { "#meta": { index: 1, action: "go t" }, state: "t" },
      { "#meta": { index: 2, action: "go z" }, state: "z" },
    ]);
    expect(fromItfTrace(itf)).toEqual(["s", "t", "z"]);
  });

  it("takes the union of the fields as vars, sorted, and writes an absent one as undefined", () => {
    const itf = itfOf(resultWithTrace([{ b: 1 }, { b: 2, a: "x" }]));
    expect(itf.vars).toEqual(["a", "b"]);
    expect(itf.states[0]!.a).toEqual({ "#unserializable": "undefined" });
    expect(fromItfTrace(itf).map(fingerprintHex)).toEqual([
      fingerprintHex({ b: 1 }),
      fingerprintHex({ a: "x", b: 2 }),
    ]);
  });

  it("marks where a lasso repeats from", () => {
    expect(itfOf(resultWithTrace([1, 2, 3], 1)).loop).toBe(1);
    expect(itfOf(resultWithTrace([1, 2, 3], 1))["#meta"].description).toBe(
      "violation of liveness property made-up in made-up",
    );
  });

  it("gives each step of an actor trace its event, messages as ITF values", async () => {
    const states = itfOf(await checkModel(pingPong, { params: { duplicate: 1 } })).states;
    const ping = { from: "client", to: "server", message: { kind: "ping" }, text: "ping" };
    const pong = { from: "server", to: "client", message: { kind: "pong" }, text: "pong" };
    expect(states.map((state) => state["#meta"].event)).toEqual([
      { process: null, received: null, sent: [], fault: null, target: null, inFlight: [ping] },
      { process: "server", received: ping, sent: [pong], fault: null, target: null, inFlight: [pong] },
      {
        process: "server",
        received: null,
        sent: [],
        fault: "duplicate",
        target: pong,
        inFlight: [pong, pong],
      },
      { process: "client", received: pong, sent: [], fault: null, target: null, inFlight: [pong] },
      { process: "client", received: pong, sent: [], fault: null, target: null, inFlight: [] },
    ]);
    expect(
      itfOf(await checkModel(twoPhaseCommit, { params: { rm: 3 }, variant: "commit-without-votes" }))
        .states[1]!["#meta"].event,
    ).toBeUndefined();
  });

  it("gives null for a result with no violation trace", async () => {
    expect(toItf(await checkModel(twoPhaseCommit, { params: { rm: 2 } }))).toBeNull();
    expect(toItf(await checkModel(twoPhaseCommit, { params: { rm: 3 }, maxStates: 5 }))).toBeNull();
    expect(toItf(resultWithTrace([]))).toBeNull();
  });
});

describe("ITF values", () => {
  it("writes every integer as #bigint", () => {
    expect(toItfValue(0)).toEqual({ "#bigint": "0" });
    expect(toItfValue(-0)).toEqual({ "#bigint": "0" });
    expect(toItfValue(-42)).toEqual({ "#bigint": "-42" });
    expect(toItfValue(2 ** 60)).toEqual({ "#bigint": "1152921504606846976" });
    expect(toItfValue(-(2n ** 70n))).toEqual({ "#bigint": "-1180591620717411303424" });
  });

  it("writes what ITF has no form for as #unserializable, literals as JavaScript would", () => {
    expect(toItfValue(0.5)).toEqual({ "#unserializable": "0.5" });
    expect(toItfValue(-Infinity)).toEqual({ "#unserializable": "-Infinity" });
    expect(toItfValue(null)).toEqual({ "#unserializable": "null" });
    expect(toItfValue([undefined])).toEqual([{ "#unserializable": "undefined" }]);
    expect(toItfValue(OrderedSet([2, 1]))).toEqual({ "#unserializable": "OrderedSet {2, 1}" });
    expect(toItfValue(OrderedMap([["a", 1]]))).toEqual({ "#unserializable": 'OrderedMap {"a" ↦ 1}' });
    expect(toItfValue(NaN)).toEqual({ "#unserializable": "NaN" });
    expect(toItfValue(function step() {})).toEqual({ "#unserializable": "function step" });
    expect(toItfValue(new Date(0))).toEqual({ "#unserializable": "a Date" });
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(toItfValue(cycle)).toEqual([{ "#unserializable": "a cycle: a value that contains itself" }]);
  });

  it("writes sets and maps in canonical order, whatever their insertion order", () => {
    expect(toItfValue(new Set([3, 1, 2]))).toEqual(toItfValue(new Set([2, 3, 1])));
    expect(toItfValue(new Set([10, 2]))).toEqual({ "#set": [{ "#bigint": "2" }, { "#bigint": "10" }] });
    expect(toItfValue(ImmutableSet(["bb", "a"]))).toEqual({ "#set": ["a", "bb"] });
    expect(
      toItfValue(
        new Map<unknown, unknown>([
          [{ id: 2 }, "two"],
          [{ id: 1 }, "one"],
        ]),
      ),
    ).toEqual({
      "#map": [
        [{ id: { "#bigint": "1" } }, "one"],
        [{ id: { "#bigint": "2" } }, "two"],
      ],
    });
  });

  it("writes lists as arrays and records as objects with sorted keys, escaping a leading #", () => {
    const Point = ImmutableRecord({ y: 0, x: 0 });
    expect(toItfValue(List([Point({ x: 1, y: 2 })]))).toEqual([
      { x: { "#bigint": "1" }, y: { "#bigint": "2" } },
    ]);
    const value = { "#set": [1], z: true, skipped: undefined };
    const itf = toItfValue(value);
    expect(Object.keys(itf as object)).toEqual(["##set", "z"]);
    expect(fingerprintHex(fromItfValue(itf))).toBe(fingerprintHex(value));
  });

  it("reads back what the ADR allows besides: plain JSON integers, tuples, bigints beyond 2^53", () => {
    expect(fromItfValue([1, { "#tup": [{ "#bigint": "2" }, "b"] }])).toEqual([1, [2, "b"]]);
    expect(fromItfValue({ "#bigint": "9007199254740993" })).toBe(9007199254740993n);
    expect(fromItfValue({ "#bigint": "-9007199254740991" })).toBe(-9007199254740991);
    expect(fromItfValue({ "#unserializable": "1e-7" })).toBe(1e-7);
    expect(fromItfValue({ "#meta": { index: 0 }, x: { "#set": ["a"] } })).toEqual({ x: new Set(["a"]) });
  });

  it("rejects malformed ITF and unserializable values that are not literals, with a path", () => {
    const pathOf = (itf: unknown) => {
      try {
        fromItfValue(itf as ItfValue);
      } catch (thrown) {
        expect(thrown).toBeInstanceOf(StateValueError);
        return (thrown as StateValueError).path;
      }
      throw new Error("expected a StateValueError");
    };
    expect(pathOf({ a: [{ "#bigint": "1.5" }] })).toBe('itf.a[0]["#bigint"]');
    expect(pathOf({ a: { "#unserializable": "OrderedSet {1}" } })).toBe('itf.a["#unserializable"]');
    expect(pathOf({ "#frozenset": [] })).toBe('itf["#frozenset"]');
    expect(pathOf({ a: 1, "#b": 2 })).toBe('itf["#b"]');
    expect(pathOf({ "#map": [[1]] })).toBe('itf["#map"][0]');
    expect(pathOf([null])).toBe("itf[0]");
  });
});

describe("the way back", () => {
  const safeInteger = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  // ITF has one integer type: a bigint comes back as a bigint only outside the safe range.
  const bigBigInt = fc.oneof(
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }),
    fc.bigInt({ min: -(2n ** 80n), max: -(2n ** 53n) }),
  );
  const fieldName = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.constantFrom("#set", "#meta", "##", "__proto__"),
  );
  const leaf = fc.oneof(safeInteger, bigBigInt, fc.string({ unit: "binary", maxLength: 6 }), fc.boolean());
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      leaf,
      tie("array"),
      tie("record"),
      tie("set"),
      tie("map"),
      tie("list"),
    ),
    array: fc.array(tie("value"), { maxLength: 4 }),
    list: fc.array(tie("value"), { maxLength: 3 }).map((items) => List(items)),
    record: fc.dictionary(fieldName, tie("value"), { maxKeys: 4 }),
    set: fc.array(tie("value"), { maxLength: 4 }).map((items) => new Set(items)),
    map: fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 4 }).map((entries) => new Map(entries)),
  }));

  it("gives back a value with the same fingerprint, through JSON text", () => {
    fc.assert(
      fc.property(value, (v) => {
        const back = fromItfValue(JSON.parse(JSON.stringify(toItfValue(v))) as ItfValue);
        expect(fingerprintHex(back)).toBe(fingerprintHex(v));
      }),
      { numRuns: 500 },
    );
  });

  it("gives back the states of a trace with their fingerprints, records or not", () => {
    const state = fc.oneof(fc.dictionary(fieldName, value, { maxKeys: 4 }), value);
    fc.assert(
      fc.property(fc.array(state, { minLength: 1, maxLength: 4 }), (states) => {
        const itf = JSON.parse(JSON.stringify(itfOf(resultWithTrace(states)))) as ItfTrace;
        expect(fromItfTrace(itf).map(fingerprintHex)).toEqual(states.map(fingerprintHex));
      }),
      { numRuns: 300 },
    );
  });

  it("gives back the states of a two-phase-commit counterexample", async () => {
    const result = await checkModel(twoPhaseCommit, { params: { rm: 3 }, variant: "abort-after-prepare" });
    if (result.verdict !== "violated") throw new Error("expected a violation");
    const itf = JSON.parse(JSON.stringify(itfOf(result))) as ItfTrace;
    expect(fromItfTrace(itf).map(fingerprintHex)).toEqual(
      result.violation.trace.map((step) => fingerprintHex(step.state)),
    );
  });
});
