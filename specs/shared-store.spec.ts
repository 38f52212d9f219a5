// The parallel search's shared pieces on one thread: the lock-free fingerprint store (growth,
// links, steps past 254), and the frontier's chunks, slices and work items.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalInterner } from "../checker/encoding/interner.ts";
import { StateCodec } from "../checker/encoding/state-codec.ts";
import { coarsened } from "../checker/search/parallel/coordinator.ts";
import { filesOf, FrontierReader, FrontierWriter, statesIn } from "../checker/search/parallel/frontier.ts";
import { NO_PARENT } from "../checker/store/fingerprint-store.ts";
import { SharedFingerprintStore } from "../checker/store/shared-store.ts";

// Deterministic, well-spread 64-bit fingerprints.
const fp = (i: number): [number, number] => [
  Math.imul(i + 1, 0x9e3779b1) ^ (i >>> 7),
  Math.imul(i + 7, 0x85ebca6b),
];

describe("SharedFingerprintStore", () => {
  it("stores each fingerprint once, across growth, with its parent and step", () => {
    const store = new SharedFingerprintStore();
    const n = 300_000; // the table starts at 16,384 slots: it grows several times
    let misnumbered = 0;
    for (let i = 0; i < n; i++) {
      const [lo, hi] = fp(i);
      if (store.insert(lo, hi, i === 0 ? NO_PARENT : i - 1, i % 1000) !== i) misnumbered++;
    }
    expect(misnumbered).toBe(0);
    expect(store.size).toBe(n);
    for (let i = 0; i < n; i += 997) {
      const [lo, hi] = fp(i);
      expect(store.insert(lo, hi, 0, 0)).toBe(-1);
      expect(store.has(lo, hi)).toBe(true);
      expect(store.stepOf(i)).toBe(i % 1000); // 255 and more come from the overflow list
    }
    expect(store.has(12345, 67890)).toBe(false);
    expect(store.pathTo(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(store.bytesPerState()).toBeLessThan(40);
  });

  it("keeps the zero words apart from the empty-slot marker", () => {
    const store = new SharedFingerprintStore();
    expect(store.insert(0, 0, NO_PARENT, 0)).toBe(0);
    expect(store.insert(0, 0, NO_PARENT, 0)).toBe(-1);
    expect(store.has(0, 0)).toBe(true);
  });

  it("is seen alike through a second attachment, after the owner grows and hands over", () => {
    const owner = new SharedFingerprintStore();
    const worker = new SharedFingerprintStore(owner.handle, false);
    for (let i = 0; i < 12_000; i++) worker.insert(...fp(i), NO_PARENT, 0);
    expect(worker.wantsGrowth()).toBe(false);
    for (let i = 12_000; i < 14_000; i++) worker.insert(...fp(i), NO_PARENT, 0);
    expect(worker.wantsGrowth()).toBe(true); // past 3/4 of 16,384 slots: time to pause
    owner.grow();
    worker.adopt(owner.handle);
    expect(worker.wantsGrowth()).toBe(false);
    for (let i = 0; i < 14_000; i += 101) expect(worker.insert(...fp(i), 0, 0)).toBe(-1);
    expect(owner.size).toBe(14_000);
  });

  it("refuses to overfill a table that was not grown, rather than spin", () => {
    const owner = new SharedFingerprintStore();
    const worker = new SharedFingerprintStore(owner.handle, false);
    expect(() => {
      for (let i = 0; i < 20_000; i++) worker.insert(...fp(i), NO_PARENT, 0);
    }).toThrow("full");
  });
});

describe("the frontier", () => {
  it("gives back every state with its id, in order, sliced and joined", () => {
    const codec = new StateCodec(new LocalInterner());
    const writer = new FrontierWriter(codec);
    const states = Array.from({ length: 1000 }, (_, i) => ({ i, tag: `s${i % 7}`, set: new Set([i % 3]) }));
    states.forEach((s, id) => writer.add(id * 2, s));
    const slices = writer.take();
    expect(statesIn(slices)).toBe(1000);
    expect(slices.length).toBeGreaterThan(1);
    const joined = coarsened(slices, 1);
    expect(statesIn(joined)).toBe(1000);
    const reader = new FrontierReader(codec);
    const seen: unknown[] = [];
    const ids: number[] = [];
    for (const slice of joined) {
      reader.open(slice);
      while (reader.next()) {
        ids.push(reader.id);
        seen.push(reader.state());
      }
    }
    expect(ids).toEqual(states.map((_, id) => id * 2));
    expect(seen).toEqual(states);
  });

  it("spills full chunks to files and reads them back, also from the rest of a slice", () => {
    const directory = mkdtempSync(join(tmpdir(), "frontier-spec-"));
    const codec = new StateCodec(new LocalInterner());
    const writer = new FrontierWriter(codec, { directory, prefix: "w", aboveBytes: 0, chunkBytes: 4096 });
    // 40,000 states of 9–12 bytes in 4 KiB chunks: every full chunk goes to disk, the last stays.
    const states = Array.from({ length: 40_000 }, (_, i) => ({ i, pad: "x".repeat(i % 50) }));
    states.forEach((s, id) => writer.add(id, s));
    const slices = writer.take();
    expect(filesOf(slices).size).toBeGreaterThan(50);
    expect(slices.some((s) => s.buffer !== null)).toBe(true);
    const reader = new FrontierReader(codec);
    const ids: number[] = [];
    const work = [...slices];
    while (work.length > 0) {
      reader.open(work.shift()!);
      let taken = 0;
      while (reader.next()) {
        ids.push(reader.id);
        expect(reader.state()).toEqual(states[reader.id]);
        // Stop half-way through some slices and go on from their rest, as a paused worker does.
        if (++taken === 3 && reader.id % 2 === 0) {
          const rest = reader.rest();
          if (rest !== null) work.unshift(rest);
          break;
        }
      }
    }
    expect(ids).toEqual(states.map((_, id) => id));
    rmSync(directory, { recursive: true });
  });

  it("hands back the unexpanded rest of a slice", () => {
    const codec = new StateCodec(new LocalInterner());
    const writer = new FrontierWriter(codec);
    for (let id = 0; id < 10; id++) writer.add(id, { id });
    const [slice] = writer.take();
    const reader = new FrontierReader(codec);
    reader.open(slice!);
    reader.next();
    reader.next();
    const rest = reader.rest()!;
    expect(rest.count).toBe(8);
    reader.open(rest);
    reader.next();
    expect(reader.id).toBe(2);
    expect(reader.state()).toEqual({ id: 2 });
  });
});
