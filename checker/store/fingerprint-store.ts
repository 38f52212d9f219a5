// The set of states seen so far, kept as 64-bit fingerprints only, with a link from each state to
// the state it was first reached from. States themselves are not kept once expanded: a trace is
// rebuilt by walking the links back to an initial state and replaying the model forward
// (checker/trace), as TLC does with its trace file.
//
// Layout, chosen for bytes per state:
// - every state gets a dense id, in order of discovery;
// - per id, the fingerprint (its two words side by side, so that comparing one costs one cache
//   line) and the parent id, in fixed-size chunks, so that growing never copies them and never
//   leaves half of a doubled array empty: 12 bytes per state;
// - an open-addressing table (linear probing) of ids, 4 bytes per slot, at most 3/4 full, so
//   between 5.3 and 10.7 bytes per state.
// Together 17–23 bytes per stored state at scale.

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const FIRST_CHUNK = 1024;
const INITIAL_SLOTS = 1 << 12;
const MAX_LOAD = 0.75;

/** A state's parent link when it is an initial state. */
export const NO_PARENT = 0xffffffff;

/** The largest store whose fingerprints are sorted to estimate collisions from the actual gaps. */
const GAP_ESTIMATE_LIMIT = 50_000_000;

export class FingerprintStore {
  private slots = new Uint32Array(INITIAL_SLOTS); // id + 1; 0 marks an empty slot
  private mask = INITIAL_SLOTS - 1;
  private growAt = Math.floor(INITIAL_SLOTS * MAX_LOAD);
  // Chunk 0 starts small and doubles up to CHUNK so that tiny models stay tiny; later chunks are full size.
  private readonly fps: Uint32Array[] = [new Uint32Array(2 * FIRST_CHUNK)];
  private readonly parents: Uint32Array[] = [new Uint32Array(FIRST_CHUNK)];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Adds a fingerprint unless it is present. Returns the new state's id, or -1 if the fingerprint
   * was already stored.
   */
  insert(fpLo: number, fpHi: number, parent: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = (fpLo ^ Math.imul(fpHi, 0x9e3779b1)) & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      const fps = this.fps[id >>> CHUNK_BITS]!;
      const o = (id & CHUNK_MASK) << 1;
      if (fps[o] === fpLo && fps[o + 1] === fpHi) return -1;
      slot = (slot + 1) & mask;
    }
    const id = this.count;
    this.appendColumns(id, fpLo, fpHi, parent);
    slots[slot] = id + 1;
    this.count = id + 1;
    if (this.count > this.growAt) this.growTable();
    return id;
  }

  /** The id stored for a fingerprint, or -1. */
  find(fpLo: number, fpHi: number): number {
    let slot = (fpLo ^ Math.imul(fpHi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const id = entry - 1;
      if (this.lowWord(id) === fpLo && this.highWord(id) === fpHi) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The id of the state `id` was first reached from, or NO_PARENT for an initial state. */
  parentOf(id: number): number {
    return this.parents[id >>> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  lowWord(id: number): number {
    return this.fps[id >>> CHUNK_BITS]![(id & CHUNK_MASK) << 1]!;
  }

  highWord(id: number): number {
    return this.fps[id >>> CHUNK_BITS]![((id & CHUNK_MASK) << 1) + 1]!;
  }

  /** Ids from an initial state down to `id`, following parent links. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at !== NO_PARENT; at = this.parentOf(at)) path.push(at);
    return path.reverse();
  }

  /** Bytes held by the table and the columns, whether used or not. */
  allocatedBytes(): number {
    let bytes = this.slots.byteLength;
    for (let c = 0; c < this.fps.length; c++) bytes += this.fps[c]!.byteLength + this.parents[c]!.byteLength;
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
    for (let id = 0; id < this.count; id++) {
      all[id] = (BigInt(this.highWord(id)) << 32n) | BigInt(this.lowWord(id));
    }
    all.sort();
    let smallest = -1n;
    for (let i = 1; i < all.length; i++) {
      const gap = all[i]! - all[i - 1]!;
      if (smallest < 0n || gap < smallest) smallest = gap;
    }
    return smallest <= 0n ? 1 : 1 / Number(smallest);
  }

  private appendColumns(id: number, fpLo: number, fpHi: number, parent: number): void {
    const c = id >>> CHUNK_BITS;
    const o = id & CHUNK_MASK;
    if (c === this.parents.length) {
      this.fps.push(new Uint32Array(2 * CHUNK));
      this.parents.push(new Uint32Array(CHUNK));
    } else if (o === this.parents[c]!.length) {
      // Only chunk 0 is ever shorter than CHUNK.
      const size = Math.min(CHUNK, o * 2);
      this.fps[c] = grown(this.fps[c]!, 2 * size);
      this.parents[c] = grown(this.parents[c]!, size);
    }
    const fps = this.fps[c]!;
    fps[o << 1] = fpLo;
    fps[(o << 1) + 1] = fpHi;
    this.parents[c]![o] = parent;
  }

  private growTable(): void {
    const size = this.slots.length * 2;
    const slots = new Uint32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = (this.lowWord(id) ^ Math.imul(this.highWord(id), 0x9e3779b1)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
    this.growAt = Math.floor(size * MAX_LOAD);
  }
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
