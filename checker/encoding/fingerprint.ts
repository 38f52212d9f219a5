// 64-bit fingerprints of states: the explorer's hot path, run on every generated state.
//
// The hash is computed over the structure of the value, not over serialised bytes, so nothing is
// sorted and nothing is allocated for plain objects, arrays, numbers and strings. Two 32-bit
// lanes run side by side with different seeds, multipliers and rotations, and every finalisation
// mixes each lane into the other, so the pair behaves like one 64-bit hash rather than two
// loosely related 32-bit ones. Results travel through the module-level registers `rLo`/`rHi`
// instead of returned pairs, which would allocate.
//
// Equal values (in the sense of the canonical encoding, see internal/values.ts for the kinds and
// which of them count as the same) give equal fingerprints:
// - ordered kinds (arrays/Lists/Stacks, OrderedSet, OrderedMap) absorb children in order;
// - unordered kinds (Set, Map, plain objects and Records) hash each element or key–value pair to a
//   finalised, well-mixed pair of words and add those up per lane, so insertion order and key
//   order cannot matter; the sum is then finalised with the kind's tag and the size.
// Every kind starts from its own seed pair, so 1, "1", [1], {"1": 1} and true all differ.
//
// Immutable.js values never change, and models share message and sub-state Records between many
// states, so the fingerprints of Records are cached per object in a WeakMap. Small Immutable
// collections are not: a state usually gets a fresh List or Set when one of its fields changes,
// and a WeakMap entry costs more than rehashing a few elements. With a breadth-first frontier of
// ~300k states (two-phase commit, 7 resource managers), caching every Immutable value made
// fingerprinting 3x slower than caching only Records, all of it in the garbage collector's
// handling of the WeakMap. Collections of CACHED_MIN_SIZE elements or more are cached too. The
// contents of a cached value count as frozen: a plain object inside an Immutable value must not
// be mutated after the state was fingerprinted (no model may mutate a state anyway). Native
// collections and plain objects are never cached.
//
// The float64 bits of non-int32 numbers are read through a Uint32Array view, which uses the
// platform's byte order; every platform Node runs on is little-endian.
import { type Record as ImmutableRecord, List } from "immutable";
import {
  classifyImmutable,
  Kind,
  stateValueErrorFor,
  UNTRACKED_DEPTH,
  UnencodableValue,
} from "./internal/values.ts";

let rLo = 0;
let rHi = 0;

// Accumulators for the forEach callbacks over native and Immutable collections. Each collection
// saves the outer values in locals before it starts, so nesting is safe.
let accA = 0;
let accB = 0;
let accN = 0;
// What `accumulate` counted last (a Record skips undefined fields, so its size is not its count).
let lastCount = 0;

let depth = 0;
const deepAncestors = new Set<object>();

const FLOAT = new Float64Array(1);
const FLOAT_WORDS = new Uint32Array(FLOAT.buffer);

class CachedFingerprint {
  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {}
}
const immutableCache = new WeakMap<object, CachedFingerprint>();
// From this size on, rehashing a collection costs about what a cache entry does.
const CACHED_MIN_SIZE = 32;

const SET_PROTO = Set.prototype;
const MAP_PROTO = Map.prototype;
const OBJECT_PROTO = Object.prototype;
const LIST_PROTO = List.prototype;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

// Lane steps: a rotation and a multiply by an odd constant, so each step is a bijection of the
// lane for a fixed input word and of the input word for a fixed lane.
function stepA(h: number, w: number): number {
  return Math.imul(rotl(h, 5) ^ w, 0x9e3779b1);
}

function stepB(h: number, w: number): number {
  return Math.imul(rotl(h, 11) ^ w, 0x85ebca77);
}

/**
 * The finaliser: a bijection of the 64-bit pair (xorshift-multiply rounds per lane, with each
 * lane folded into the other between rounds), so distinct inputs never collide here and every
 * input bit reaches every output bit.
 */
function fin(a: number, b: number): void {
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 16), 0x7feb352d);
  a ^= rotl(b, 17);
  b ^= rotl(a, 9);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 15), 0x846ca68b);
  a ^= rotl(b, 23);
  b ^= a ^ (a >>> 16);
  rLo = a ^ (b >>> 16);
  rHi = b;
}

function seedLo(tag: number): number {
  fin(0x2545f491 ^ tag, 0x9e3779b9 ^ Math.imul(tag, 0x27d4eb2f));
  return rLo;
}

