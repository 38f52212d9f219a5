// The canonical byte form of a state: two values are the same state exactly when their encodings
// are equal. It is the reference the fingerprint approximates, so it uses the same kinds and the
// same equivalences (internal/values.ts): object keys are sorted, the elements (or key–value
// pairs) of unordered collections are sorted by their own encoded bytes, and native and
// Immutable.js collections of the same kind encode alike.
//
// Layout: one tag byte per value, then
//   number      8 bytes, float64 with the sign bit flipped (all bits for negatives), big-endian,
//               so bytes compare like numbers; -0 is written as 0
//   bigint      sign byte (0 negative, 1 otherwise), then the hex digits of |n| as a string body
//   string      length, then each UTF-16 code unit as 2 bytes big-endian (lone surrogates survive)
//   collections element count, then the elements (Seq, Set, OrderedSet), key then value (Map,
//               OrderedMap), or field name as a string body then value (Record)
// Lengths and counts use a prefix varint whose first byte says how many follow, so that bytes
// still compare like numbers. Every encoding is prefix-free, which is what lets a key–value pair
// be sorted as one byte string and still order by key first.
import {
  CycleGuard,
  classify,
  entriesOf,
  fieldsOf,
  itemsOf,
  Kind,
  stateValueErrorFor,
  UnencodableValue,
} from "./internal/values.ts";

const TAG = {
  undefined: 0x01,
  null: 0x02,
  false: 0x03,
  true: 0x04,
  number: 0x05,
  bigint: 0x06,
  string: 0x07,
  seq: 0x10,
  orderedSet: 0x11,
  orderedMap: 0x12,
  set: 0x13,
  map: 0x14,
  record: 0x15,
} as const;

class ByteWriter {
  bytes = new Uint8Array(256);
  length = 0;
  private view = new DataView(this.bytes.buffer);

  private reserve(n: number): void {
    const needed = this.length + n;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** An unsigned count or length; order-preserving and prefix-free. */
  count(n: number): void {
    if (n < 0x80) {
      this.byte(n);
    } else if (n < 0x4000) {
      this.reserve(2);
      this.bytes[this.length++] = 0x80 | (n >>> 8);
      this.bytes[this.length++] = n & 0xff;
    } else if (n < 0x200000) {
      this.reserve(3);
      this.bytes[this.length++] = 0xc0 | (n >>> 16);
      this.bytes[this.length++] = (n >>> 8) & 0xff;
      this.bytes[this.length++] = n & 0xff;
    } else {
      this.reserve(5);
      this.bytes[this.length++] = 0xe0;
      this.view.setUint32(this.length, n);
      this.length += 4;
    }
  }

  number(x: number): void {
    this.reserve(8);
    const view = this.view;
    view.setFloat64(this.length, x === 0 ? 0 : x);
    const hi = view.getUint32(this.length);
    if (hi & 0x80000000) {
      view.setUint32(this.length, ~hi);
      view.setUint32(this.length + 4, ~view.getUint32(this.length + 4));
    } else {
      view.setUint32(this.length, hi | 0x80000000);
    }
    this.length += 8;
  }

  /** A string body: length, then UTF-16 code units big-endian. */
  string(s: string): void {
    const n = s.length;
    this.count(n);
    this.reserve(2 * n);
    for (let i = 0; i < n; i++) {
      const unit = s.charCodeAt(i);
      this.bytes[this.length++] = unit >>> 8;
      this.bytes[this.length++] = unit & 0xff;
    }
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

class Encoder {
  readonly out = new ByteWriter();
  private readonly guard = new CycleGuard();

  value(v: unknown): void {
    const out = this.out;
    const kind = classify(v);
    switch (kind) {
      case Kind.Undefined:
        out.byte(TAG.undefined);
        return;
      case Kind.Null:
        out.byte(TAG.null);
        return;
      case Kind.Boolean:
        out.byte(v ? TAG.true : TAG.false);
        return;
      case Kind.Number:
        out.byte(TAG.number);
        out.number(v as number);
        return;
      case Kind.BigInt: {
        const n = v as bigint;
        out.byte(TAG.bigint);
        out.byte(n < 0n ? 0 : 1);
        out.string((n < 0n ? -n : n).toString(16));
        return;
      }
      case Kind.String:
        out.byte(TAG.string);
        out.string(v as string);
        return;
      case Kind.Bad:
        throw new UnencodableValue();
    }
    const object = v as object;
    this.guard.enter(object);
    switch (kind) {
      case Kind.Seq:
      case Kind.OrderedSet: {
        const items = itemsOf(object);
        out.byte(kind === Kind.Seq ? TAG.seq : TAG.orderedSet);
        out.count(items.length);
        for (const item of items) this.value(item);
        break;
      }
      case Kind.OrderedMap: {
        const entries = entriesOf(object);
        out.byte(TAG.orderedMap);
        out.count(entries.length);
        for (const [k, value] of entries) {
          this.value(k);
          this.value(value);
        }
        break;
      }
      case Kind.Set: {
        const items = itemsOf(object);
        out.byte(TAG.set);
        out.count(items.length);
        this.sorted(items.length, (i) => this.value(items[i]));
        break;
      }
      case Kind.Map: {
        const entries = entriesOf(object);
        out.byte(TAG.map);
        out.count(entries.length);
        this.sorted(entries.length, (i) => {
          const [k, value] = entries[i]!;
          this.value(k);
          this.value(value);
        });
        break;
      }
      default: {
        const fields = fieldsOf(object).sort(byKey);
        out.byte(TAG.record);
        out.count(fields.length);
        for (const [k, value] of fields) {
          out.string(k);
          this.value(value);
        }
      }
    }
    this.guard.leave(object);
  }

  /** Writes `n` parts with `write`, then reorders them in place by their bytes. */
  private sorted(n: number, write: (i: number) => void): void {
    const out = this.out;
    const start = out.length;
    const ends: number[] = [];
    for (let i = 0; i < n; i++) {
      write(i);
      ends.push(out.length);
    }
    if (n < 2) return;
    const parts: Uint8Array[] = [];
    let from = start;
    for (const end of ends) {
      parts.push(out.bytes.slice(from, end));
      from = end;
    }
    parts.sort(compareBytes);
    let at = start;
    for (const part of parts) {
      out.bytes.set(part, at);
      at += part.length;
    }
  }
}

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * The canonical bytes of a state value. Throws StateValueError (code "bad-state-value"), with the
 * same path the fingerprint would report, for a value with no encoding or a cycle.
 */
export function encodeCanonical(value: unknown): Uint8Array {
  const encoder = new Encoder();
  try {
    encoder.value(value);
  } catch (thrown) {
    throw stateValueErrorFor(value, thrown);
  }
  return encoder.out.bytes.slice(0, encoder.out.length);
}

/** Whether two state values are the same state (equal canonical bytes). */
export function sameState(a: unknown, b: unknown): boolean {
  if (a === b) {
    // Still encoded, so that a bad value is reported whichever way it is compared.
    encodeCanonical(a);
    return true;
  }
  return compareBytes(encodeCanonical(a), encodeCanonical(b)) === 0;
}

/** Orders byte strings lexicographically; the order canonical set elements are listed in. */
export { compareBytes as compareCanonical };
