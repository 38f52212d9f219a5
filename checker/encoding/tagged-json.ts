// The JSON form of states used in traces and `--json` results, after the Informal Trace Format
// of Apalache and Quint: plain JSON where JSON has a form, a one-key tagged object where it has
// not.
//
//   array, List, Stack        [ ... ]                      in order
//   object, Record            { ... }                      keys sorted, undefined fields left out
//   Set                       {"#set": [ ... ]}            elements in canonical order
//   OrderedSet                {"#oset": [ ... ]}           in order
//   Map                       {"#map": [[k, v], ...]}      entries in canonical order of the key
//   OrderedMap                {"#omap": [[k, v], ...]}     in order
//   bigint                    {"#bigint": "123"}
//   undefined                 {"#undefined": true}         (in arrays, sets and maps)
//   Infinity, -Infinity       {"#number": "Infinity"}
//
// Canonical order is the order of the elements' canonical bytes (canonical.ts): numbers
// ascending, strings shortest first and then by code unit. JavaScript itself lists integer-like
// object keys ("2", "10") first and in numeric order whatever order they were added in.
//
// A record field whose name starts with "#" is written with one more "#" in front, so a one-key
// object whose key is a tag can only be a tagged value; `fromTaggedJson` strips it again.
import { OrderedMap, OrderedSet } from "immutable";
import { StateValueError } from "../errors.ts";
import { compareCanonical, encodeCanonical } from "./canonical.ts";
import {
  CycleGuard,
  classify,
  entriesOf,
  fieldPath,
  fieldsOf,
  itemsOf,
  Kind,
  stateValueErrorFor,
  UnencodableValue,
} from "./internal/values.ts";

export type TaggedJson = null | boolean | number | string | TaggedJson[] | { [key: string]: TaggedJson };

/**
 * The tagged JSON form of a state value. Throws StateValueError (code "bad-state-value"), with the
 * same path as the fingerprint, for a value with no encoding or a cycle.
 */
export function toTaggedJson(value: unknown): TaggedJson {
  try {
    return convert(value, new CycleGuard());
  } catch (thrown) {
    throw stateValueErrorFor(value, thrown);
  }
}

function convert(v: unknown, guard: CycleGuard): TaggedJson {
  const kind = classify(v);
  switch (kind) {
    case Kind.Undefined:
      return { "#undefined": true };
    case Kind.Null:
      return null;
    case Kind.Boolean:
    case Kind.String:
      return v as boolean | string;
    case Kind.Number: {
      const n = v as number;
      if (Number.isFinite(n)) return n === 0 ? 0 : n;
      return { "#number": n > 0 ? "Infinity" : "-Infinity" };
    }
    case Kind.BigInt:
      return { "#bigint": (v as bigint).toString() };
    case Kind.Bad:
      throw new UnencodableValue();
  }
  const object = v as object;
  guard.enter(object);
  let json: TaggedJson;
  switch (kind) {
    // Array.from rather than map: map skips the holes of a sparse array, which count as undefined.
    case Kind.Seq:
      json = Array.from(itemsOf(object), (item) => convert(item, guard));
      break;
    case Kind.OrderedSet:
      json = { "#oset": Array.from(itemsOf(object), (item) => convert(item, guard)) };
      break;
    case Kind.Set: {
      // Converting first also checks every element, so the canonical sort below cannot fail.
      const items = itemsOf(object);
      const converted = Array.from(items, (item) => convert(item, guard));
      json = { "#set": canonicalOrder(items).map((i) => converted[i]!) };
      break;
    }
    case Kind.OrderedMap:
      json = { "#omap": entriesOf(object).map(([k, value]) => [convert(k, guard), convert(value, guard)]) };
      break;
    case Kind.Map: {
      const entries = entriesOf(object);
      const converted = entries.map(([k, value]) => [convert(k, guard), convert(value, guard)]);
      json = { "#map": canonicalOrder(entries).map((i) => converted[i]!) };
      break;
    }
    default: {
      const record: { [key: string]: TaggedJson } = {};
      const fields = fieldsOf(object).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [k, value] of fields) setOwn(record, k.startsWith("#") ? `#${k}` : k, convert(value, guard));
      json = record;
    }
  }
  guard.leave(object);
  return json;
}