function seedHi(tag: number): number {
  fin(0x2545f491 ^ tag, 0x9e3779b9 ^ Math.imul(tag, 0x27d4eb2f));
  return rHi;
}

const INT_A = seedLo(1);
const INT_B = seedHi(1);
const FLOAT_A = seedLo(2);
const FLOAT_B = seedHi(2);
const STRING_A = seedLo(3);
const STRING_B = seedHi(3);
const BIGINT_A = seedLo(4);
const BIGINT_B = seedHi(4);
const KEY_A = seedLo(5);
const KEY_B = seedHi(5);
const SEQ_A = seedLo(6);
const SEQ_B = seedHi(6);
const OSET_A = seedLo(7);
const OSET_B = seedHi(7);
const OMAP_A = seedLo(8);
const OMAP_B = seedHi(8);
const SET_A = seedLo(9);
const SET_B = seedHi(9);
const MAP_A = seedLo(10);
const MAP_B = seedHi(10);
const RECORD_A = seedLo(11);
const RECORD_B = seedHi(11);
const UNDEFINED_LO = seedLo(12);
const UNDEFINED_HI = seedHi(12);
const NULL_LO = seedLo(13);
const NULL_HI = seedHi(13);
const FALSE_LO = seedLo(14);
const FALSE_HI = seedHi(14);
const TRUE_LO = seedLo(15);
const TRUE_HI = seedHi(15);

/**
 * Writes the 64-bit fingerprint of a state value into `out`: `out[0]` the low word, `out[1]` the
 * high word. Throws StateValueError (code "bad-state-value") naming the offending spot, in the
 * path notation of internal/values.ts, when the value holds something with no canonical encoding
 * or contains a cycle.
 */
export function fingerprint(value: unknown, out: Uint32Array): void {
  depth = 0;
  try {
    hashValue(value);
    // Leaves come out of hashValue unfinalised (see there); a state that is a bare leaf is rare.
    if (typeof value !== "object" || value === null) fin(rLo, rHi);
  } catch (thrown) {
    depth = 0;
    deepAncestors.clear();
    throw stateValueErrorFor(value, thrown);
  }
  out[0] = rLo;
  out[1] = rHi;
}

/**
 * Fingerprints the successors of one state, reusing the work done on their parent. A plain-object
 * state's fingerprint is a commutative sum of one term per field; a successor usually shares most
 * field values with its parent (the same object, by structural sharing, or the same primitive),
 * and for those the parent's term is reused instead of hashing the value again. The result is
 * exactly `fingerprint(child)`: a term depends only on the key and the value, and a value that is
 * `===` to the parent's is, for immutable states, the same value.
 *
 * This relies on the model contract that a state handed to the model is never mutated: a model
 * that changes its parent's arrays in place to build a successor would have that successor taken
 * for its parent. Such a model is broken with or without this, since the parent changed under the
 * search too.
 */
export class SuccessorFingerprinter {
  private readonly keys: string[] = [];
  private readonly values: unknown[] = [];
  private readonly termLo: number[] = [];
  private readonly termHi: number[] = [];
  // For a field holding a native Set: the raw sum of its element terms, so that a successor's set
  // that differs by a few elements costs only those elements (-1 in setSize: not a set).
  private readonly setSumLo: number[] = [];
  private readonly setSumHi: number[] = [];
  private readonly setSize: number[] = [];
  // For a field holding an array of at most PREFIX_LIMIT elements: the running lanes of the
  // array's hash before each element and after the last, so that a successor's array that differs
  // from index i on resumes there (null: not such an array).
  private readonly prefixes: (Int32Array | null)[] = [];
  private readonly prefixBuffers: Int32Array[] = [];
  private fields = 0;
  private active = false;

  /** Remembers the field terms of `parent`, whose successors come next. Never throws. */
  expandFrom(parent: unknown): void {
    this.active = false;
    if (typeof parent !== "object" || parent === null || Array.isArray(parent)) return;
    const proto = Object.getPrototypeOf(parent);
    if (proto !== OBJECT_PROTO && proto !== null) return;
    const record = parent as Record<string, unknown>;
    let n = 0;
    try {
      depth = 1;
      for (const key in record) {
        const field = record[key];
        if (field === undefined) continue;
        if (isNativeSet(field)) {
          this.prefixes[n] = null;
          depth = 2;
          sumOfElements(field);
          depth = 1;
          this.setSumLo[n] = rLo;
          this.setSumHi[n] = rHi;
          this.setSize[n] = field.size;
          finishUnordered(rLo, rHi, field.size, SET_A, SET_B);
          termOfField(key, rLo, rHi);
        } else if (Array.isArray(field) && field.length <= PREFIX_LIMIT) {
          this.setSize[n] = -1;
          this.prefixes[n] = this.hashArrayKeepingPrefixes(key, field, n);
        } else {
          this.setSize[n] = -1;
          this.prefixes[n] = null;
          hashField(key, field);
        }
        this.keys[n] = key;
        this.values[n] = field;
        this.termLo[n] = rLo;
        this.termHi[n] = rHi;
        n++;
      }
      depth = 0;
    } catch {
      // The parent was stored, so it encodes; should it not, successors take the full path.
      depth = 0;
      deepAncestors.clear();
      return;
    }
    this.fields = n;
    this.active = true;
  }

