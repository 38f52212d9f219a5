// The fingerprint store against a plain Set of the same fingerprints: same membership, same
// count, duplicates refused, links kept, across many table growths.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FingerprintStore,
  NO_PARENT,
  optimisticCollisionProbability,
} from "../checker/store/fingerprint-store.ts";
import { seenId } from "../checker/store/state-store.ts";

// The store keeps (0, 0) as (0, 1): an empty slot is all zeros.
const key = (lo: number, hi: number) =>
  lo >>> 0 === 0 && hi >>> 0 === 0 ? "0:1" : `${lo >>> 0}:${hi >>> 0}`;

describe("the fingerprint store", () => {
  it("behaves as a set of 64-bit fingerprints and keeps each state's link", () => {
    const word = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(fc.array(fc.tuple(word, word), { maxLength: 3000 }), (fingerprints) => {
        const store = new FingerprintStore();
        const reference = new Map<string, number>();
        fingerprints.forEach(([lo, hi], i) => {
          const id = store.insert(lo, hi, i === 0 ? NO_PARENT : i - 1, i % 7);
          const k = key(lo, hi);
          if (reference.has(k)) expect(id).toBe(-1);
          else {
            expect(id).toBe(reference.size);
            reference.set(k, i);
          }
        });
        expect(store.size).toBe(reference.size);
        for (const [lo, hi] of fingerprints) expect(store.has(lo, hi)).toBe(true);
        expect(store.has(12345, 67890)).toBe(reference.has(key(12345, 67890)));
        // Each new state's link is the one given when it was first inserted.
        [...reference.values()].forEach((i, id) => {
          expect(store.parentOf(id)).toBe(i === 0 ? NO_PARENT : i - 1);
          expect(store.stepOf(id)).toBe(i % 7);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("with trackIds, names the stored state a repeated fingerprint belongs to, across growths", () => {
    const word = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(fc.array(fc.tuple(word, word), { maxLength: 20000 }), (fingerprints) => {
        const store = new FingerprintStore({ trackIds: true });
        const idOf = new Map<string, number>();
        for (const [lo, hi] of fingerprints) {
          const id = store.insert(lo, hi, NO_PARENT, 0);
          const k = key(lo, hi);
          if (idOf.has(k)) {
            expect(id).toBeLessThan(0);
            expect(seenId(id)).toBe(idOf.get(k));
          } else idOf.set(k, id);
        }
        // Every fingerprint again, after all the growths: each names its first id.
        for (const [lo, hi] of fingerprints) {
          const again = store.insert(lo, hi, NO_PARENT, 0);
          expect(again).toBeLessThan(0);
          expect(seenId(again)).toBe(idOf.get(key(lo, hi)));
        }
      }),
      { numRuns: 20 },
    );
  });

  it("tells the fingerprint (0, 0) apart from an empty slot", () => {
    const store = new FingerprintStore();
    expect(store.has(0, 0)).toBe(false);
    expect(store.insert(0, 0, NO_PARENT, 0)).toBe(0);
    expect(store.has(0, 0)).toBe(true);
    expect(store.insert(0, 0, NO_PARENT, 0)).toBe(-1);
  });

  it("follows links back to an initial state", () => {
    const store = new FingerprintStore();
    const a = store.insert(1, 1, NO_PARENT, 0);
    const b = store.insert(2, 2, a, 3);
    const c = store.insert(3, 3, b, 1);
    store.insert(4, 4, a, 2);
    expect(store.pathTo(c)).toEqual([a, b, c]);
  });

  it("holds a million states in at most 24 bytes each, all still found after growing", () => {
    const store = new FingerprintStore();
    let x = 0x9e3779b9;
    const next = () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0);
    for (let i = 0; i < 1_000_000; i++) store.insert(next(), next(), i - 1, 0);
    expect(store.size).toBe(1_000_000);
    expect(store.bytesPerState()).toBeLessThanOrEqual(24);
    x = 0x9e3779b9;
    let found = 0;
    for (let i = 0; i < 1_000_000; i++) if (store.has(next(), next())) found++;
    expect(found).toBe(1_000_000);
  });

  it("estimates collision odds as TLC does", () => {
    expect(optimisticCollisionProbability(1000, 5000)).toBeCloseTo((1000 * 4000) / 2 ** 64, 30);
    const store = new FingerprintStore();
    store.insert(10, 0, NO_PARENT, 0);
    store.insert(14, 0, NO_PARENT, 1);
    store.insert(30, 0, NO_PARENT, 2);
    expect(store.collisionFromGaps()).toBe(1 / 4);
  });
});
