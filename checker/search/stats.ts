// The figures every search reports, assembled in one place: exhaustive strategies and random walks
// count distinct states in the same fingerprint store and report them the same way.
import type { Stats } from "../result.ts";
import { optimisticCollisionProbability } from "../store/fingerprint-store.ts";
import type { StateStore } from "../store/state-store.ts";

export interface SearchCounts {
  readonly store: StateStore;
  readonly generated: number;
  readonly depth: number;
}

export function searchStats(
  counts: SearchCounts,
  seconds: number,
  peakMemoryBytes: number,
  options: { readonly estimateFromGaps: boolean },
): Stats {
  const distinctStates = counts.store.size;
  return {
    distinctStates,
    generatedStates: counts.generated,
    depth: counts.depth,
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(distinctStates / seconds) : 0,
    storeBytesPerState: Math.round(counts.store.bytesPerState() * 10) / 10,
    peakMemoryBytes,
    reductions: {},
    collisionProbability: {
      optimistic: optimisticCollisionProbability(distinctStates, counts.generated),
      fromFingerprints: options.estimateFromGaps ? counts.store.collisionFromGaps() : null,
    },
  };
}
