// Counterexamples in the Informal Trace Format (ITF) of Apalache and Quint
// (https://apalache-mc.org/docs/adr/015adr-trace.html), so that the traces this checker finds can
// be read by the tools that read theirs: trace viewers, model-based test drivers, the `itf` crate.
//
//   boolean, string               as JSON
//   integer number, bigint        {"#bigint": "-12"}              (see below)
//   array, List, Stack            [ ... ]                          ITF list, in order
//   object, Record                { ... }                          ITF record, keys sorted
//   Set                           {"#set": [ ... ]}                elements in canonical order
//   Map                           {"#map": [[k, v], ...]}          entries in canonical key order
//   anything else                 {"#unserializable": "<text>"}
//
// The ADR allows integers in JSON's safe range to be written as plain JSON numbers, but every
// integer here is written as #bigint: that is what Apalache and Quint write, and readers such as
// the `itf` crate accept nothing else. ITF has a single integer type, so a bigint and a number of
// the same value look alike; reading back gives a number when it is a safe integer.
//
// ITF has no null, no undefined, no non-integer numbers and no ordered sets or maps; they are
// written as #unserializable. Their text is the JavaScript literal when there is one ("null",
// "undefined", "0.5", "-Infinity"), which `fromItfValue` reads back, and a description otherwise
// ("OrderedSet {1, 2}"), which it rejects.
//
// ITF record fields must not start with "#". As in our tagged JSON, a field whose name does is
// written with one more "#" in front, and read back without it.
import { match } from "ts-pattern";
import { compareCanonical, encodeCanonical } from "../encoding/canonical.ts";
import { classify, entriesOf, fieldPath, fieldsOf, itemsOf, Kind } from "../encoding/internal/values.ts";
import { toTaggedJson } from "../encoding/tagged-json.ts";
import { describeThrown, StateValueError } from "../errors.ts";
import { CORRECT_VARIANT } from "../model/contract.ts";
import type { StepEvent } from "../model/step-event.ts";
import type { CheckResult, Violation } from "../result.ts";
import { showValue } from "../encoding/show-value.ts";
import { encodeEvent } from "./step-event.ts";

export type ItfValue =
  | boolean
  | string
  // Only read: the ADR allows safe integers as plain JSON numbers, but `toItfValue` never writes one.
  | number
  | ItfValue[]
  | { "#bigint": string }
  | { "#set": ItfValue[] }
  | { "#map": [ItfValue, ItfValue][] }
  | { "#tup": ItfValue[] }
  | { "#unserializable": string }
  | { [field: string]: ItfValue };

export const ITF_FORMAT_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html";

export interface ItfTraceMeta {
  readonly format: "ITF";
  readonly "format-description": typeof ITF_FORMAT_DESCRIPTION;
  /** The model's name. */
  readonly source: string;
  /** What was found, where: "violation of invariant TCConsistent in two-phase-commit rm=3, …". */
  readonly description: string;
  /** With `variant` (and `config` when one was run): what reproduces the trace. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly variant: string;
  readonly config?: string;
  readonly violation: { readonly kind: string; readonly name: string; readonly message: string };
  /**
   * Present when the states are not records: the one variable that holds each whole state.
   * Without it, each state is the record of its variables.
   */
  readonly "state-var"?: string;
}

export interface ItfStateMeta {
  /** The position of the state in the trace, from 0. */
  readonly index: number;
  /** The action that led to the state, in words; "init" for the first. */
  readonly action: string;
  readonly actor?: string;
  /**
   * Actor models: what the step did in processes and messages, and what is in flight after it
   * (checker/model/contract.ts, StepEvent), each message as an ITF value.
   */
  readonly event?: StepEvent<ItfValue>;
}

/** A state: its metadata and one ITF value per variable of `vars`. */
export type ItfState = { readonly "#meta": ItfStateMeta } & { readonly [variable: string]: ItfValue };

export interface ItfTrace {
  readonly "#meta": ItfTraceMeta;
  readonly vars: string[];
  readonly states: ItfState[];
  /** For a lasso: the index of the state the trace repeats from, forever. */
  readonly loop?: number;
}

/** The variable that holds each whole state when states are not records. */
const WHOLE_STATE_VAR = "state";

