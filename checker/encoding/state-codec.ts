// A compact, decodable byte form of states, for a frontier kept as bytes and for states sent
// between worker threads. Unlike the canonical encoding (canonical.ts), it keeps each value's own
// order (object keys, Set and Map iteration order) and is read back by `decode`; two equal states
// may encode differently, so it is never a state's identity. Strings, bigints and object shapes
// are written as ids of an Interner, so both ends must share one (a SharedInterner across threads).
//
// Layout: one tag byte per value, then
//   0x40–0x7f     the integer 0–63, in the tag itself
//   0x80–0xff     the string whose interner id is 0–127, in the tag itself
//   int           an int32 as a zig-zag varint (LEB128); -0 is written as 0
//   float         any other number, 8 bytes float64 (platform order, as the threads share one)
//   string        a varint interner id
//   bigint        the varint interner id of its hex digits, with "-" in front if negative
//   array, Set, List, Stack, Immutable Set, OrderedSet
//                 a varint count, then the elements in iteration order
//   Map, Immutable Map, OrderedMap
//                 a varint count, then key and value of each entry in iteration order
//   object        the varint interner id of its shape (the JSON array of its keys, in `for…in`
//                 order), then the values in that order; fields holding `undefined` are kept
// Objects whose prototype is null decode as plain objects. Immutable Records cannot be rebuilt in
// another thread (their class lives in the sender's module graph), so they are refused with
// UnshippableValue, as are values that are not state values at all and cycles.
import {
  isStack,
  List,
  Map as ImmutableMap,
  OrderedMap,
  OrderedSet,
  Set as ImmutableSet,
  Stack,
} from "immutable";
import type { Interner } from "./interner.ts";
import {
  type BadValue,
  classify,
  classifyImmutable,
  entriesOf,
  fieldPath,
  fieldsOf,
  findBadValue,
  FIRST_COMPOUND_KIND,
  itemsOf,
  Kind,
  UNTRACKED_DEPTH,
} from "./internal/values.ts";

/** A state that holds a value that cannot be sent between threads; `path` says where. */
export class UnshippableValue extends Error {
  override readonly name = "UnshippableValue";
  readonly code = "unshippable-value";
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

const TAG = {
  undefined: 0x00,
  null: 0x01,
  false: 0x02,
  true: 0x03,
  int: 0x04,
  float: 0x05,
  string: 0x06,
  bigint: 0x07,
  array: 0x08,
  object: 0x09,
  set: 0x0a,
  map: 0x0b,
  list: 0x0c,
  stack: 0x0d,
  immutableSet: 0x0e,
  orderedSet: 0x0f,
  immutableMap: 0x10,
  orderedMap: 0x11,
} as const;
const SMALL_INT = 0x40;
const SMALL_STRING = 0x80;

// The most bytes one primitive takes: a tag and a 5-byte varint, or a tag and a float64.
const MAX_PRIMITIVE_BYTES = 9;

const OBJECT_PROTO = Object.prototype;
const SET_PROTO = Set.prototype;
const MAP_PROTO = Map.prototype;
const LIST_PROTO = List.prototype;

const FLOAT = new Float64Array(1);
const FLOAT_BYTES = new Uint8Array(FLOAT.buffer);

/** Thrown inside the encoder at a value it refuses; `encode` turns it into an UnshippableValue. */
class Refused extends Error {}

/** Tags of Immutable.js collections by prototype, so one WeakMap lookup replaces the kind checks. */
const immutableTags = new WeakMap<object, number>();
const RECORD = -1;

function immutableTag(v: object, proto: object): number {
  const known = immutableTags.get(proto);
  if (known !== undefined) return known;
  let tag: number;
  switch (classifyImmutable(v)) {
    case Kind.Seq:
      tag = isStack(v) ? TAG.stack : TAG.list;
      break;
    case Kind.Set:
      tag = TAG.immutableSet;
      break;
    case Kind.OrderedSet:
      tag = TAG.orderedSet;
      break;
    case Kind.Map:
      tag = TAG.immutableMap;
      break;
    case Kind.OrderedMap:
      tag = TAG.orderedMap;
      break;
    case Kind.Record:
      tag = RECORD;
      break;
    default:
      throw new Refused();
  }
  immutableTags.set(proto, tag);
  return tag;
}

/**
 * One node of the encoder's tree of object shapes: the path from the root spells the keys. Each
 * node remembers its first transition inline, so objects built alike (nearly all of a model's)
 * find their shape with one string comparison per key.
 */
class ShapeNode {
  id = -1;
  key: string | undefined = undefined;
  next: ShapeNode | undefined = undefined;
  others: Map<string, ShapeNode> | undefined = undefined;
  constructor(readonly keys: readonly string[]) {}
}

/** A decoded shape: its keys, and where "__proto__" is among them (it needs defineProperty). */
class Shape {
  readonly protoAt: number;
  constructor(readonly keys: readonly string[]) {
    this.protoAt = keys.indexOf("__proto__");
  }
}

// The encoder that forEach callbacks write to, set by StateCodec.encode. Immutable's forEach binds
// a context argument (allocating), so the callbacks are module-level functions reading this.
let active: Encoder;

function writeElement(value: unknown): void {
  active.value(value);
}

function writeEntry(value: unknown, key: unknown): void {
  active.value(key);
  active.value(value);
}

class Encoder {
  buf = new Uint8Array(1024);
  pos = 0;
  private depth = 0;
  private readonly deepAncestors = new Set<object>();
  private readonly shapes = new ShapeNode([]);

