// Permutations of n interchangeable elements, numbered 0..n − 1, as arrays: perm[i] is the new
// name (number) of element i. Symmetry reduction renames elements with them, so every helper
// here reads a permutation that way and says which way round it composes.

/** A renaming of elements 0..n − 1: element i becomes perm[i]. */
export type Permutation = readonly number[];

/** The permutation that renames nothing. */
export function identityPermutation(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function isIdentityPermutation(perm: Permutation): boolean {
  return perm.every((to, from) => to === from);
}

/** Whether `perm` renames 0..n − 1 one to one (n defaults to its length). */
export function isPermutation(perm: readonly unknown[], n = perm.length): boolean {
  if (perm.length !== n) return false;
  const seen = new Array<boolean>(n).fill(false);
  for (const to of perm) {
    if (typeof to !== "number" || !Number.isInteger(to) || to < 0 || to >= n || seen[to]) return false;
    seen[to] = true;
  }
  return true;
}

/** The renaming that undoes `perm`: inverse[perm[i]] = i. */
export function inversePermutation(perm: Permutation): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((to, from) => (inverse[to] = from));
  return inverse;
}

/**
 * Renaming by `first`, then by `second`, as one permutation: element i becomes first[i], which
 * then becomes second[first[i]]; so result[i] = second[first[i]]. With permute(s, p) renaming
 * element i to p[i], permute(permute(s, first), second) = permute(s, composePermutations(second, first)).
 */
export function composePermutations(second: Permutation, first: Permutation): number[] {
  return first.map((to) => second[to]!);
}

/**
 * An array indexed by element number, after renaming element i to perm[i]: what element i held
 * is now held by element perm[i], so result[perm[i]] = array[i].
 */
export function permuteIndexed<T>(array: readonly T[], perm: Permutation): T[] {
  const result = new Array<T>(array.length);
  array.forEach((value, i) => (result[perm[i]!] = value));
  return result;
}

/** The transposition of elements i and j among n. */
export function transposition(n: number, i: number, j: number): number[] {
  const perm = identityPermutation(n);
  perm[i] = j;
  perm[j] = i;
  return perm;
}

/** Every permutation of n elements, in lexicographic order, each a fresh array (n! of them). */
export function* allPermutations(n: number): Generator<number[]> {
  const perm = identityPermutation(n);
  for (;;) {
    yield perm.slice();
    // The next in lexicographic order: the longest decreasing suffix is exhausted, so bump the
    // element before it to its successor in the suffix and restart the suffix ascending.
    let i = n - 2;
    while (i >= 0 && perm[i]! > perm[i + 1]!) i--;
    if (i < 0) return;
    let j = n - 1;
    while (perm[j]! < perm[i]!) j--;
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    perm.splice(i + 1, n - i - 1, ...perm.slice(i + 1).reverse());
  }
}

/** n! (exact up to 170!, Infinity beyond). */
export function factorial(n: number): number {
  let product = 1;
  for (let k = 2; k <= n; k++) product *= k;
  return product;
}
