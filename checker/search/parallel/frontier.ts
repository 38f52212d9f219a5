// The frontier of a parallel breadth-first search: the states of the next level, kept as bytes in
// shared memory rather than as objects, so that any worker can expand any of them and a level of
// tens of millions of states costs tens of bytes each.
//
// A worker appends the states it discovers to chunks of its own (1 MiB shared buffers), each
// state as [id: u32][length: u32][encoded state], and cuts the chunks into slices of at most
// SLICE_STATES states. The slices of every worker, put together, are the next level's work list;
// workers claim slices one at a time from a shared counter, which is what balances the load.
import type { StateCodec } from "../../encoding/state-codec.ts";

const CHUNK_BYTES = 1 << 20;
const SLICE_STATES = 128;
const HEADER = 8;

/** A run of encoded states in a chunk: bytes [start, end), `count` states. */
export interface FrontierSlice {
  readonly buffer: SharedArrayBuffer;
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

export class FrontierWriter {
  private chunk: Uint8Array | null = null;
  private used = 0;
  private sliceStart = 0;
  private sliceCount = 0;
  private slices: FrontierSlice[] = [];
  /** Bytes written since the last `take`. */
  bytes = 0;

  constructor(private readonly codec: StateCodec) {}

  add(id: number, state: unknown): void {
    const length = this.codec.encode(state);
    const needed = HEADER + length;
    if (this.chunk === null || this.used + needed > this.chunk.length) this.newChunk(needed);
    const chunk = this.chunk!;
    let at = this.used;
    chunk[at] = id & 0xff;
    chunk[at + 1] = (id >>> 8) & 0xff;
    chunk[at + 2] = (id >>> 16) & 0xff;
    chunk[at + 3] = id >>> 24;
    chunk[at + 4] = length & 0xff;
    chunk[at + 5] = (length >>> 8) & 0xff;
    chunk[at + 6] = (length >>> 16) & 0xff;
    chunk[at + 7] = length >>> 24;
    at += HEADER;
    // A state is tens of bytes: a loop beats making a view to hand to `set`.
    const bytes = this.codec.bytes;
    for (let i = 0; i < length; i++) chunk[at + i] = bytes[i]!;
    this.used = at + length;
    this.bytes += needed;
    if (++this.sliceCount === SLICE_STATES) this.cutSlice();
  }

  /** The slices written since the last call (the chunk in progress goes on filling). */
  take(): FrontierSlice[] {
    this.cutSlice();
    const slices = this.slices;
    this.slices = [];
    this.bytes = 0;
    return slices;
  }

  private cutSlice(): void {
    if (this.sliceCount === 0 || this.chunk === null) return;
    this.slices.push({
      buffer: this.chunk.buffer as SharedArrayBuffer,
      start: this.sliceStart,
      end: this.used,
      count: this.sliceCount,
    });
    this.sliceStart = this.used;
    this.sliceCount = 0;
  }

  private newChunk(needed: number): void {
    this.cutSlice();
    this.chunk = new Uint8Array(new SharedArrayBuffer(Math.max(CHUNK_BYTES, needed)));
    this.used = 0;
    this.sliceStart = 0;
  }
}

/**
 * Reads the states of a slice in order: `next()` moves to the next one (false at the end), after
 * which `id` and `state()` describe it, and `rest()` is the slice from the state after it.
 */
export class FrontierReader {
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;
  private left = 0;
  private stateStart = 0;
  private stateEnd = 0;
  private slice: FrontierSlice | null = null;
  id = -1;

  constructor(private readonly codec: StateCodec) {}

  open(slice: FrontierSlice): void {
    this.slice = slice;
    this.bytes = new Uint8Array(slice.buffer);
    this.at = slice.start;
    this.end = slice.end;
    this.left = slice.count;
  }

  next(): boolean {
    if (this.at >= this.end) return false;
    const b = this.bytes;
    const at = this.at;
    this.id = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
    const length = b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16) | (b[at + 7]! << 24);
    this.stateStart = at + HEADER;
    this.stateEnd = this.stateStart + length;
    this.at = this.stateEnd;
    this.left--;
    return true;
  }

  state(): unknown {
    return this.codec.decode(this.bytes, this.stateStart, this.stateEnd);
  }

  /** What is left of the slice after the current state, or null when nothing is. */
  rest(): FrontierSlice | null {
    if (this.slice === null || this.at >= this.end) return null;
    return { buffer: this.slice.buffer, start: this.at, end: this.end, count: this.left };
  }
}

export function statesIn(slices: readonly FrontierSlice[]): number {
  let n = 0;
  for (const s of slices) n += s.count;
  return n;
}
