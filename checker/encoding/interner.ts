// String interners: each distinct string gets a small integer id, dense from 0, so that states can
// travel between threads as bytes that name strings (and object shapes, see state-codec.ts) by id.
//
// `SharedInterner` is one table shared by every thread holding its handle: the same text has the
// same id in all of them. Each thread keeps a local cache (a Map and an array), so a hit costs one
// Map lookup and never touches shared memory; only a miss goes to the shared table.
//
// Shared layout, in four SharedArrayBuffers (the last three growable, so memory is committed as
// it is used; a growable SharedArrayBuffer grows in place and every thread sees the new length):
//   meta     Int32Array: the lock word, the string count, text units used, table slots, limits
//   table    Int32Array of slots, open addressing with linear probing: 0 empty, else id + 1
//   entries  Int32Array, three words per id: offset and length of its text, and its hash
//   text     Uint16Array: the UTF-16 code units of every string, appended, never moved
// The table, the entries and the text are only written while holding the lock, and the table is
// only read while holding it. `textOf` reads an id's entry and text without the lock: an id below
// the count (read with Atomics.load) was fully written before the count was raised.
//
// The lock is Drepper's three-state mutex ("Futexes Are Tricky", 2011): 0 free, 1 held, 2 held
// with possible waiters. It spins briefly before waiting, since the critical section is short.

/** Maps strings to small integer ids and back: ids are dense from 0, and stable for its lifetime. */
export interface Interner {
  idOf(text: string): number;
  textOf(id: number): string;
}

