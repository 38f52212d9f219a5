// Happens-before between two events, read from their vector clocks; the page's own copy of
// happenedBefore in reports/vector-clocks.ts, which specs/report-render.spec.ts holds it to.
export type VectorClock = readonly number[];

/** a happened before b: a's clock is entrywise ≤ b's and not equal. */
export function happenedBefore(a: VectorClock, b: VectorClock): boolean {
  let strictly = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}
