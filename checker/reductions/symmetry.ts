// Symmetry reduction's canonicalizer: for each state, one representative of its orbit (every
// state obtained by renaming the model's interchangeable elements), so that the explorer stores
// one state per orbit. And the laws a model's Symmetry must obey for that to be sound, checked on
// sample states.
//
// How a representative is chosen. Elements are sorted by signature (all tie when the model
// declares none). The candidates are the permutations that put the elements in that order, with
// the elements of each tie arranged in every order; the representative is the candidate image
// with the smallest canonical encoding. Two shortcuts keep the candidates few:
//   - a tie between i and j whose transposition maps the state to itself (an automorphism) is
//     no tie at all: both orders give the same image, so only one is tried. Transpositions that
//     fix a state generate a group, so these ties fall into classes that keep their index order.
//   - with more than 7! candidates left, ties are broken by element index instead (below).
//
// Why the result is exact. Let t = permute(s, q). Signatures are rename-invariant
// (signature(t, q[i]) = signature(s, i)), so the candidates for t are exactly c ∘ q⁻¹ for the
// candidates c of s, and permute(t, c ∘ q⁻¹) = permute(s, c): s and t have the same set of
// candidate images, hence the same smallest one, byte for byte. Dropping an order that an
// automorphism maps to a kept one removes no image from that set. So every state of an orbit
// gets the byte-identical representative, and an orbit is stored once.
//
// Why the fallback is still sound. Breaking ties by index yields permute(s, p) for some p: a
// member of s's orbit, which has the same successors up to renaming and the same invariant
// verdicts. Storing it instead of s loses nothing; an orbit may merely be stored more than once,
// so fewer states are saved (the `approximate` count says how often).
import { compareCanonical, encodeCanonical, sameState, showValue, toTaggedJson } from "../encoding/index.ts";
import type { StateMachine, Symmetry } from "../model/contract.ts";
import { formatAction } from "../model/format-action.ts";
import { firstDisagreement } from "../model/successors.ts";
import {
  factorial,
  identityPermutation,
  inversePermutation,
  isIdentityPermutation,
  isPermutation,
  type Permutation,
  transposition,
} from "./permutations.ts";

/** At most this many candidate orders are tried per state (7!). */
export const EXACT_CANDIDATE_LIMIT = 5040;
/** Beyond this many elements a model must declare signature(): all n! orders would tie. */
export const UNSIGNED_SIZE_LIMIT = 7;

/** A state's representative, and the renaming that produced it: state = permute(input, perm). */
export interface Representative<S> {
  readonly state: S;
  readonly perm: Permutation;
}

export interface Canonicalizer<S> {
  represent(state: S): Representative<S>;
  /** States given an exact representative (the same for their whole orbit). */
  readonly exact: number;
  /** States given a sound fallback (in their orbit, but not the same for all of it). */
  readonly approximate: number;
}

/** Why a symmetry cannot be used, in one line. */
export interface SymmetryUnavailable {
  readonly unavailable: string;
}