/** A single-threaded interner. */
export class LocalInterner implements Interner {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  idOf(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  textOf(id: number): string {
    const text = this.texts[id];
    if (text === undefined) throw new RangeError(`no string has interner id ${id}`);
    return text;
  }

  /** How many strings have an id. */
  get size(): number {
    return this.texts.length;
  }
}

/** Thrown when a SharedInterner reaches one of its limits; `limit` names the option to raise. */
export class InternerFull extends Error {
  override readonly name = "InternerFull";
  readonly code = "interner-full";
  constructor(
    readonly limit: "maxStrings" | "maxTextBytes",
    readonly value: number,
  ) {
    super(
      limit === "maxStrings"
        ? `the shared interner holds its limit of ${value} distinct strings; raise maxStrings`
        : `the shared interner's text region is full (${value} bytes); raise maxTextBytes`,
    );
  }
}

export interface SharedInternerOptions {
  /** The most distinct strings it can hold; default 4 Mi (4,194,304). */
  readonly maxStrings?: number;
  /** The most bytes of text, at two bytes per UTF-16 code unit; default 256 MiB. */
  readonly maxTextBytes?: number;
}

/** What `SharedInterner.attach` needs in another thread; structured-clonable, post it to a worker. */
export interface SharedInternerHandle {
  readonly meta: SharedArrayBuffer;
  readonly table: SharedArrayBuffer;
  readonly entries: SharedArrayBuffer;
  readonly text: SharedArrayBuffer;
}

const MAX_STRINGS_LIMIT = 1 << 26;
const MAX_TEXT_BYTES_LIMIT = 2 ** 31;

function completeOptions(options: SharedInternerOptions): Required<SharedInternerOptions> {
  const { maxStrings = 1 << 22, maxTextBytes = 1 << 28 } = options;
  if (!Number.isInteger(maxStrings) || maxStrings < 1 || maxStrings > MAX_STRINGS_LIMIT)
    throw new RangeError(
      `maxStrings must be an integer from 1 to ${MAX_STRINGS_LIMIT}, got ${String(maxStrings)}`,
    );
  if (!Number.isInteger(maxTextBytes) || maxTextBytes < 2 || maxTextBytes > MAX_TEXT_BYTES_LIMIT)
    throw new RangeError(
      `maxTextBytes must be an integer from 2 to ${MAX_TEXT_BYTES_LIMIT}, got ${String(maxTextBytes)}`,
    );
  return { maxStrings, maxTextBytes };
}

// Words of `meta`.
const LOCK = 0;
const COUNT = 1;
const TEXT_USED = 2; // code units
const SLOTS = 3; // table slots, a power of two
const MAX_STRINGS = 4;
const MAX_TEXT_UNITS = 5;
const MAGIC = 6;
const META_WORDS = 8;
const MAGIC_VALUE = 0x1e7e5a11;

const ENTRY_WORDS = 3;
const INITIAL_STRINGS = 1024;
const INITIAL_TEXT_UNITS = 1 << 15;
const SPINS = 64;
// String.fromCharCode.apply takes the units as arguments; keep well under engine argument limits.
const DECODE_CHUNK = 8192;

/** Table slots for `strings` entries at a load factor of at most one half. */
function slotsFor(strings: number): number {
  let slots = 2;
  while (slots < 2 * strings) slots *= 2;
  return slots;
}

function hashText(text: string): number {
  let h = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** An interner shared between worker threads through SharedArrayBuffers. */
export class SharedInterner implements Interner {
  private readonly ids = new Map<string, number>();
  // Ids reach a thread in any order; the gaps are filled with undefined so the array stays packed.
  private readonly texts: (string | undefined)[] = [];
  private readonly meta: Int32Array;
  // Length-tracking views: they follow their growable buffers, whichever thread grows them.
  private readonly table: Int32Array;
  private readonly entries: Int32Array;
  private readonly text: Uint16Array;

  private constructor(private readonly shared: SharedInternerHandle) {
    this.meta = new Int32Array(shared.meta);
    this.table = new Int32Array(shared.table);
    this.entries = new Int32Array(shared.entries);
    this.text = new Uint16Array(shared.text);
  }

  static create(options: SharedInternerOptions = {}): SharedInterner {
    const { maxStrings, maxTextBytes } = completeOptions(options);
    const maxUnits = Math.floor(maxTextBytes / 2);
    const maxSlots = slotsFor(maxStrings);
    const initialStrings = Math.min(INITIAL_STRINGS, maxStrings);
    const initialSlots = slotsFor(initialStrings);
    const handle: SharedInternerHandle = {
      meta: new SharedArrayBuffer(META_WORDS * 4),
      table: new SharedArrayBuffer(initialSlots * 4, { maxByteLength: maxSlots * 4 }),
      entries: new SharedArrayBuffer(initialStrings * ENTRY_WORDS * 4, {
        maxByteLength: maxStrings * ENTRY_WORDS * 4,
      }),
      text: new SharedArrayBuffer(Math.min(INITIAL_TEXT_UNITS, maxUnits) * 2, {
        maxByteLength: maxUnits * 2,
      }),
    };
    const meta = new Int32Array(handle.meta);
    meta[SLOTS] = initialSlots;
    meta[MAX_STRINGS] = maxStrings;
    meta[MAX_TEXT_UNITS] = maxUnits;
    Atomics.store(meta, MAGIC, MAGIC_VALUE);
    return new SharedInterner(handle);
  }

  /** The same interner in this thread, with a local cache of its own. */
  static attach(handle: SharedInternerHandle): SharedInterner {
    const ok =
      typeof handle === "object" &&
      handle !== null &&
      [handle.meta, handle.table, handle.entries, handle.text].every((b) => b instanceof SharedArrayBuffer) &&
      handle.meta.byteLength === META_WORDS * 4 &&
      Atomics.load(new Int32Array(handle.meta), MAGIC) === MAGIC_VALUE;
    if (!ok) throw new TypeError("SharedInterner.attach: not the handle of a SharedInterner");
    return new SharedInterner(handle);
  }

  /** The shared buffers, to post to a worker thread that will `attach` to them. */
  get handle(): SharedInternerHandle {
    return this.shared;
  }

  /** How many strings have an id, in all threads. */
  get size(): number {
    return Atomics.load(this.meta, COUNT);
  }

  idOf(text: string): number {
    const id = this.ids.get(text);
    return id === undefined ? this.idOfShared(text) : id;
  }

  textOf(id: number): string {
    const text = this.texts[id];
    return text === undefined ? this.textOfShared(id) : text;
  }

  private idOfShared(text: string): number {
    const hash = hashText(text);
    this.lock();
    let id: number;
    try {
      id = this.findOrAdd(text, hash);
    } finally {
      this.unlock();
    }
    this.remember(id, text);
    return id;
  }

  private remember(id: number, text: string): void {
    this.ids.set(text, id);
    const texts = this.texts;
    while (texts.length < id) texts.push(undefined);
    texts[id] = text;
  }

  /** Holding the lock: the id of `text`, added if it is new. */
  private findOrAdd(text: string, hash: number): number {
    const meta = this.meta;
    const table = this.table;
    const entries = this.entries;
    let mask = meta[SLOTS]! - 1;
    let slot = hash & mask;
    for (let stored = table[slot]!; stored !== 0; stored = table[slot]!) {
      const id = stored - 1;
      if (entries[id * ENTRY_WORDS + 2] === hash && this.storedEquals(id, text)) return id;
      slot = (slot + 1) & mask;
    }

    const id = meta[COUNT]!;
    if (id >= meta[MAX_STRINGS]!) throw new InternerFull("maxStrings", meta[MAX_STRINGS]!);
    const offset = meta[TEXT_USED]!;
    const end = offset + text.length;
    if (end > meta[MAX_TEXT_UNITS]!) throw new InternerFull("maxTextBytes", meta[MAX_TEXT_UNITS]! * 2);
    growTo(this.shared.text, end * 2);
    growTo(this.shared.entries, (id + 1) * ENTRY_WORDS * 4);
    const units = this.text;
    for (let i = 0; i < text.length; i++) units[offset + i] = text.charCodeAt(i);
    entries[id * ENTRY_WORDS] = offset;
    entries[id * ENTRY_WORDS + 1] = text.length;
    entries[id * ENTRY_WORDS + 2] = hash;
    meta[TEXT_USED] = end;

    if (2 * (id + 1) > mask + 1) {
      this.rehash(2 * (mask + 1), id);
      mask = meta[SLOTS]! - 1;
      slot = hash & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
    }
    table[slot] = id + 1;
    // Last, so that `textOf` in another thread, which reads the count without the lock, never
    // sees an id whose entry is not written yet.
    Atomics.store(meta, COUNT, id + 1);
    return id;
  }

  /** Holding the lock: doubles the table and reinserts the first `count` ids. */
  private rehash(slots: number, count: number): void {
    growTo(this.shared.table, slots * 4);
    const table = this.table;
    const entries = this.entries;
    const mask = slots - 1;
    table.fill(0);
    for (let id = 0; id < count; id++) {
      let slot = entries[id * ENTRY_WORDS + 2]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.meta[SLOTS] = slots;
  }

  private storedEquals(id: number, text: string): boolean {
    const entries = this.entries;
    const length = entries[id * ENTRY_WORDS + 1]!;
    if (length !== text.length) return false;
    const offset = entries[id * ENTRY_WORDS]!;
    const units = this.text;
    for (let i = 0; i < length; i++) if (units[offset + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  private textOfShared(id: number): string {
    if (!(Number.isInteger(id) && id >= 0 && id < Atomics.load(this.meta, COUNT)))
      throw new RangeError(`no string has interner id ${id}`);
    const offset = this.entries[id * ENTRY_WORDS]!;
    const length = this.entries[id * ENTRY_WORDS + 1]!;
    let text = "";
    for (let at = offset; at < offset + length; at += DECODE_CHUNK) {
      const units = this.text.subarray(at, Math.min(at + DECODE_CHUNK, offset + length));
      text += String.fromCharCode.apply(null, units as unknown as number[]);
    }
    this.remember(id, text);
    return text;
  }

  private lock(): void {
    const meta = this.meta;
    let state = Atomics.compareExchange(meta, LOCK, 0, 1);
    if (state === 0) return;
    for (let i = 0; i < SPINS; i++) {
      if (Atomics.load(meta, LOCK) === 0) {
        state = Atomics.compareExchange(meta, LOCK, 0, 1);
        if (state === 0) return;
      }
    }
    // Mark the lock contended, then sleep until the holder's unlock wakes us.
    if (state !== 2) state = Atomics.exchange(meta, LOCK, 2);
    while (state !== 0) {
      Atomics.wait(meta, LOCK, 2);
      state = Atomics.exchange(meta, LOCK, 2);
    }
  }

  private unlock(): void {
    if (Atomics.sub(this.meta, LOCK, 1) !== 1) {
      Atomics.store(this.meta, LOCK, 0);
      Atomics.notify(this.meta, LOCK, 1);
    }
  }
}

/** Grows a growable SharedArrayBuffer to at least `bytes`, at least doubling it, within its maximum. */
function growTo(buffer: SharedArrayBuffer, bytes: number): void {
  if (buffer.byteLength >= bytes) return;
  buffer.grow(Math.min(Math.max(bytes, 2 * buffer.byteLength), buffer.maxByteLength));
}