/** The violation trace of a result in ITF, or null when the result has none (or an empty one). */
export function toItf(result: CheckResult): ItfTrace | null {
  if (result.verdict !== "violated" || result.violation.trace.length === 0) return null;
  const violation = result.violation;
  const states = violation.trace.map((step) => step.state);
  const records = states.every((state) => classify(state) === Kind.Record);

  let vars: string[];
  let variablesOf: (state: unknown) => Record<string, ItfValue>;
  if (records) {
    const names = new Set<string>();
    for (const state of states) for (const [name] of fieldsOf(state as object)) names.add(name);
    const fields = [...names].sort(byCodeUnits);
    vars = fields.map(escapeField);
    variablesOf = (state) => {
      const present = new Map(fieldsOf(state as object));
      const variables: Record<string, ItfValue> = {};
      fields.forEach((field, i) => {
        // ITF wants every variable in every state; an absent field is an undefined one.
        setOwn(variables, vars[i]!, toItfValue(present.get(field)));
      });
      return variables;
    };
  } else {
    vars = [WHOLE_STATE_VAR];
    variablesOf = (state) => ({ [WHOLE_STATE_VAR]: toItfValue(state) });
  }

  const itfStates = violation.trace.map((step, index): ItfState => {
    const meta: ItfStateMeta = {
      index,
      action: step.label,
      ...(step.actor === null ? {} : { actor: step.actor }),
      ...(step.event ? { event: encodeEvent(step.event, toItfValue) } : {}),
    };
    return { "#meta": meta, ...variablesOf(step.state) } as ItfState;
  });

  const meta: ItfTraceMeta = {
    format: "ITF",
    "format-description": ITF_FORMAT_DESCRIPTION,
    source: result.model,
    description: describeViolation(result, violation),
    params: result.params,
    variant: result.variant,
    ...(result.config === null ? {} : { config: result.config }),
    violation: { kind: violation.kind, name: violation.name, message: violation.message },
    ...(records ? {} : { "state-var": WHOLE_STATE_VAR }),
  };
  return {
    "#meta": meta,
    vars,
    states: itfStates,
    ...(violation.loopStart === null ? {} : { loop: violation.loopStart }),
  };
}

function describeViolation(result: CheckResult, violation: Violation): string {
  const what = match(violation.kind)
    .with("invariant", () => `violation of invariant ${violation.name}`)
    .with("liveness", () => `violation of liveness property ${violation.name}`)
    .with("deadlock", () => "deadlock")
    .with("model-error", () => `model error ${violation.name}`)
    .exhaustive();
  const params = Object.entries(result.params)
    .map(([name, value]) => ` ${name}=${String(value)}`)
    .join("");
  const variant = result.variant === CORRECT_VARIANT ? "" : `, variant ${result.variant}`;
  const config = result.config === null ? "" : `, config ${result.config}`;
  return `${what} in ${result.model}${params}${variant}${config}`;
}

/** The ITF form of one state value; never throws (what has no form is #unserializable). */
export function toItfValue(value: unknown): ItfValue {
  return convert(value, new Set());
}

function convert(v: unknown, ancestors: Set<object>): ItfValue {
  const kind = classify(v);
  switch (kind) {
    case Kind.Boolean:
    case Kind.String:
      return v as boolean | string;
    case Kind.Number: {
      const n = v as number;
      return Number.isInteger(n) ? { "#bigint": BigInt(n).toString() } : unserializable(String(n));
    }
    case Kind.BigInt:
      return { "#bigint": (v as bigint).toString() };
    case Kind.Undefined:
      return unserializable("undefined");
    case Kind.Null:
      return unserializable("null");
    case Kind.Bad:
      return unserializable(describeOddValue(v));
    case Kind.OrderedSet:
      return unserializable(`OrderedSet ${readable(v)}`);
    case Kind.OrderedMap:
      return unserializable(`OrderedMap ${readable(v)}`);
  }
  const object = v as object;
  if (ancestors.has(object)) return unserializable("a cycle: a value that contains itself");
  ancestors.add(object);
  let itf: ItfValue;
  switch (kind) {
    // Array.from rather than map: map skips the holes of a sparse array, which count as undefined.
    case Kind.Seq:
      itf = Array.from(itemsOf(object), (item) => convert(item, ancestors));
      break;
    case Kind.Set: {
      const items = itemsOf(object);
      itf = { "#set": canonicalOrder(items).map((i) => convert(items[i], ancestors)) };
      break;
    }
    case Kind.Map: {
      const entries = entriesOf(object);
      itf = {
        "#map": canonicalOrder(entries).map((i): [ItfValue, ItfValue] => {
          const [key, value] = entries[i]!;
          return [convert(key, ancestors), convert(value, ancestors)];
        }),
      };
      break;
    }
    default: {
      const record: Record<string, ItfValue> = {};
      const fields = fieldsOf(object).sort((a, b) => byCodeUnits(a[0], b[0]));
      for (const [field, value] of fields) setOwn(record, escapeField(field), convert(value, ancestors));
      itf = record;
    }
  }
  ancestors.delete(object);
  return itf;
}

function unserializable(text: string): ItfValue {
  return { "#unserializable": text };
}

/**
 * Indices of `values` in the order of their canonical bytes, the order our tagged JSON uses, so
 * that equal sets are written alike. Values with no canonical form stay in iteration order.
 */
function canonicalOrder(values: readonly unknown[]): number[] {
  const indices = values.map((_, i) => i);
  if (values.length < 2) return indices;
  let bytes: Uint8Array[];
  try {
    bytes = values.map((value) => encodeCanonical(value));
  } catch {
    return indices;
  }
  return indices.sort((a, b) => compareCanonical(bytes[a]!, bytes[b]!));
}