  /** Hashes the parent's array field `key`, recording the lanes before each element; leaves the field term. */
  private hashArrayKeepingPrefixes(key: string, array: readonly unknown[], n: number): Int32Array {
    let prefix = this.prefixBuffers[n];
    if (prefix === undefined) prefix = this.prefixBuffers[n] = new Int32Array(2 * (PREFIX_LIMIT + 1));
    let a = SEQ_A;
    let b = SEQ_B;
    depth = 2;
    const length = array.length;
    for (let i = 0; i < length; i++) {
      prefix[2 * i] = a;
      prefix[2 * i + 1] = b;
      hashValue(array[i]);
      a = stepA(a, rLo);
      b = stepB(b, rHi);
    }
    prefix[2 * length] = a;
    prefix[2 * length + 1] = b;
    depth = 1;
    fin(a ^ length, b);
    termOfField(key, rLo, rHi);
    return prefix;
  }

  /**
   * Leaves in the registers the field term of `key` ↦ `child`, an array, resuming the parent's
   * array hash at the first index where the two arrays hold different values.
   */
  private arrayFieldTerm(
    key: string,
    parent: readonly unknown[],
    prefix: Int32Array,
    child: readonly unknown[],
  ): void {
    const length = child.length;
    const common = Math.min(length, parent.length);
    let i = 0;
    while (i < common && child[i] === parent[i]) i++;
    let a = prefix[2 * i]!;
    let b = prefix[2 * i + 1]!;
    depth = 2;
    for (; i < length; i++) {
      hashValue(child[i]);
      a = stepA(a, rLo);
      b = stepB(b, rHi);
    }
    depth = 1;
    fin(a ^ length, b);
    termOfField(key, rLo, rHi);
  }

  /**
   * Leaves in the registers the field term of `key` ↦ `child`, a set, from the parent's set at
   * field `at`: the parent's element sum, plus the terms of elements only the child has, minus
   * those of elements only the parent has. `has` compares objects by identity, so an element equal
   * to one of the parent's but not the same object counts as one removed and one added: the sum is
   * still exact.
   */
  private setFieldTerm(key: string, parentSet: Set<unknown>, at: number, child: Set<unknown>): void {
    let a = this.setSumLo[at]!;
    let b = this.setSumHi[at]!;
    let added = 0;
    depth = 2;
    for (const element of child) {
      if (parentSet.has(element)) continue;
      hashValue(element);
      fin(rLo, rHi);
      a = (a + rLo) | 0;
      b = (b + rHi) | 0;
      added++;
    }
    // child = (parent − removed) ∪ added, the two disjoint, so |removed| = |parent| + |added| − |child|.
    if (parentSet.size + added !== child.size) {
      for (const element of parentSet) {
        if (child.has(element)) continue;
        hashValue(element);
        fin(rLo, rHi);
        a = (a - rLo) | 0;
        b = (b - rHi) | 0;
      }
    }
    depth = 1;
    finishUnordered(a, b, child.size, SET_A, SET_B);
    termOfField(key, rLo, rHi);
  }

  /** Forgets the parent: the next fingerprints are computed in full. */
  reset(): void {
    this.active = false;
  }

