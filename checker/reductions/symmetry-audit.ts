// What keeps symmetry reduction from giving a wrong verdict when a model's symmetry declaration
// is wrong. The reduced search stores, checks and expands one representative per orbit, which is
// sound only if renaming the interchangeable elements changes nothing the search looks at. Two
// ways that fails, and how each is caught while the search runs:
//   - a property that names an element ("P0 never holds the token"): it can be false in a state
//     and true in its representative, and the search checks only the representative. Every
//     successor that the search renames is therefore checked against its representative, on
//     every invariant and the constraint: the same answer on both, or the run stops.
//   - a permutation that is no automorphism of the model (it forgets to rename a field, say):
//     representatives are then states the model never reaches. On a sample of the states the
//     search stores (all of the first few thousand, then one in SPARSE_EVERY), the laws of
//     checkSymmetryLaws are checked on the successor and the renaming that was applied to it
//     (or, for a state that needed none, a transposition of two elements), and the
//     representative of the representative must be itself.
// Either finding is a model error naming the cause; it is never reported as a violation of the
// property, since the reduced search cannot tell which member of the orbit the run was in.
import { sameState, showValue, toTaggedJson } from "../encoding/index.ts";
import type { Invariant, StateMachine, Symmetry } from "../model/contract.ts";
import { setting } from "../pipeline/setting.ts";
import { isIdentityPermutation, type Permutation, transposition } from "./permutations.ts";
import { type Canonicalizer, canonicalizerFor, checkSymmetryLaws } from "./symmetry.ts";

/** Every stored state is sampled up to this many, then one in SPARSE_EVERY. */
export const DENSE_SAMPLES = 200;
export const SPARSE_EVERY = 256;

/** Why the run stopped: which kind of declaration is wrong, and the message that says how. */
export interface SymmetryFault {
  readonly name: "asymmetric-invariant" | "broken-symmetry";
  readonly message: string;
}

const NO_SYMMETRY_HINT = `check it without symmetry reduction (${setting("symmetry", false)}), or make the declaration hold`;

export class SymmetryAudit<S, A> {
  private readonly invariants: readonly Invariant<S>[];
  private readonly endInvariants: readonly Invariant<S>[];
  private readonly symmetry: Symmetry<S, A>;
  /** A canonicalizer of its own, so that audits do not count in the search's figures. */
  private readonly canonical: Canonicalizer<S> | null;
  private storedCount = 0;
  private nextTransposition = 0;

  constructor(private readonly machine: StateMachine<S, A>) {
    if (!machine.symmetry) throw new Error("a symmetry audit needs a model with a symmetry");
    this.symmetry = machine.symmetry;
    this.invariants = machine.invariants.filter((i) => !i.atEnd);
    this.endInvariants = machine.invariants.filter((i) => i.atEnd);
    const made = canonicalizerFor(machine.symmetry);
    this.canonical = "unavailable" in made ? null : made;
  }