export function canonicalizerFor<S, A>(symmetry: Symmetry<S, A>): Canonicalizer<S> | SymmetryUnavailable {
  const n = symmetry.size;
  if (!Number.isInteger(n) || n < 0) {
    return { unavailable: `symmetry of ${symmetry.description}: size ${n} is not a whole number` };
  }
  if (n > UNSIGNED_SIZE_LIMIT && !symmetry.signature) {
    return {
      unavailable: `symmetry of ${n} ${symmetry.description} needs signature(): without it all ${n}! orders tie, more than the ${EXACT_CANDIDATE_LIMIT} tried per state`,
    };
  }
  const identity = identityPermutation(n);
  let exact = 0;
  let approximate = 0;

  function represent(state: S): Representative<S> {
    if (n < 2) {
      exact++;
      return { state, perm: identity };
    }
    const blocks = signatureBlocks(state);
    if (blocks.every((block) => block.length === 1)) {
      // Distinct signatures leave one candidate, and no automorphism other than the identity.
      exact++;
      return imageOf(state, permutationFor(blocks));
    }
    const encoded = encodeCanonical(state);
    const classes = blocks.map((block) => interchangeable(state, encoded, block));
    if (candidateCount(classes) > EXACT_CANDIDATE_LIMIT) {
      approximate++;
      return imageOf(state, permutationFor(blocks));
    }
    exact++;
    let best: { perm: number[]; state: S; bytes: Uint8Array } | null = null;
    for (const perm of candidates(classes)) {
      const image = symmetry.permute(state, perm);
      const bytes = encodeCanonical(image);
      if (best === null || compareCanonical(bytes, best.bytes) < 0) best = { perm, state: image, bytes };
    }
    if (compareCanonical(best!.bytes, encoded) === 0) return { state, perm: identity };
    return { state: best!.state, perm: best!.perm };
  }

  function imageOf(state: S, perm: number[]): Representative<S> {
    return isIdentityPermutation(perm)
      ? { state, perm: identity }
      : { state: symmetry.permute(state, perm), perm };
  }

  /** The elements grouped by signature, groups in signature order, each group in index order. */
  function signatureBlocks(state: S): number[][] {
    if (!symmetry.signature) return [identity.slice()];
    const signatures = identity.map((i) => symmetry.signature!(state, i));
    const order = identity.slice().sort((a, b) => compareText(signatures[a]!, signatures[b]!) || a - b);
    const blocks: number[][] = [];
    order.forEach((element, k) => {
      if (k > 0 && signatures[element] === signatures[order[k - 1]!])
        blocks[blocks.length - 1]!.push(element);
      else blocks.push([element]);
    });
    return blocks;
  }

  /** The block split into classes of elements any permutation of which fixes the state. */
  function interchangeable(state: S, encoded: Uint8Array, block: readonly number[]): number[][] {
    const classes: number[][] = [];
    for (const element of block) {
      // Swapping within a class fixes the state, so one member stands for its class.
      const home = classes.find((c) => fixes(state, encoded, transposition(n, c[0]!, element)));
      if (home) home.push(element);
      else classes.push([element]);
    }
    return classes;
  }

  function fixes(state: S, encoded: Uint8Array, perm: Permutation): boolean {
    return compareCanonical(encodeCanonical(symmetry.permute(state, perm)), encoded) === 0;
  }

  return {
    represent,
    get exact() {
      return exact;
    },
    get approximate() {
      return approximate;
    },
  };
}

/** Code-unit order, the same on every platform (localeCompare is not). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The permutation that lists the blocks' elements in order: element → its position. */
function permutationFor(blocks: readonly (readonly number[])[]): number[] {
  const perm: number[] = [];
  let position = 0;
  for (const block of blocks) for (const element of block) perm[element] = position++;
  return perm;
}

/** How many distinct orders the blocks allow: per block, its size! over each class size!. */
function candidateCount(classes: readonly (readonly (readonly number[])[])[]): number {
  let count = 1;
  for (const block of classes) {
    let size = 0;
    for (const c of block) {
      size += c.length;
      count /= factorial(c.length);
    }
    count *= factorial(size);
    if (count > EXACT_CANDIDATE_LIMIT) return count;
  }
  return Math.round(count);
}

/**
 * Every candidate permutation: the blocks take consecutive positions in order, and within a
 * block every distinct arrangement of its classes, each class's members in index order.
 */
function* candidates(classes: readonly (readonly (readonly number[])[])[]): Generator<number[]> {
  const perm: number[] = [];
  function* fill(blockIndex: number, start: number): Generator<number[]> {
    if (blockIndex === classes.length) {
      yield perm.slice();
      return;
    }
    const block = classes[blockIndex]!;
    const size = block.reduce((sum, c) => sum + c.length, 0);
    for (const arrangement of arrangements(block)) {
      arrangement.forEach((element, k) => (perm[element] = start + k));
      yield* fill(blockIndex + 1, start + size);
    }
  }
  yield* fill(0, 0);
}

