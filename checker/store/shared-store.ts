// The fingerprint store of a parallel search: one table in shared memory that every worker thread
// inserts into at once, without locks, and the trace links beside it.
//
// Layout, chosen for bytes per state (at most 16 at scale) and for lock-free insertion:
// - the table is open addressing with linear probing, two 32-bit words per slot (low, high). A
//   slot is claimed by a compare-and-swap of its low word from 0; the claimer then writes the high
//   word. A reader that finds its low word but a high word still 0 waits for the write, so a
//   fingerprint is never inserted twice. (Low and high words 0 are therefore stored as 1: two more
//   fingerprints among 2^64 that may collide.)
// - per state, by id (order of insertion, taken from one shared counter), the id of the state it
//   was first reached from (4 bytes) and the index of the action that reached it (1 byte; an index
//   of 255 or more is kept in a small overflow list). 5 bytes per state.
// - the table grows while small by doubling at 3/4 full, then by a fifth at 9/10 full, so that it
//   stays between 3/4 and 9/10 full once large: 8.9 to 10.7 bytes per state, 14–16 with the links.
//
// The table cannot grow while workers insert: a worker that sees it past its growth point finishes
// the state in hand and pauses; the coordinating thread grows it (`grow`) and hands the new table
// to the workers (`handle`/`adopt`). The slack above the growth point (a tenth of the table at
// least) absorbs what the workers insert meanwhile.

import { collisionFromSmallestGap, GAP_ESTIMATE_LIMIT, home, NO_PARENT } from "./fingerprint-store.ts";
import type { StateStore } from "./state-store.ts";

const COUNT = 0;
const CONTROL_WORDS = 4;
const LINK_BITS = 16;
const LINK_CHUNK = 1 << LINK_BITS;
const LINK_MASK = LINK_CHUNK - 1;
const INITIAL_CAPACITY = 1 << 14;
/** Below this many slots the table doubles at 3/4; from it on, it grows by a fifth at 9/10. */
const LARGE = 1 << 22;
/** Steps of this index or more are kept in the overflow list. */
const STEP_ESCAPE = 255;

/** Everything a worker needs to attach to the store (structured-clonable: shared buffers). */
export interface SharedStoreHandle {
  readonly control: SharedArrayBuffer;
  readonly table: SharedArrayBuffer;
  readonly capacity: number;
  readonly parents: readonly SharedArrayBuffer[];
  readonly steps: readonly SharedArrayBuffer[];
  readonly overflow: SharedArrayBuffer;
}

export class SharedFingerprintStore implements StateStore {
  private readonly control: Int32Array;
  private table: Int32Array;
  private tableBuffer: SharedArrayBuffer;
  private capacity: number;
  private growAt: number;
  private readonly parentBuffers: SharedArrayBuffer[];
  private readonly stepBuffers: SharedArrayBuffer[];
  private readonly parents: Uint32Array[];
  private readonly steps: Uint8Array[];
  private readonly overflowBuffer: SharedArrayBuffer;
  private readonly overflow: Int32Array;

  /**
   * A new store, owned by the calling thread (`autoGrow`: it grows the table itself, which is
   * right while no worker inserts), or attached to another thread's store by its handle.
   */
  constructor(
    handle?: SharedStoreHandle,
    private autoGrow = handle === undefined,
  ) {
    const h = handle ?? {
      control: new SharedArrayBuffer(4 * CONTROL_WORDS),
      table: new SharedArrayBuffer(8 * INITIAL_CAPACITY),
      capacity: INITIAL_CAPACITY,
      parents: [],
      steps: [],
      overflow: new SharedArrayBuffer(4 * 64, { maxByteLength: 2 ** 31 }),
    };
    this.control = new Int32Array(h.control);
    this.tableBuffer = h.table;
    this.table = new Int32Array(h.table);
    this.capacity = h.capacity;
    this.growAt = growthPoint(h.capacity);
    this.parentBuffers = [...h.parents];
    this.stepBuffers = [...h.steps];
    this.parents = h.parents.map((b) => new Uint32Array(b));
    this.steps = h.steps.map((b) => new Uint8Array(b));
    this.overflowBuffer = h.overflow;
    this.overflow = new Int32Array(h.overflow);
    if (handle === undefined) this.provideLinks();
  }