/** Indices of `values` in the order of their canonical bytes. */
function canonicalOrder(values: readonly unknown[]): number[] {
  if (values.length < 2) return values.map((_, i) => i);
  const bytes = values.map((value) => encodeCanonical(value));
  return values.map((_, i) => i).sort((a, b) => compareCanonical(bytes[a]!, bytes[b]!));
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
 * Rebuilds a state value from its tagged JSON: arrays, plain objects, native Set and Map, and
 * Immutable OrderedSet and OrderedMap for the ordered tags (JavaScript has no native ordered
 * kinds that differ from the unordered ones). The result has the fingerprint of the value the
 * JSON was made from. Throws StateValueError (path from `json`) for malformed input.
 */
export function fromTaggedJson(json: TaggedJson): unknown {
  return rebuild(json, "json");
}

const TAGS = new Set(["#set", "#oset", "#map", "#omap", "#bigint", "#undefined", "#number"]);

function rebuild(json: unknown, path: string): unknown {
  if (json === null || typeof json === "boolean" || typeof json === "string") return json;
  if (typeof json === "number") {
    if (!Number.isFinite(json)) throw malformed(path, "a JSON number must be finite");
    return json;
  }
  if (Array.isArray(json)) return json.map((item, i) => rebuild(item, `${path}[${i}]`));
  if (typeof json !== "object" || Object.getPrototypeOf(json) !== Object.prototype) {
    throw malformed(path, `expected JSON, got ${typeof json}`);
  }
  const object = json as Record<string, unknown>;
  const keys = Object.keys(object);
  const only = keys.length === 1 ? keys[0]! : undefined;
  if (only !== undefined && TAGS.has(only)) return rebuildTagged(only, object[only], fieldPath(path, only));
  const record: Record<string, unknown> = {};
  for (const key of keys) {
    const at = fieldPath(path, key);
    if (key.startsWith("##")) setOwn(record, key.slice(1), rebuild(object[key], at));
    else if (key.startsWith("#")) throw malformed(at, `unknown tag "${key}"; tags: ${[...TAGS].join(", ")}`);
    else setOwn(record, key, rebuild(object[key], at));
  }
  return record;
}

function rebuildTagged(tag: string, body: unknown, path: string): unknown {
  switch (tag) {
    case "#set":
      return new Set(elements(body, path));
    case "#oset":
      return OrderedSet(elements(body, path));
    case "#map":
      return new Map(pairs(body, path));
    case "#omap":
      return OrderedMap(pairs(body, path));
    case "#bigint":
      if (typeof body !== "string" || !/^-?[0-9]+$/.test(body))
        throw malformed(path, "expected a decimal string");
      return BigInt(body);
    case "#undefined":
      if (body !== true) throw malformed(path, "expected true");
      return undefined;
    default:
      if (body === "Infinity") return Number.POSITIVE_INFINITY;
      if (body === "-Infinity") return Number.NEGATIVE_INFINITY;
      throw malformed(path, 'expected "Infinity" or "-Infinity"');
  }
}

function elements(body: unknown, path: string): unknown[] {
  if (!Array.isArray(body)) throw malformed(path, "expected an array of elements");
  return body.map((item, i) => rebuild(item, `${path}[${i}]`));
}

function pairs(body: unknown, path: string): [unknown, unknown][] {
  if (!Array.isArray(body)) throw malformed(path, "expected an array of [key, value] pairs");
  return body.map((pair, i): [unknown, unknown] => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw malformed(`${path}[${i}]`, "expected a [key, value] pair");
    return [rebuild(pair[0], `${path}[${i}][0]`), rebuild(pair[1], `${path}[${i}][1]`)];
  });
}

function malformed(path: string, problem: string): StateValueError {
  return new StateValueError(path, `malformed tagged JSON: ${problem}`);
}