function readable(value: unknown): string {
  try {
    return showValue(toTaggedJson(value));
  } catch (error) {
    return `(${describeThrown(error)})`;
  }
}

function describeOddValue(value: unknown): string {
  switch (typeof value) {
    case "number":
      return String(value);
    case "symbol":
      return value.toString();
    case "function":
      return value.name ? `function ${value.name}` : "an anonymous function";
    case "object": {
      if (value === null) return "null";
      let name: unknown;
      try {
        name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      } catch {
        name = undefined;
      }
      return typeof name === "string" && name !== "" ? `a ${name}` : "an object with a custom prototype";
    }
    default:
      return typeof value;
  }
}

function escapeField(field: string): string {
  return field.startsWith("#") ? `#${field}` : field;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// A plain assignment to "__proto__" would set the prototype instead of adding a field.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * The state value an ITF value stands for: lists as arrays, records as plain objects, sets as
 * native Set, maps as native Map, tuples as arrays, integers as numbers when they are safe
 * integers and bigint otherwise. A value written by `toItfValue` from integers, strings, booleans,
 * lists, records, sets and maps comes back with the same fingerprint. A "#meta" field is skipped,
 * so that an ITF state reads as the record of its variables. Throws StateValueError (with a path
 * from `itf`) for malformed input and for an #unserializable value that is not a literal.
 */
export function fromItfValue(value: ItfValue): unknown {
  return rebuild(value, "itf");
}

/** The states of an ITF trace written by `toItf`, as state values. */
export function fromItfTrace(trace: ItfTrace): unknown[] {
  const wholeStateVar = trace["#meta"]?.["state-var"];
  return trace.states.map((state, i) =>
    wholeStateVar === undefined
      ? rebuild(state, `itf.states[${i}]`)
      : rebuild(state[wholeStateVar], fieldPath(`itf.states[${i}]`, wholeStateVar)),
  );
}

const LITERALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ["undefined", undefined],
  ["null", null],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
]);
const NUMBER_LITERAL = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i;

function rebuild(json: unknown, path: string): unknown {
  if (typeof json === "boolean" || typeof json === "string") return json;
  if (typeof json === "number") {
    if (!Number.isFinite(json)) throw malformed(path, "a JSON number must be finite");
    return json;
  }
  if (json === null) throw malformed(path, "ITF has no null");
  if (Array.isArray(json)) return json.map((item, i) => rebuild(item, `${path}[${i}]`));
  if (typeof json !== "object" || Object.getPrototypeOf(json) !== Object.prototype) {
    throw malformed(path, `expected JSON, got ${typeof json}`);
  }
  const object = json as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0]!.startsWith("#") && !keys[0]!.startsWith("##") && keys[0] !== "#meta") {
    const tag = keys[0]!;
    return rebuildTagged(tag, object[tag], fieldPath(path, tag));
  }
  const record: Record<string, unknown> = {};
  for (const key of keys) {
    const at = fieldPath(path, key);
    if (key === "#meta") continue;
    if (key.startsWith("##")) setOwn(record, key.slice(1), rebuild(object[key], at));
    else if (key.startsWith("#"))
      throw malformed(at, `"${key}" is not a record field (ITF fields do not start with #)`);
    else setOwn(record, key, rebuild(object[key], at));
  }
  return record;
}

function rebuildTagged(tag: string, body: unknown, path: string): unknown {
  switch (tag) {
    case "#bigint": {
      if (typeof body !== "string" || !/^-?[0-9]+$/.test(body))
        throw malformed(path, "expected a decimal string");
      const n = BigInt(body);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
    case "#set":
      return new Set(elements(body, path));
    case "#tup":
      return elements(body, path);
    case "#map": {
      if (!Array.isArray(body)) throw malformed(path, "expected an array of [key, value] pairs");
      return new Map(
        body.map((pair, i): [unknown, unknown] => {
          if (!Array.isArray(pair) || pair.length !== 2)
            throw malformed(`${path}[${i}]`, "expected a [key, value] pair");
          return [rebuild(pair[0], `${path}[${i}][0]`), rebuild(pair[1], `${path}[${i}][1]`)];
        }),
      );
    }
    case "#unserializable": {
      if (typeof body !== "string") throw malformed(path, "expected a string");
      if (LITERALS.has(body)) return LITERALS.get(body);
      if (NUMBER_LITERAL.test(body)) return Number(body);
      throw new StateValueError(path, `${JSON.stringify(body)} was not serializable and cannot be read back`);
    }
    default:
      throw malformed(path, `unknown tag "${tag}"; ITF tags: #bigint, #set, #map, #tup, #unserializable`);
  }
}

function elements(body: unknown, path: string): unknown[] {
  if (!Array.isArray(body)) throw malformed(path, "expected an array of elements");
  return body.map((item, i) => rebuild(item, `${path}[${i}]`));
}

function malformed(path: string, problem: string): StateValueError {
  return new StateValueError(path, `malformed ITF: ${problem}`);
}