  constructor(private readonly interner: Interner) {}

  encode(state: unknown): number {
    this.pos = 0;
    try {
      this.value(state);
    } catch (thrown) {
      this.depth = 0;
      this.deepAncestors.clear();
      throw thrown instanceof Refused ? unshippableError(state) : thrown;
    }
    return this.pos;
  }

  value(v: unknown): void {
    if (this.pos + MAX_PRIMITIVE_BYTES > this.buf.length) this.grow();
    switch (typeof v) {
      case "string":
        this.string(v);
        return;
      case "number":
        this.number(v);
        return;
      case "object":
        if (v === null) this.buf[this.pos++] = TAG.null;
        else this.object(v);
        return;
      case "boolean":
        this.buf[this.pos++] = v ? TAG.true : TAG.false;
        return;
      case "undefined":
        this.buf[this.pos++] = TAG.undefined;
        return;
      case "bigint":
        this.buf[this.pos++] = TAG.bigint;
        this.varint(this.interner.idOf(v.toString(16)));
        return;
      default:
        throw new Refused();
    }
  }

  private grow(): void {
    const grown = new Uint8Array(2 * this.buf.length);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** An unsigned 32-bit integer, LEB128; the caller has made room for 5 bytes. */
  private varint(n: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (n >= 0x80) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  private string(s: string): void {
    const id = this.interner.idOf(s);
    if (id < 0x80) {
      this.buf[this.pos++] = SMALL_STRING | id;
    } else {
      this.buf[this.pos++] = TAG.string;
      this.varint(id);
    }
  }

  private number(v: number): void {
    // `-0 | 0` is 0, so -0 takes this path and is written as 0.
    if ((v | 0) === v) {
      if (v >= 0 && v < 0x40) {
        this.buf[this.pos++] = SMALL_INT | v;
      } else {
        this.buf[this.pos++] = TAG.int;
        this.varint(((v << 1) ^ (v >> 31)) >>> 0);
      }
      return;
    }
    if (Number.isNaN(v)) throw new Refused();
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = TAG.float;
    FLOAT[0] = v;
    for (let i = 0; i < 8; i++) buf[pos++] = FLOAT_BYTES[i]!;
    this.pos = pos;
  }

  /** A compound value's tag and count (or shape); `value` made room for them. */
  private header(tag: number, count: number): void {
    this.buf[this.pos++] = tag;
    this.varint(count);
  }

  private object(v: object): void {
    // Only a value nested this deep can be part of a cycle worth tracking; see fingerprint.ts.
    if (++this.depth > UNTRACKED_DEPTH) this.enterDeep(v);
    if (Array.isArray(v)) {
      this.header(TAG.array, v.length);
      for (let i = 0; i < v.length; i++) this.value(v[i]);
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto === OBJECT_PROTO || proto === null) this.plainObject(v as Record<string, unknown>);
      else if (proto === SET_PROTO) this.nativeSet(v as Set<unknown>);
      else if (proto === MAP_PROTO) this.nativeMap(v as Map<unknown, unknown>);
      else this.immutable(v, proto);
    }
    if (this.depth-- > UNTRACKED_DEPTH) this.deepAncestors.delete(v);
  }

  private enterDeep(v: object): void {
    if (this.deepAncestors.has(v)) throw new Refused();
    this.deepAncestors.add(v);
  }

  private plainObject(v: Record<string, unknown>): void {
    let node = this.shapes;
    for (const key in v) node = node.key === key ? node.next! : this.shapeAfter(node, key);
    this.header(TAG.object, node.id >= 0 ? node.id : this.internShape(node));
    let count = 0;
    for (const key in v) {
      this.value(v[key]);
      count++;
    }
    if (count !== node.keys.length) throw new Error("an object's keys changed while it was being encoded");
  }

  private shapeAfter(node: ShapeNode, key: string): ShapeNode {
    if (node.next === undefined) {
      node.key = key;
      node.next = new ShapeNode([...node.keys, key]);
      return node.next;
    }
    node.others ??= new Map();
    let next = node.others.get(key);
    if (next === undefined) {
      next = new ShapeNode([...node.keys, key]);
      node.others.set(key, next);
    }
    return next;
  }

  private internShape(node: ShapeNode): number {
    node.id = this.interner.idOf(JSON.stringify(node.keys));
    return node.id;
  }

  private nativeSet(v: Set<unknown>): void {
    this.header(TAG.set, v.size);
    for (const element of v) this.value(element);
  }

  private nativeMap(v: Map<unknown, unknown>): void {
    this.header(TAG.map, v.size);
    v.forEach(writeEntry);
  }

  private immutable(v: object, proto: object): void {
    const tag = immutableTag(v, proto);
    if (tag === RECORD) throw new Refused();
    const collection = v as { readonly size: number; forEach(f: (v: unknown, k: unknown) => void): number };
    this.header(tag, collection.size);
    if (proto === LIST_PROTO) {
      // Indexed access is several times faster than forEach for the small lists states hold.
      const list = v as List<unknown>;
      for (let i = 0; i < list.size; i++) this.value(list.get(i));
    } else if (tag === TAG.immutableMap || tag === TAG.orderedMap) {
      collection.forEach(writeEntry);
    } else {
      collection.forEach(writeElement);
    }
  }
}

class Decoder {
  private input: Uint8Array = new Uint8Array(0);
  private at = 0;
  private readonly shapes: (Shape | undefined)[] = [];