  /** Writes `fingerprint(child)` into `out`, reusing the parent's terms where it can. */
  fingerprint(child: unknown, out: Uint32Array): void {
    if (!this.active || typeof child !== "object" || child === null || Array.isArray(child)) {
      fingerprint(child, out);
      return;
    }
    const proto = Object.getPrototypeOf(child);
    if (proto !== OBJECT_PROTO && proto !== null) {
      fingerprint(child, out);
      return;
    }
    const record = child as Record<string, unknown>;
    const keys = this.keys;
    const fields = this.fields;
    let sa = 0;
    let sb = 0;
    let n = 0;
    try {
      depth = 1;
      for (const key in record) {
        const field = record[key];
        if (field === undefined) continue;
        // Successors nearly always list their keys in the parent's order: look there first.
        let at = n < fields && keys[n] === key ? n : keys.indexOf(key);
        if (at >= fields) at = -1;
        if (at >= 0 && this.values[at] === field) {
          sa = (sa + this.termLo[at]!) | 0;
          sb = (sb + this.termHi[at]!) | 0;
        } else if (at >= 0 && this.prefixes[at] !== null && Array.isArray(field)) {
          this.arrayFieldTerm(key, this.values[at] as readonly unknown[], this.prefixes[at]!, field);
          sa = (sa + rLo) | 0;
          sb = (sb + rHi) | 0;
        } else if (at >= 0 && this.setSize[at]! >= 0 && isNativeSet(field)) {
          this.setFieldTerm(key, this.values[at] as Set<unknown>, at, field);
          sa = (sa + rLo) | 0;
          sb = (sb + rHi) | 0;
        } else {
          hashField(key, field);
          sa = (sa + rLo) | 0;
          sb = (sb + rHi) | 0;
        }
        n++;
      }
      finishUnordered(sa, sb, n, RECORD_A, RECORD_B);
      depth = 0;
    } catch (thrown) {
      depth = 0;
      deepAncestors.clear();
      throw stateValueErrorFor(child, thrown);
    }
    out[0] = rLo;
    out[1] = rHi;
  }
}

/** Arrays up to this length get their prefix lanes recorded when their state is expanded. */
const PREFIX_LIMIT = 64;

function isNativeSet(value: unknown): value is Set<unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === SET_PROTO;
}

const scratch = new Uint32Array(2);

/** The fingerprint as one unsigned 64-bit bigint (high word first). */
export function fingerprintBigInt(value: unknown): bigint {
  fingerprint(value, scratch);
  return (BigInt(scratch[1]!) << 32n) | BigInt(scratch[0]!);
}

/** The fingerprint as 16 lower-case hex digits (high word first). */
export function fingerprintHex(value: unknown): string {
  fingerprint(value, scratch);
  return scratch[1]!.toString(16).padStart(8, "0") + scratch[0]!.toString(16).padStart(8, "0");
}

/**
 * Leaves the hash of `v` in rLo/rHi. Compound values come out finalised. Leaves (numbers, strings,
 * bigints and the constants) come out as raw lanes, each lane an injective or near-injective
 * function of the value with its kind's seed, because most leaves sit in arrays or record fields
 * whose absorption mixes them anyway; a consumer that adds hashes up (sets, fields, entries)
 * finalises first, and so does `fingerprint` for a state that is a bare leaf.
 */
function hashValue(v: unknown): void {
  switch (typeof v) {
    case "string":
      hashString(v, STRING_A, STRING_B);
      return;
    case "number":
      hashNumber(v);
      return;
    case "object":
      if (v === null) {
        rLo = NULL_LO;
        rHi = NULL_HI;
      } else {
        hashObject(v);
      }
      return;
    case "boolean":
      if (v) {
        rLo = TRUE_LO;
        rHi = TRUE_HI;
      } else {
        rLo = FALSE_LO;
        rHi = FALSE_HI;
      }
      return;
    case "undefined":
      rLo = UNDEFINED_LO;
      rHi = UNDEFINED_HI;
      return;
    case "bigint":
      // Rare in states; the hex digits are an exact, canonical form.
      hashString(v.toString(16), BIGINT_A, BIGINT_B);
      return;
    default:
      throw new UnencodableValue();
  }
}

function hashNumber(v: number): void {
  // `-0 | 0` is 0, so -0 takes this path as 0.
  if ((v | 0) === v) {
    rLo = stepA(INT_A, v);
    rHi = stepB(INT_B, v);
    return;
  }
  if (Number.isNaN(v)) throw new UnencodableValue();
  FLOAT[0] = v;
  const w0 = FLOAT_WORDS[0]!;
  const w1 = FLOAT_WORDS[1]!;
  rLo = stepA(stepA(FLOAT_A, w0), w1);
  rHi = stepB(stepB(FLOAT_B, w0), w1);
}

/** The lanes of a string: two UTF-16 code units per step, the length folded in at the end. */
function hashString(s: string, a: number, b: number): void {
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = stepA(a, w);
    b = stepB(b, w);
  }
  if (i < n) {
    const w = s.charCodeAt(i);
    a = stepA(a, w);
    b = stepB(b, w);
  }
  rLo = a ^ n;
  rHi = b;
}

