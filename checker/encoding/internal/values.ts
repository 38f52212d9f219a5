// What the three encodings (fingerprint, canonical bytes, tagged JSON) agree on: which kind each
// value belongs to, which kinds count as the same, and where inside a state a value with no
// encoding sits. Only the slow paths use this module; the fingerprint's hot path inlines its own
// checks and calls `stateValueErrorFor` once it has failed.
//
// Kinds, and what falls into each:
//   Seq         array, Immutable List, Immutable Stack          (order matters)
//   OrderedSet  Immutable OrderedSet                            (order matters)
//   OrderedMap  Immutable OrderedMap                            (order matters)
//   Set         native Set, Immutable Set                       (order never matters)
//   Map         native Map, Immutable Map                       (order never matters)
//   Record      plain object (prototype Object.prototype or null), Immutable Record
//               (fields whose value is `undefined` are absent)
//
// Error paths start at `state` and read like the JavaScript that would reach the spot:
//   state.msgs[2].payload      array / List / Stack index, then an object or Record field
//   state["odd key"]           a field whose name is not an identifier
//   state.rmState.get("r1")    the value under a primitive key of a Map or OrderedMap
//   state.votes{element 3}     the 4th element (0-based, iteration order) of a Set or OrderedSet
//   state.m{key 1}             the key of a Map's 2nd entry (iteration order), when the key is bad
//   state.m{value 1}           the value of a Map's 2nd entry, when its key is not a primitive
import {
  type Record as ImmutableRecord,
  isImmutable,
  isList,
  isMap,
  isOrderedMap,
  isOrderedSet,
  isRecord,
  isSet,
  isStack,
} from "immutable";
import { StateValueError } from "../../errors.ts";

export const Kind = {
  Undefined: 0,
  Null: 1,
  Boolean: 2,
  Number: 3,
  BigInt: 4,
  String: 5,
  Seq: 6,
  OrderedSet: 7,
  OrderedMap: 8,
  Set: 9,
  Map: 10,
  Record: 11,
  Bad: 12,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Kinds below this one are primitives; the rest are collections that may hold others. */
export const FIRST_COMPOUND_KIND = Kind.Seq;

/** Thrown by the fast encoders; the caller turns it into a StateValueError with a path. */
export class UnencodableValue extends Error {
  constructor() {
    super("a state holds a value with no canonical encoding");
  }
}

/** The kind of an Immutable.js value, or Bad for one that is not a state value (Seq, Range…). */
export function classifyImmutable(value: object): Kind {
  if (!isImmutable(value)) return Kind.Bad;
  if (isRecord(value)) return Kind.Record;
  if (isOrderedMap(value)) return Kind.OrderedMap;
  if (isMap(value)) return Kind.Map;
  if (isOrderedSet(value)) return Kind.OrderedSet;
  if (isSet(value)) return Kind.Set;
  if (isList(value) || isStack(value)) return Kind.Seq;
  return Kind.Bad;
}

export function classify(value: unknown): Kind {
  switch (typeof value) {
    case "undefined":
      return Kind.Undefined;
    case "boolean":
      return Kind.Boolean;
    case "number":
      return Number.isNaN(value) ? Kind.Bad : Kind.Number;
    case "string":
      return Kind.String;
    case "bigint":
      return Kind.BigInt;
    case "object": {
      if (value === null) return Kind.Null;
      if (Array.isArray(value)) return Kind.Seq;
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) return Kind.Record;
      // Exact prototypes: a subclass of Map or Set may carry state of its own that would be lost.
      if (proto === Set.prototype) return Kind.Set;
      if (proto === Map.prototype) return Kind.Map;
      return classifyImmutable(value);
    }
    default:
      return Kind.Bad;
  }
}

const ACCEPTED =
  "accepted: plain objects, arrays, numbers other than NaN, strings, booleans, null, undefined, bigint, " +
  "Map, Set and Immutable.js List/Stack/Map/OrderedMap/Set/OrderedSet/Record";

/** Why a value of kind Bad has no encoding, in words. */
export function describeBad(value: unknown): string {
  switch (typeof value) {
    case "number":
      return "NaN has no canonical encoding (it is not equal to itself); use null or a tagged value instead";
    case "function":
      return `a function is not a state value; ${ACCEPTED}`;
    case "symbol":
      return `a symbol is not a state value; ${ACCEPTED}`;
    case "object": {
      if (value === null) break;
      if (isImmutable(value))
        return `an Immutable.js Seq or other lazy collection is not a state value; ${ACCEPTED}`;
      const name = constructorName(value);
      return `${name === undefined ? "an object with a custom prototype" : `a ${name} instance`} is not a state value; ${ACCEPTED}`;
    }
  }
  return `this value is not a state value; ${ACCEPTED}`;
}

function constructorName(value: object): string | undefined {
  try {
    const ctor = (value as { constructor?: unknown }).constructor;
    if (typeof ctor === "function" && ctor.name !== "") return ctor.name;
  } catch {
    // A hostile getter: fall back to the generic wording.
  }
  return undefined;
}

/** The elements of a Seq, OrderedSet or Set, in iteration order. */
export function itemsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  return (value as { toArray(): unknown[] }).toArray();
}