  constructor(private readonly interner: Interner) {}

  decode(bytes: Uint8Array, start: number, end: number): unknown {
    this.input = bytes;
    this.at = start;
    const value = this.value();
    if (this.at !== end)
      throw new Error(
        `StateCodec.decode: bytes ${start}–${end} are not one encoded state (it ended at ${this.at})`,
      );
    return value;
  }

  private varint(): number {
    const input = this.input;
    let n = 0;
    let shift = 0;
    let b: number;
    do {
      b = input[this.at++]!;
      n |= (b & 0x7f) << shift;
      shift += 7;
    } while (b >= 0x80 && shift < 35);
    return n >>> 0;
  }

  private value(): unknown {
    const tag = this.input[this.at++]!;
    if (tag >= SMALL_STRING) return this.interner.textOf(tag - SMALL_STRING);
    if (tag >= SMALL_INT) return tag - SMALL_INT;
    switch (tag) {
      case TAG.undefined:
        return undefined;
      case TAG.null:
        return null;
      case TAG.false:
        return false;
      case TAG.true:
        return true;
      case TAG.int: {
        const z = this.varint();
        return (z >>> 1) ^ -(z & 1);
      }
      case TAG.float: {
        const input = this.input;
        for (let i = 0; i < 8; i++) FLOAT_BYTES[i] = input[this.at++]!;
        return FLOAT[0];
      }
      case TAG.string:
        return this.interner.textOf(this.varint());
      case TAG.bigint: {
        const hex = this.interner.textOf(this.varint());
        return hex.charCodeAt(0) === 0x2d ? -BigInt(`0x${hex.slice(1)}`) : BigInt(`0x${hex}`);
      }
      case TAG.array:
        return this.items(this.varint());
      case TAG.object:
        return this.object(this.shape(this.varint()));
      case TAG.set: {
        const n = this.varint();
        const set = new Set<unknown>();
        for (let i = 0; i < n; i++) set.add(this.value());
        return set;
      }
      case TAG.map: {
        const n = this.varint();
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
          const key = this.value();
          map.set(key, this.value());
        }
        return map;
      }
      case TAG.list:
        return List(this.items(this.varint()));
      case TAG.stack:
        return Stack(this.items(this.varint()));
      case TAG.immutableSet:
        return ImmutableSet(this.items(this.varint()));
      case TAG.orderedSet:
        return OrderedSet(this.items(this.varint()));
      case TAG.immutableMap:
        return ImmutableMap(this.entries(this.varint()));
      case TAG.orderedMap:
        return OrderedMap(this.entries(this.varint()));
      default:
        throw new Error(`StateCodec.decode: no value starts at byte ${this.at - 1} (tag ${String(tag)})`);
    }
  }

