// The set of states seen so far, kept as 64-bit fingerprints only, and the trace links: for each
// state, the state it was first reached from and which of that state's actions led to it. States
// themselves are not kept once expanded; a trace is rebuilt by following the links back to an
// initial state and replaying the model forward (checker/trace), as TLC does with its
// fingerprint set and trace file.
//
// Layout, chosen for bytes per state and for cache misses per lookup:
// - the fingerprint set is an open-addressing table (linear probing) whose slots hold the two
//   words of a fingerprint side by side: recognising a duplicate, which is what most lookups
//   are, touches one cache line. It grows by half when 4/5 full, so it is 8/15 to 4/5 full:
//   10 to 15 bytes per state;
// - per state, in order of discovery (its id), the parent's id and the index of the action (or of
//   the initial state) that reached it, in fixed-size chunks that never move and never stand half
//   empty: 8 bytes per state.
// Together 18–23 bytes per stored state at scale.
//
// Partial-order reduction's cycle proviso must know *which* stored state a successor is, so a
// store made with `{ trackIds: true }` keeps each slot's id beside it (4 more bytes per slot).

import type { StateStore } from "./state-store.ts";

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const FIRST_CHUNK = 1024;
const INITIAL_SLOTS = 4096;
const MAX_LOAD = 0.8;
const GROWTH = 1.5;

/** A state's parent link when it is an initial state. */
export const NO_PARENT = 0xffffffff;

/** The largest store whose fingerprints are sorted to estimate collisions from the actual gaps. */
export const GAP_ESTIMATE_LIMIT = 50_000_000;

export class FingerprintStore implements StateStore {
  // Two words per slot, low then high; (0, 0) marks an empty slot, so the fingerprint (0, 0) is
  // stored as (0, 1) — one more pair among 2^64 that may collide.
  private slots = new Uint32Array(2 * INITIAL_SLOTS);
  private capacity = INITIAL_SLOTS;
  private growAt = Math.floor(INITIAL_SLOTS * MAX_LOAD);
  // Chunk 0 starts small and doubles up to CHUNK so that tiny models stay tiny; later chunks are full size.
  private readonly parents: Uint32Array[] = [new Uint32Array(FIRST_CHUNK)];
  private readonly steps: Uint32Array[] = [new Uint32Array(FIRST_CHUNK)];
  private count = 0;
  // Present only with trackIds: the id of the fingerprint in the same slot.
  private ids: Uint32Array | null;