  get handle(): SharedStoreHandle {
    return {
      control: this.control.buffer as SharedArrayBuffer,
      table: this.tableBuffer,
      capacity: this.capacity,
      parents: this.parentBuffers,
      steps: this.stepBuffers,
      overflow: this.overflowBuffer,
    };
  }

  /** Takes up a grown table and new link chunks from the owner's handle. */
  adopt(handle: SharedStoreHandle): void {
    if (handle.table !== this.tableBuffer) {
      this.tableBuffer = handle.table;
      this.table = new Int32Array(handle.table);
      this.capacity = handle.capacity;
      this.growAt = growthPoint(handle.capacity);
    }
    for (let c = this.parents.length; c < handle.parents.length; c++) {
      this.parentBuffers.push(handle.parents[c]!);
      this.stepBuffers.push(handle.steps[c]!);
      this.parents.push(new Uint32Array(handle.parents[c]!));
      this.steps.push(new Uint8Array(handle.steps[c]!));
    }
  }

  get size(): number {
    return Atomics.load(this.control, COUNT);
  }

  /** From now on other threads insert too: growth waits for them to pause (`wantsGrowth`). */
  shareInsertion(): void {
    this.autoGrow = false;
  }

  /** Whether the table is past its growth point: workers should pause so that it can grow. */
  wantsGrowth(): boolean {
    return Atomics.load(this.control, COUNT) >= this.growAt;
  }

  insert(fpLo: number, fpHi: number, parent: number, step: number): number {
    fpLo |= 0;
    fpHi |= 0;
    if (fpLo === 0) fpLo = 1;
    if (fpHi === 0) fpHi = 1;
    const table = this.table;
    const capacity = this.capacity;
    let slot = home(fpLo, fpHi, capacity);
    for (let probes = 0; ; probes++) {
      // Workers pause for growth well before the table fills; a single state with more new
      // successors than the slack left could still fill it, and must not spin forever.
      if (probes === capacity) throw new Error("the shared fingerprint table is full");
      const at = 2 * slot;
      let lo = table[at]!;
      if (lo === 0) {
        lo = Atomics.compareExchange(table, at, 0, fpLo);
        if (lo === 0) {
          Atomics.store(table, at + 1, fpHi);
          break;
        }
      }
      if (lo === fpLo) {
        let hi = table[at + 1]!;
        while (hi === 0) hi = Atomics.load(table, at + 1);
        if (hi === fpHi) return -1;
      }
      if (++slot === capacity) slot = 0;
    }
    const id = Atomics.add(this.control, COUNT, 1);
    this.parents[id >>> LINK_BITS]![id & LINK_MASK] = parent;
    if (step < STEP_ESCAPE) {
      this.steps[id >>> LINK_BITS]![id & LINK_MASK] = step;
    } else {
      this.steps[id >>> LINK_BITS]![id & LINK_MASK] = STEP_ESCAPE;
      this.appendOverflow(id, step);
    }
    if (this.autoGrow && id + 1 >= this.growAt) this.grow();
    return id;
  }

  has(fpLo: number, fpHi: number): boolean {
    fpLo |= 0;
    fpHi |= 0;
    if (fpLo === 0) fpLo = 1;
    if (fpHi === 0) fpHi = 1;
    const table = this.table;
    let slot = home(fpLo, fpHi, this.capacity);
    for (;;) {
      const lo = Atomics.load(table, 2 * slot);
      if (lo === 0) return false;
      if (lo === fpLo) {
        let hi = Atomics.load(table, 2 * slot + 1);
        while (hi === 0) hi = Atomics.load(table, 2 * slot + 1);
        if (hi === fpHi) return true;
      }
      if (++slot === this.capacity) slot = 0;
    }
  }

  parentOf(id: number): number {
    return this.parents[id >>> LINK_BITS]![id & LINK_MASK]!;
  }