  private items(n: number): unknown[] {
    const items: unknown[] = [];
    for (let i = 0; i < n; i++) items.push(this.value());
    return items;
  }

  private entries(n: number): [unknown, unknown][] {
    const entries: [unknown, unknown][] = [];
    for (let i = 0; i < n; i++) {
      const key = this.value();
      entries.push([key, this.value()]);
    }
    return entries;
  }

  private shape(id: number): Shape {
    let shape = this.shapes[id];
    if (shape === undefined) {
      const keys: unknown = JSON.parse(this.interner.textOf(id));
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string"))
        throw new Error(`StateCodec.decode: interner id ${id} is not an object shape`);
      shape = new Shape(keys);
      this.shapes[id] = shape;
    }
    return shape;
  }

  private object(shape: Shape): Record<string, unknown> {
    const keys = shape.keys;
    const object: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      if (i === shape.protoAt) {
        // Assigning "__proto__" would set the prototype instead of making a field.
        Object.defineProperty(object, "__proto__", {
          value: this.value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        object[keys[i]!] = this.value();
      }
    }
    return object;
  }
}

/**
 * Encodes states to bytes and back. `encode` writes into a scratch buffer the codec reuses, so it
 * allocates nothing once the buffer is large enough; copy the bytes out before the next call.
 * A decoded state is fresh and unfrozen, and equal to the encoded one as a state: same canonical
 * encoding and fingerprint (a -0 comes back as 0; fields holding `undefined` are kept).
 */
export class StateCodec {
  private readonly encoder: Encoder;
  private readonly decoder: Decoder;

  /** Strings, bigints and object shapes become ids of `interner`; decode with the same one. */
  constructor(interner: Interner) {
    this.encoder = new Encoder(interner);
    this.decoder = new Decoder(interner);
  }

  /**
   * Writes `state` to the scratch buffer and returns its length in bytes: the encoding is
   * `bytes.subarray(0, length)`. Throws UnshippableValue for an Immutable Record, a value that is
   * not a state value, or a cycle.
   */
  encode(state: unknown): number {
    active = this.encoder;
    return this.encoder.encode(state);
  }

  /** The scratch buffer of the last `encode`, valid until the next (which may replace it). */
  get bytes(): Uint8Array {
    return this.encoder.buf;
  }

  /** The state encoded in `bytes[start, end)`. */
  decode(bytes: Uint8Array, start: number, end: number): unknown {
    return this.decoder.decode(bytes, start, end);
  }
}

const RECORD_PROBLEM =
  "an Immutable Record cannot be sent between threads (its Record class cannot be rebuilt in another " +
  "thread); use a plain object or an Immutable Map";

/** The UnshippableValue for `root`, found the slow way after the encoder refused it. */
function unshippableError(root: unknown): UnshippableValue {
  let found: BadValue | undefined;
  try {
    found = findBadValue(root) ?? findRecord(root, "state");
  } catch {
    // A getter that throws on the second walk: fall back to the generic wording.
  }
  return found === undefined
    ? new UnshippableValue("state", "it holds a value that cannot be sent between threads")
    : new UnshippableValue(found.path, found.problem);
}

/** The first Immutable Record in `value`, which holds no cycle (findBadValue has said so). */
function findRecord(value: unknown, path: string): BadValue | undefined {
  const kind = classify(value);
  if (kind < FIRST_COMPOUND_KIND) return undefined;
  if (kind === Kind.Record) {
    if (classifyImmutable(value as object) === Kind.Record) return { path, problem: RECORD_PROBLEM };
    for (const [key, field] of fieldsOf(value as object)) {
      const found = findRecord(field, fieldPath(path, key));
      if (found) return found;
    }
    return undefined;
  }
  if (kind === Kind.Map || kind === Kind.OrderedMap) {
    const entries = entriesOf(value);
    for (let i = 0; i < entries.length; i++) {
      const found =
        findRecord(entries[i]![0], `${path}{key ${i}}`) ?? findRecord(entries[i]![1], `${path}{value ${i}}`);
      if (found) return found;
    }
    return undefined;
  }
  const items = itemsOf(value);
  const ordered = kind === Kind.Seq;
  for (let i = 0; i < items.length; i++) {
    const found = findRecord(items[i], ordered ? `${path}[${i}]` : `${path}{element ${i}}`);
    if (found) return found;
  }
  return undefined;
}
