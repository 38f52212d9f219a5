// The frontier of a parallel breadth-first search: the states of the next level, kept as bytes in
// shared memory rather than as objects, so that any worker can expand any of them and a level of
// tens of millions of states costs tens of bytes each.
//
// A worker appends the states it discovers to chunks of its own (1 MiB shared buffers), each
// state as [id: u32][length: u32][encoded state], and cuts the chunks into slices of at most
// SLICE_STATES states. The slices of every worker, put together, are the next level's work list;
// workers claim slices one at a time from a shared counter, which is what balances the load.
//
// When memory runs short (the process past its spill point, --memory-limit or most of the
// machine's memory), a chunk that fills up is written to a file of its own instead and its slices
// point into the file; a worker reads a file slice back in one read. The coordinator deletes a
// level's files once the level is expanded.
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { StateCodec } from "../../encoding/state-codec.ts";

const CHUNK_BYTES = 1 << 20;
const SLICE_STATES = 128;
const HEADER = 8;

/** A run of encoded states in a chunk (in memory, or spilled to a file): bytes [start, end), `count` states. */
export interface FrontierSlice {
  readonly buffer: SharedArrayBuffer | null;
  readonly file: string | null;
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

/** Where and when a writer spills full chunks to disk. */
export interface SpillPolicy {
  readonly directory: string;
  /** A prefix that keeps this writer's file names apart from other writers'. */
  readonly prefix: string;
  /** Resident bytes of the whole process past which full chunks go to disk. */
  readonly aboveBytes: number;
  /** For tests: smaller chunks, which fill (and spill) sooner. */
  readonly chunkBytes?: number;
}

export class FrontierWriter {
  private chunk: Uint8Array | null = null;
  private used = 0;
  private sliceStart = 0;
  private sliceCount = 0;
  private slices: FrontierSlice[] = [];
  /** Bytes written since the last `take`. */
  bytes = 0;

  private spilled = 0;

  constructor(
    private readonly codec: StateCodec,
    private readonly spill: SpillPolicy | null = null,
  ) {}

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
      file: null,
      start: this.sliceStart,
      end: this.used,
      count: this.sliceCount,
    });
    this.sliceStart = this.used;
    this.sliceCount = 0;
  }

  /**
   * Writes a full chunk to a file of its own and points the slices not yet taken at it, so that
   * the chunk's memory is freed once nothing else holds it.
   */
  private spillChunk(chunk: Uint8Array, spill: SpillPolicy): void {
    const file = join(spill.directory, `${spill.prefix}-${this.spilled++}.bin`);
    const fd = openSync(file, "w");
    try {
      for (let at = 0; at < this.used;) at += writeSync(fd, chunk, at, this.used - at);
    } finally {
      closeSync(fd);
    }
    const buffer = chunk.buffer;
    this.slices = this.slices.map((s) => (s.buffer === buffer ? { ...s, buffer: null, file } : s));
  }

  private newChunk(needed: number): void {
    this.cutSlice();
    if (this.chunk !== null && this.spill !== null && process.memoryUsage.rss() > this.spill.aboveBytes) {
      this.spillChunk(this.chunk, this.spill);
    }
    const size = this.spill?.chunkBytes ?? CHUNK_BYTES;
    this.chunk = new Uint8Array(new SharedArrayBuffer(Math.max(size, needed)));
    this.used = 0;
    this.sliceStart = 0;
  }
}

/**
 * Writes a full chunk to a file of its own and points the slices not yet taken into it, so that
 * the chunk's memory is freed once nothing else holds it.
 */
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

  private scratch = new Uint8Array(1 << 16);
  /** For a slice read from a file: where its bytes start in the file (0 for a chunk in memory). */
  private base = 0;

  open(slice: FrontierSlice): void {
    this.slice = slice;
    this.left = slice.count;
    if (slice.buffer !== null) {
      this.bytes = new Uint8Array(slice.buffer);
      this.base = 0;
      this.at = slice.start;
      this.end = slice.end;
      return;
    }
    const length = slice.end - slice.start;
    if (this.scratch.length < length) this.scratch = new Uint8Array(length);
    const fd = openSync(slice.file!, "r");
    try {
      for (let read = 0; read < length;) {
        const n = readSync(fd, this.scratch, read, length - read, slice.start + read);
        if (n === 0) throw new Error(`${slice.file} ends before the frontier slice it should hold`);
        read += n;
      }
    } finally {
      closeSync(fd);
    }
    this.bytes = this.scratch;
    this.base = slice.start;
    this.at = 0;
    this.end = length;
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
    const { buffer, file } = this.slice;
    return { buffer, file, start: this.base + this.at, end: this.base + this.end, count: this.left };
  }
}

/** The files a work list reads from (to delete once it is expanded). */
export function filesOf(slices: readonly FrontierSlice[]): Set<string> {
  const files = new Set<string>();
  for (const s of slices) if (s.file !== null) files.add(s.file);
  return files;
}

export function statesIn(slices: readonly FrontierSlice[]): number {
  let n = 0;
  for (const s of slices) n += s.count;
  return n;
}