  /**
   * A successor the search replaced by `representative`: every invariant, `terminal` and the
   * constraint must say the same of both (the constraint held on the successor, or it would not
   * be here).
   */
  renamed(successor: S, representative: S): SymmetryFault | null {
    for (const invariant of this.invariants) {
      const before = invariant.holds(successor);
      if (before !== invariant.holds(representative)) {
        return {
          name: "asymmetric-invariant",
          message:
            `invariant ${invariant.name} is ${before} in ${shortly(successor)} and ${!before} in its ` +
            `symmetric representative ${shortly(representative)}: it distinguishes the ${this.symmetry.description} ` +
            `that the model declares interchangeable, so symmetry reduction cannot check it; ${NO_SYMMETRY_HINT}`,
        };
      }
    }
    // Invariants of end states and `terminal` are asked only where nothing is enabled, and may
    // assume so: compared where both answer, passed over where either throws.
    for (const invariant of this.endInvariants) {
      const before = quietly(() => invariant.holds(successor));
      const after = quietly(() => invariant.holds(representative));
      if (before !== null && after !== null && before !== after) {
        return {
          name: "asymmetric-invariant",
          message:
            `invariant ${invariant.name} (of end states) is ${before} in ${shortly(successor)} and ${after} in its ` +
            `symmetric representative ${shortly(representative)}: it distinguishes the ${this.symmetry.description}; ${NO_SYMMETRY_HINT}`,
        };
      }
    }
    const terminal = this.machine.terminal?.bind(this.machine);
    if (terminal) {
      const before = quietly(() => terminal(successor));
      const after = quietly(() => terminal(representative));
      if (before !== null && after !== null && before !== after) {
        return {
          name: "asymmetric-invariant",
          message:
            `terminal() is ${before} in ${shortly(successor)} and ${after} in its symmetric representative ` +
            `${shortly(representative)}: it distinguishes the ${this.symmetry.description}; ${NO_SYMMETRY_HINT}`,
        };
      }
    }
    if (this.machine.constraint && !this.machine.constraint(representative)) {
      return {
        name: "asymmetric-invariant",
        message:
          `the constraint holds in ${shortly(successor)} but not in its symmetric representative ` +
          `${shortly(representative)}: it distinguishes the ${this.symmetry.description}; ${NO_SYMMETRY_HINT}`,
      };
    }
    return null;
  }

  /**
   * A state the search has just stored: `representative`, reached as `successor` renamed by
   * `perm`. On a sample, the laws of the declared symmetry are checked there.
   */
  stored(successor: S, representative: S, perm: Permutation): SymmetryFault | null {
    const count = this.storedCount++;
    if (count >= DENSE_SAMPLES && count % SPARSE_EVERY !== 0) return null;
    const n = this.symmetry.size;
    if (n < 2) return null;
    let renaming = perm;
    if (perm.length !== n || isIdentityPermutation(perm)) {
      const i = this.nextTransposition++ % (n - 1);
      renaming = transposition(n, i, i + 1);
    }
    const broken = checkSymmetryLaws(this.machine, [successor], [renaming]);
    if (broken !== null) return brokenSymmetry(this.symmetry, broken);
    if (this.canonical !== null) {
      const again = this.canonical.represent(representative).state;
      if (!sameState(again, representative)) {
        return brokenSymmetry(
          this.symmetry,
          `the representative of ${shortly(representative)} is ${shortly(again)}, not itself`,
        );
      }
    }
    return null;
  }
}

function quietly(predicate: () => boolean): boolean | null {
  try {
    return predicate();
  } catch {
    return null;
  }
}

function brokenSymmetry<S, A>(symmetry: Symmetry<S, A>, law: string): SymmetryFault {
  return {
    name: "broken-symmetry",
    message: `the declared symmetry of ${symmetry.description} does not hold: ${law}; renaming them is not an automorphism of the model (check permute and permuteAction); ${NO_SYMMETRY_HINT}`,
  };
}

/** A state on one line, cut short: enough to find it, not to read it whole. */
function shortly(state: unknown): string {
  const text = showValue(toTaggedJson(state));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * When a trace found under symmetry reduction does not replay: whether the declared symmetry is
 * the cause, judged on the trace's own states and every transposition of two neighbouring
 * elements (they generate every renaming). The broken law in words, or null.
 */
export function brokenSymmetryOn<S, A>(machine: StateMachine<S, A>, states: readonly S[]): string | null {
  const symmetry = machine.symmetry;
  if (!symmetry || symmetry.size < 2) return null;
  const n = symmetry.size;
  const swaps = Array.from({ length: n - 1 }, (_, i) => transposition(n, i, i + 1));
  try {
    const broken = checkSymmetryLaws(machine, states, swaps);
    return broken === null ? null : brokenSymmetry(symmetry, broken).message;
  } catch {
    return null;
  }
}