function hashObject(v: object): void {
  if (++depth > UNTRACKED_DEPTH) enterDeep(v);
  if (Array.isArray(v)) {
    hashArray(v);
  } else {
    const proto = Object.getPrototypeOf(v);
    if (proto === OBJECT_PROTO || proto === null) hashPlainObject(v as Record<string, unknown>);
    else if (proto === SET_PROTO) hashNativeSet(v as Set<unknown>);
    else if (proto === MAP_PROTO) hashNativeMap(v as Map<unknown, unknown>);
    else hashImmutable(v, proto);
  }
  if (depth-- > UNTRACKED_DEPTH) deepAncestors.delete(v);
}

// Past UNTRACKED_DEPTH levels the value is either legitimately deep or cyclic; only then are
// ancestors remembered, so a cycle is caught within one more trip round it.
function enterDeep(v: object): void {
  if (deepAncestors.has(v)) throw new UnencodableValue();
  deepAncestors.add(v);
}

function hashArray(v: readonly unknown[]): void {
  let a = SEQ_A;
  let b = SEQ_B;
  const n = v.length;
  for (let i = 0; i < n; i++) {
    hashValue(v[i]);
    a = stepA(a, rLo);
    b = stepB(b, rHi);
  }
  fin(a ^ n, b);
}

function hashPlainObject(v: Record<string, unknown>): void {
  let sa = 0;
  let sb = 0;
  let n = 0;
  for (const key in v) {
    const field = v[key];
    if (field === undefined) continue;
    hashField(key, field);
    sa = (sa + rLo) | 0;
    sb = (sb + rHi) | 0;
    n++;
  }
  finishUnordered(sa, sb, n, RECORD_A, RECORD_B);
}

/** A record field: the key's lanes and the value's hash, finalised into one pair. */
function hashField(key: string, field: unknown): void {
  hashValue(field);
  termOfField(key, rLo, rHi);
}

/** The term of a record field whose value hashed to (vLo, vHi). */
function termOfField(key: string, vLo: number, vHi: number): void {
  hashString(key, KEY_A, KEY_B);
  fin(stepA(rLo, vLo), stepB(rHi, vHi));
}

/** A map entry: key and value hashes, finalised into one pair. */
function hashEntry(key: unknown, value: unknown): void {
  hashValue(key);
  const kLo = rLo;
  const kHi = rHi;
  hashValue(value);
  fin(stepA(kLo, rLo), stepB(kHi, rHi));
}

function finishUnordered(sa: number, sb: number, n: number, tagA: number, tagB: number): void {
  fin(stepA(tagA, sa) ^ n, stepB(tagB, sb));
}

// Callbacks for forEach over native and Immutable collections. Module-level functions, so no
// closure is allocated per collection; they must return undefined, since Immutable's forEach
// stops at the first callback that returns false.
function addElement(element: unknown): void {
  hashValue(element);
  fin(rLo, rHi);
  accA = (accA + rLo) | 0;
  accB = (accB + rHi) | 0;
}

function addEntry(value: unknown, key: unknown): void {
  hashEntry(key, value);
  accA = (accA + rLo) | 0;
  accB = (accB + rHi) | 0;
}

function addField(value: unknown, key: unknown): void {
  if (value === undefined) return;
  hashField(key as string, value);
  accA = (accA + rLo) | 0;
  accB = (accB + rHi) | 0;
  accN++;
}

function absorbElement(element: unknown): void {
  hashValue(element);
  accA = stepA(accA, rLo);
  accB = stepB(accB, rHi);
}

function absorbEntry(value: unknown, key: unknown): void {
  hashValue(key);
  accA = stepA(accA, rLo);
  accB = stepB(accB, rHi);
  hashValue(value);
  accA = stepA(accA, rLo);
  accB = stepB(accB, rHi);
}

interface Iterates {
  readonly size: number;
  forEach(callback: (value: unknown, key: unknown) => void): unknown;
}

/** Runs `callback` over `v` with fresh accumulators starting at (a, b); leaves them in the registers. */
function accumulate(
  v: Iterates,
  callback: (value: unknown, key: unknown) => void,
  a: number,
  b: number,
): void {
  const savedA = accA;
  const savedB = accB;
  const savedN = accN;
  accA = a;
  accB = b;
  accN = 0;
  v.forEach(callback);
  rLo = accA;
  rHi = accB;
  lastCount = accN;
  accA = savedA;
  accB = savedB;
  accN = savedN;
}

