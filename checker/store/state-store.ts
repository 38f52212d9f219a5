// What a search needs of the set of states seen so far, whichever store holds it: the one-thread
// FingerprintStore (fingerprint-store.ts) or the SharedFingerprintStore that worker threads fill
// together (shared-store.ts). Both keep fingerprints and trace links only, never states.

export interface StateStore {
  /** How many distinct states are stored; ids are 0 … size − 1 in order of discovery. */
  readonly size: number;
  /**
   * Adds a fingerprint unless present, with the id of the state it was reached from (NO_PARENT for
   * an initial state) and the index of the action that reached it. Returns the new id (≥ 0), or,
   * when the fingerprint was stored already, a negative number: read it with `seenId`.
   */
  insert(fpLo: number, fpHi: number, parent: number, step: number): number;
  has(fpLo: number, fpHi: number): boolean;
  parentOf(id: number): number;
  stepOf(id: number): number;
  /** Ids from an initial state down to `id`. */
  pathTo(id: number): number[];
  /** Bytes the store holds, used or not. */
  allocatedBytes(): number;
  bytesPerState(): number;
  /** 1 / the smallest gap between two stored fingerprints, or null when not computed. */
  collisionFromGaps(): number | null;
}

/**
 * Which stored state `insert` found when its answer was negative: its id when the store tracks
 * ids (−2 − id is what insert returns then), −1 when it does not (insert returns −1).
 */
export function seenId(inserted: number): number {
  return -2 - inserted;
}