/** The entries of a Map or OrderedMap, in iteration order. */
export function entriesOf(value: unknown): [unknown, unknown][] {
  if (value instanceof Map) return [...value.entries()];
  const entries: [unknown, unknown][] = [];
  (value as { forEach(f: (v: unknown, k: unknown) => void): void }).forEach((v, k) => {
    entries.push([k, v]);
  });
  return entries;
}

/** The present fields of a plain object or Immutable Record (undefined values left out), unsorted. */
export function fieldsOf(value: object): [string, unknown][] {
  const fields: [string, unknown][] = [];
  if (isRecord(value)) {
    (value as ImmutableRecord<Record<string, unknown>>).toSeq().forEach((v, k) => {
      if (v !== undefined) fields.push([k, v]);
    });
    return fields;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    const v = object[key];
    if (v !== undefined) fields.push([key, v]);
  }
  return fields;
}

/**
 * How deep a value may nest before the encoders start remembering ancestors. A cycle shows up as
 * unbounded depth, so below this nothing is tracked and the common case pays nothing for it.
 */
export const UNTRACKED_DEPTH = 64;

/** Ancestor tracking for the slower encoders (canonical bytes, tagged JSON). */
export class CycleGuard {
  private depth = 0;
  private readonly ancestors = new Set<object>();

  enter(value: object): void {
    if (++this.depth > UNTRACKED_DEPTH) {
      if (this.ancestors.has(value)) throw new UnencodableValue();
      this.ancestors.add(value);
    }
  }

  leave(value: object): void {
    if (this.depth-- > UNTRACKED_DEPTH) this.ancestors.delete(value);
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function fieldPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** A primitive map key as it would be written in source, or undefined when it has no short form. */
function keyLiteral(key: unknown): string | undefined {
  switch (typeof key) {
    case "string":
      return JSON.stringify(key);
    case "number":
      return Number.isNaN(key) ? undefined : Object.is(key, -0) ? "0" : String(key);
    case "bigint":
      return `${key}n`;
    case "boolean":
    case "undefined":
      return String(key);
    case "object":
      return key === null ? "null" : undefined;
    default:
      return undefined;
  }
}

export interface BadValue {
  readonly path: string;
  readonly problem: string;
}

/**
 * Walks `root` the slow way, with full paths and an ancestor list, and returns the first value
 * that has no encoding (or the first back-reference of a cycle), or undefined if there is none.
 */
export function findBadValue(root: unknown, rootPath = "state"): BadValue | undefined {
  const ancestors = new Map<object, string>();

  const walk = (value: unknown, path: string): BadValue | undefined => {
    const kind = classify(value);
    if (kind === Kind.Bad) return { path, problem: describeBad(value) };
    if (kind < FIRST_COMPOUND_KIND) return undefined;
    const object = value as object;
    const ancestorPath = ancestors.get(object);
    if (ancestorPath !== undefined) {
      return { path, problem: `a cycle: this is the same object as its ancestor ${ancestorPath}` };
    }
    ancestors.set(object, path);
    try {
      return walkChildren(object, kind, path);
    } finally {
      ancestors.delete(object);
    }
  };

  const walkChildren = (value: object, kind: Kind, path: string): BadValue | undefined => {
    switch (kind) {
      case Kind.Seq: {
        const items = itemsOf(value);
        for (let i = 0; i < items.length; i++) {
          const bad = walk(items[i], `${path}[${i}]`);
          if (bad) return bad;
        }
        return undefined;
      }
      case Kind.Set:
      case Kind.OrderedSet: {
        const items = itemsOf(value);
        for (let i = 0; i < items.length; i++) {
          const bad = walk(items[i], `${path}{element ${i}}`);
          if (bad) return bad;
        }
        return undefined;
      }
      case Kind.Map:
      case Kind.OrderedMap: {
        const entries = entriesOf(value);
        for (let i = 0; i < entries.length; i++) {
          const [k, v] = entries[i]!;
          const badKey = walk(k, `${path}{key ${i}}`);
          if (badKey) return badKey;
          const literal = classify(k) < FIRST_COMPOUND_KIND ? keyLiteral(k) : undefined;
          const bad = walk(v, literal === undefined ? `${path}{value ${i}}` : `${path}.get(${literal})`);
          if (bad) return bad;
        }
        return undefined;
      }
      default: {
        for (const [k, v] of fieldsOf(value)) {
          const bad = walk(v, fieldPath(path, k));
          if (bad) return bad;
        }
        return undefined;
      }
    }
  };

  return walk(root, rootPath);
}

/**
 * What to throw after a fast encoder failed on `root`: a StateValueError naming the spot when the
 * slow walk finds one, otherwise the original exception (a getter that threw, say).
 */
export function stateValueErrorFor(root: unknown, thrown: unknown): unknown {
  if (thrown instanceof StateValueError) return thrown;
  let bad: BadValue | undefined;
  try {
    bad = findBadValue(root);
  } catch {
    return thrown;
  }
  return bad === undefined ? thrown : new StateValueError(bad.path, bad.problem);
}