function hashNativeSet(v: Set<unknown>): void {
  sumOfElements(v);
  finishUnordered(rLo, rHi, v.size, SET_A, SET_B);
}

/**
 * Leaves in the registers the sum of a native set's finalised element hashes. A for-of loop with
 * the sums in locals (safe for nested sets) is faster on native sets than forEach with `addElement`.
 */
function sumOfElements(v: Set<unknown>): void {
  let a = 0;
  let b = 0;
  for (const element of v) {
    hashValue(element);
    fin(rLo, rHi);
    a = (a + rLo) | 0;
    b = (b + rHi) | 0;
  }
  rLo = a;
  rHi = b;
}

function hashNativeMap(v: Map<unknown, unknown>): void {
  accumulate(v, addEntry, 0, 0);
  finishUnordered(rLo, rHi, v.size, MAP_A, MAP_B);
}

// The kind of an Immutable.js value, by its prototype. The kind flags Immutable.js checks live on
// the prototypes, and reading them for a value of another kind costs a prototype-chain lookup
// each; one WeakMap lookup replaces the seven checks.
const kindByPrototype = new WeakMap<object, Kind>();

function immutableKind(v: object, proto: object): Kind {
  let kind = kindByPrototype.get(proto);
  if (kind === undefined) {
    kind = classifyImmutable(v);
    if (kind !== Kind.Bad) kindByPrototype.set(proto, kind);
  }
  return kind;
}

function hashImmutable(v: object, proto: object): void {
  const kind = immutableKind(v, proto);
  const collection = v as Iterates;
  const cacheable = kind === Kind.Record || collection.size >= CACHED_MIN_SIZE;
  if (cacheable) {
    const cached = immutableCache.get(v);
    if (cached !== undefined) {
      rLo = cached.lo;
      rHi = cached.hi;
      return;
    }
  }
  switch (kind) {
    case Kind.Seq:
      if (proto === LIST_PROTO) hashList(v as List<unknown>);
      else accumulate(collection, absorbElement, SEQ_A, SEQ_B);
      fin(rLo ^ collection.size, rHi);
      break;
    case Kind.OrderedSet:
      accumulate(collection, absorbElement, OSET_A, OSET_B);
      fin(rLo ^ collection.size, rHi);
      break;
    case Kind.OrderedMap:
      accumulate(collection, absorbEntry, OMAP_A, OMAP_B);
      fin(rLo ^ collection.size, rHi);
      break;
    case Kind.Set:
      accumulate(collection, addElement, 0, 0);
      finishUnordered(rLo, rHi, collection.size, SET_A, SET_B);
      break;
    case Kind.Map:
      accumulate(collection, addEntry, 0, 0);
      finishUnordered(rLo, rHi, collection.size, MAP_A, MAP_B);
      break;
    case Kind.Record:
      hashRecord(v as ImmutableRecord<Record<string, unknown>>);
      break;
    default:
      throw new UnencodableValue();
  }
  if (cacheable) immutableCache.set(v, new CachedFingerprint(rLo, rHi));
}

/** Leaves the unfinalised lanes of a List's elements in the registers. */
function hashList(v: List<unknown>): void {
  // Indexed access is several times faster than forEach for the small lists states hold.
  let a = SEQ_A;
  let b = SEQ_B;
  const n = v.size;
  for (let i = 0; i < n; i++) {
    hashValue(v.get(i));
    a = stepA(a, rLo);
    b = stepB(b, rHi);
  }
  rLo = a;
  rHi = b;
}

function hashRecord(v: ImmutableRecord<Record<string, unknown>>): void {
  // Every Immutable.js Record type keeps its field names in `_keys` on its prototype. It is not
  // in the typings, so it is checked before use; walking it with `get` is ten times faster than
  // the public `toSeq().forEach`.
  const keys = (v as unknown as { _keys?: unknown })._keys;
  if (!Array.isArray(keys)) {
    accumulate((v as unknown as { toSeq(): Iterates }).toSeq(), addField, 0, 0);
    finishUnordered(rLo, rHi, lastCount, RECORD_A, RECORD_B);
    return;
  }
  let sa = 0;
  let sb = 0;
  let n = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const field = v.get(key);
    if (field === undefined) continue;
    hashField(key, field);
    sa = (sa + rLo) | 0;
    sb = (sb + rHi) | 0;
    n++;
  }
  finishUnordered(sa, sb, n, RECORD_A, RECORD_B);
}