  stepOf(id: number): number {
    const step = this.steps[id >>> LINK_BITS]![id & LINK_MASK]!;
    if (step !== STEP_ESCAPE) return step;
    const entries = Atomics.load(this.overflow, 0);
    for (let i = 0; i < entries; i++) {
      if (this.overflow[1 + 2 * i] === id) return this.overflow[2 + 2 * i]!;
    }
    throw new Error(`the step of state ${id} is missing from the overflow list`);
  }

  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at !== NO_PARENT; at = this.parentOf(at)) path.push(at);
    return path.reverse();
  }

  /**
   * Grows the table (and provides link chunks for every id it can now hold). Only while no other
   * thread inserts: the caller has paused the workers, and hands them `handle` afterwards.
   */
  grow(): void {
    const capacity = this.capacity < LARGE ? this.capacity * 2 : Math.ceil(this.capacity * 1.2);
    const buffer = new SharedArrayBuffer(8 * capacity);
    const next = new Int32Array(buffer);
    const old = this.table;
    for (let at = 0; at < old.length; at += 2) {
      const lo = old[at]!;
      if (lo === 0) continue;
      const hi = old[at + 1]!;
      let slot = home(lo, hi, capacity);
      while (next[2 * slot] !== 0) if (++slot === capacity) slot = 0;
      next[2 * slot] = lo;
      next[2 * slot + 1] = hi;
    }
    this.tableBuffer = buffer;
    this.table = next;
    this.capacity = capacity;
    this.growAt = growthPoint(capacity);
    this.provideLinks();
  }

  /**
   * The table, and of the link chunks the pages written so far (the rest of a chunk is never
   * touched, so it takes no memory).
   */
  allocatedBytes(): number {
    const page = 4096;
    const pages = (bytes: number) => Math.ceil(bytes / page) * page;
    return this.table.byteLength + pages(4 * this.size) + pages(this.size) + this.overflowBuffer.byteLength;
  }

  bytesPerState(): number {
    return this.size === 0 ? 0 : this.allocatedBytes() / this.size;
  }

  collisionFromGaps(): number | null {
    const count = this.size;
    if (count < 2 || count > GAP_ESTIMATE_LIMIT) return null;
    const all = new BigUint64Array(count);
    let n = 0;
    const table = this.table;
    for (let at = 0; at < table.length; at += 2) {
      const lo = table[at]!;
      if (lo !== 0) all[n++] = (BigInt(table[at + 1]! >>> 0) << 32n) | BigInt(lo >>> 0);
    }
    return collisionFromSmallestGap(all.subarray(0, n));
  }

  /** Link chunks for every id below the table's capacity (a state count never reaches it). */
  private provideLinks(): void {
    while (this.parents.length * LINK_CHUNK < this.capacity) {
      const parents = new SharedArrayBuffer(4 * LINK_CHUNK);
      const steps = new SharedArrayBuffer(LINK_CHUNK);
      this.parentBuffers.push(parents);
      this.stepBuffers.push(steps);
      this.parents.push(new Uint32Array(parents));
      this.steps.push(new Uint8Array(steps));
    }
  }

  private appendOverflow(id: number, step: number): void {
    const i = Atomics.add(this.overflow, 0, 1);
    const needed = 4 * (3 + 2 * i);
    while (this.overflowBuffer.byteLength < needed) {
      try {
        this.overflowBuffer.grow(Math.min(this.overflowBuffer.maxByteLength, 2 * needed));
      } catch {
        // Another thread grew it first (to a length this one no longer exceeds), or it is full.
        if (
          this.overflowBuffer.byteLength < needed &&
          this.overflowBuffer.byteLength === this.overflowBuffer.maxByteLength
        )
          throw new Error("too many states reached by an action of index 255 or more");
      }
    }
    // The typed array tracks the buffer's length: written after the growth, read after the run.
    this.overflow[1 + 2 * i] = id;
    this.overflow[2 + 2 * i] = step;
  }
}

function growthPoint(capacity: number): number {
  return Math.floor(capacity * (capacity < LARGE ? 0.75 : 0.9));
}