  constructor(options: { readonly trackIds?: boolean } = {}) {
    this.ids = options.trackIds ? new Uint32Array(INITIAL_SLOTS) : null;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds a fingerprint unless it is present, with the link to the state it was reached from
   * (`parent`, NO_PARENT for an initial state) and the index of the action that reached it (of the
   * initial state, for an initial state). Returns the new state's id, or, if it is stored already,
   * −2 − its id with trackIds and −1 without (`seenId` in state-store.ts reads it).
   */
  insert(fpLo: number, fpHi: number, parent: number, step: number): number {
    fpLo >>>= 0; // the slots hold unsigned words
    fpHi >>>= 0;
    if (fpLo === 0 && fpHi === 0) fpHi = 1;
    const slots = this.slots;
    const capacity = this.capacity;
    let slot = home(fpLo, fpHi, capacity);
    for (;;) {
      const at = slot << 1;
      const lo = slots[at]!;
      const hi = slots[at + 1]!;
      if (lo === 0 && hi === 0) {
        slots[at] = fpLo;
        slots[at + 1] = fpHi;
        break;
      }
      if (lo === fpLo && hi === fpHi) return this.ids === null ? -1 : -2 - this.ids[slot]!;
      if (++slot === capacity) slot = 0;
    }
    const id = this.count;
    if (this.ids !== null) this.ids[slot] = id;
    this.appendLink(id, parent, step);
    this.count = id + 1;
    if (this.count > this.growAt) this.growTable();
    return id;
  }

  /** Whether a fingerprint is stored. */
  has(fpLo: number, fpHi: number): boolean {
    fpLo >>>= 0;
    fpHi >>>= 0;
    if (fpLo === 0 && fpHi === 0) fpHi = 1;
    const slots = this.slots;
    let slot = home(fpLo, fpHi, this.capacity);
    for (;;) {
      const lo = slots[slot << 1]!;
      const hi = slots[(slot << 1) + 1]!;
      if (lo === 0 && hi === 0) return false;
      if (lo === fpLo && hi === fpHi) return true;
      if (++slot === this.capacity) slot = 0;
    }
  }

  /** The id of the state `id` was first reached from, or NO_PARENT for an initial state. */
  parentOf(id: number): number {
    return this.parents[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  /** Which action of its parent reached state `id` (for an initial state: which initial state it is). */
  stepOf(id: number): number {
    return this.steps[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  /** Ids from an initial state down to `id`, following parent links. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at !== NO_PARENT; at = this.parentOf(at)) path.push(at);
    return path.reverse();
  }

  /** Bytes held by the table and the link columns, whether used or not. */
  allocatedBytes(): number {
    let bytes = this.slots.byteLength + (this.ids?.byteLength ?? 0);
    for (let c = 0; c < this.parents.length; c++)
      bytes += this.parents[c]!.byteLength + this.steps[c]!.byteLength;
    return bytes;
  }

  bytesPerState(): number {
    return this.count === 0 ? 0 : this.allocatedBytes() / this.count;
  }

  /**
   * TLC's second estimate: if the stored fingerprints are spread uniformly, the smallest gap
   * between two of them, d, makes 1/d a plausible chance that a collision hid a state. Null when
   * the store is too large to sort in memory or holds fewer than two states.
   */
  collisionFromGaps(): number | null {
    if (this.count < 2 || this.count > GAP_ESTIMATE_LIMIT) return null;
    const all = new BigUint64Array(this.count);
    let n = 0;
    for (let at = 0; at < this.slots.length; at += 2) {
      const lo = this.slots[at]!;
      const hi = this.slots[at + 1]!;
      if (lo !== 0 || hi !== 0) all[n++] = (BigInt(hi) << 32n) | BigInt(lo);
    }
    return collisionFromSmallestGap(all.subarray(0, n));
  }

  private appendLink(id: number, parent: number, step: number): void {
    const c = id >>> CHUNK_BITS;
    const o = id & CHUNK_MASK;
    if (c === this.parents.length) {
      this.parents.push(new Uint32Array(CHUNK));
      this.steps.push(new Uint32Array(CHUNK));
    } else if (o === this.parents[c]!.length) {
      // Only chunk 0 is ever shorter than CHUNK.
      const size = Math.min(CHUNK, o * 2);
      this.parents[c] = grown(this.parents[c]!, size);
      this.steps[c] = grown(this.steps[c]!, size);
    }
    this.parents[c]![o] = parent;
    this.steps[c]![o] = step;
  }

  private growTable(): void {
    const capacity = Math.ceil(this.capacity * GROWTH);
    const slots = new Uint32Array(2 * capacity);
    const old = this.slots;
    const oldIds = this.ids;
    const ids = oldIds === null ? null : new Uint32Array(capacity);
    for (let at = 0; at < old.length; at += 2) {
      const lo = old[at]!;
      const hi = old[at + 1]!;
      if (lo === 0 && hi === 0) continue;
      let slot = home(lo, hi, capacity);
      while (slots[slot << 1] !== 0 || slots[(slot << 1) + 1] !== 0) if (++slot === capacity) slot = 0;
      slots[slot << 1] = lo;
      slots[(slot << 1) + 1] = hi;
      if (ids !== null) ids[slot] = oldIds![at >> 1]!;
    }
    this.slots = slots;
    this.ids = ids;
    this.capacity = capacity;
    this.growAt = Math.floor(capacity * MAX_LOAD);
  }
}

/**
 * TLC's second estimate from a store's fingerprints (as unsigned 64-bit values): 1 / the smallest
 * gap between two of them once sorted.
 */
export function collisionFromSmallestGap(fingerprints: BigUint64Array): number {
  fingerprints.sort();
  let smallest = -1n;
  for (let i = 1; i < fingerprints.length; i++) {
    const gap = fingerprints[i]! - fingerprints[i - 1]!;
    if (smallest < 0n || gap < smallest) smallest = gap;
  }
  return smallest <= 0n ? 1 : 1 / Number(smallest);
}

/**
 * The slot a fingerprint starts probing from: its mixed words scaled to [0, capacity), which
 * needs no power-of-two capacity (so the table can grow by half rather than double).
 */
export function home(fpLo: number, fpHi: number, capacity: number): number {
  return Math.floor(((fpLo ^ Math.imul(fpHi, 0x9e3779b1)) >>> 0) * (capacity / 4294967296));
}

function grown(array: Uint32Array, size: number): Uint32Array {
  const next = new Uint32Array(size);
  next.set(array);
  return next;
}

/** TLC's first estimate, n·(g − n)/2^64, for n distinct and g generated states. */
export function optimisticCollisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}