/** The distinct orders of a block's elements, each class's members kept in index order. */
function* arrangements(classes: readonly (readonly number[])[]): Generator<number[]> {
  const size = classes.reduce((sum, c) => sum + c.length, 0);
  const taken = classes.map(() => 0);
  const order: number[] = [];
  function* place(): Generator<number[]> {
    if (order.length === size) {
      yield order.slice();
      return;
    }
    for (let c = 0; c < classes.length; c++) {
      if (taken[c] === classes[c]!.length) continue;
      order.push(classes[c]![taken[c]!]!);
      taken[c]!++;
      yield* place();
      taken[c]!--;
      order.pop();
    }
  }
  yield* place();
}

/**
 * The first law of `machine.symmetry` that fails on the sample states and permutations, in words,
 * or null when all hold (≡: equal canonical encodings):
 *   - permute(permute(s, p), inverse(p)) ≡ s
 *   - for each candidate action a of s: next(permute(s, p), permuteAction(a, p)) ≡ permute(next(s, a), p),
 *     where null ≡ null
 *   - every invariant, the constraint and `terminal` give the same verdict on s and permute(s, p)
 *   - signature(permute(s, p), p[i]) === signature(s, i) for every element i
 */
export function checkSymmetryLaws<S, A>(
  machine: StateMachine<S, A>,
  states: readonly S[],
  perms: readonly Permutation[],
): string | null {
  const symmetry = machine.symmetry;
  if (!symmetry) return "the model declares no symmetry";
  for (const perm of perms) {
    if (!isPermutation(perm, symmetry.size)) {
      return `[${perm.join(", ")}] is not a permutation of the ${symmetry.size} ${symmetry.description}`;
    }
  }
  for (const state of states) {
    for (const perm of perms) {
      const broken = brokenLaw(machine, symmetry, state, perm);
      if (broken !== null) return `${broken}, with p = [${perm.join(", ")}] and s = ${shortly(state)}`;
    }
  }
  return null;
}

function brokenLaw<S, A>(
  machine: StateMachine<S, A>,
  symmetry: Symmetry<S, A>,
  state: S,
  perm: Permutation,
): string | null {
  const image = symmetry.permute(state, perm);
  if (!sameState(symmetry.permute(image, inversePermutation(perm)), state)) {
    return "permute(permute(s, p), inverse(p)) is not s";
  }
  const actions = machine.actions(state);
  const mapped = actions.map((action) => symmetry.permuteAction(action, perm));
  const differs = firstDisagreement(
    machine,
    { state, actions },
    { state: image, actions: mapped },
    (after, afterImage) => sameState(afterImage, symmetry.permute(after, perm)),
  );
  if (differs !== null) {
    const i = differs.index;
    return `next(permute(s, p), ${formatAction(machine, mapped[i]!)}) is not permute(next(s, ${formatAction(machine, actions[i]!)}), p)`;
  }
  for (const invariant of machine.invariants) {
    if (invariant.holds(state) !== invariant.holds(image)) {
      return `invariant ${invariant.name} gives different verdicts on s and permute(s, p)`;
    }
  }
  if (machine.constraint && machine.constraint(state) !== machine.constraint(image)) {
    return "the constraint gives different verdicts on s and permute(s, p)";
  }
  if (machine.terminal && machine.terminal(state) !== machine.terminal(image)) {
    return "terminal gives different verdicts on s and permute(s, p)";
  }
  if (symmetry.signature) {
    for (let i = 0; i < symmetry.size; i++) {
      if (symmetry.signature(image, perm[i]!) !== symmetry.signature(state, i)) {
        return `signature(permute(s, p), ${perm[i]}) is not signature(s, ${i})`;
      }
    }
  }
  return null;
}

/** A state on one line, cut short: enough to find it, not to read it whole. */
function shortly(state: unknown): string {
  const text = showValue(toTaggedJson(state));
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
