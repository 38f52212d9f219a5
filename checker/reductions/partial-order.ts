// Partial-order reduction: in each state, explore only an *ample* subset of the enabled actions,
// chosen so that every invariant violation and every deadlock reachable in the full state graph
// is still reached. The theory is that of Clarke, Grumberg & Peled, "Model Checking" (1999),
// ch. 10, with the ample sets computed as Valmari's strong stubborn sets ("Stubborn sets for
// reduced state space generation", 1989). The conditions, and who guarantees each:
//
//   C0 non-emptiness   the ample set is empty only when nothing is enabled: an ample set always
//                      holds the enabled key action it was grown from (here and in the actor
//                      layer's checker/actors/partial-order.ts).
//   C1 persistence     along every path of the full graph from the state, no action dependent on
//                      an ample action runs before some ample action does. A stubborn set is
//                      closed so that (a) with every enabled member come all actions dependent on
//                      it, and (b) with every disabled member comes a necessary enabling set: all
//                      actions that write a variable its guard reads, since one of them must run
//                      before it can become enabled. Its enabled part is then persistent.
//   C2 invisibility    a reduced set (one that leaves an enabled action out) holds no visible
//                      action: none writes a variable that an invariant or the constraint reads.
//                      Invariants checked only at end states (`atEnd`) need no visibility: C0 and
//                      C1 alone keep every end state (Godefroid, "Partial-Order Methods for the
//                      Verification of Concurrent Systems", LNCS 1032, 1996, thm. 6.14).
//   C3 cycle proviso   the explorer's: if an ample successor is a state already expanded (or the
//                      state itself), the state is expanded fully — the closed-set proviso of
//                      LTSmin (Laarman, Pater, van de Pol & Hansen, "Guard-based partial-order
//                      reduction", STTT 2016). On every cycle of the reduced graph, the state
//                      expanded last finds its successor on the cycle already expanded, so every
//                      cycle has a fully expanded state, whatever the search order (BFS or DFS).
//
// Under C0–C3, a reachable state that violates an invariant has a reachable counterpart in the
// reduced graph that violates it too, and every reachable deadlock is reached itself. Nothing is
// claimed for liveness: the explorer turns the reduction off there.
//
// Independence here is syntactic, from declared footprints: two actions are dependent when one
// writes a variable the other reads or writes. Over-approximate footprints only prune less.
import type { Footprint, Invariant, PartialOrder, StateMachine } from "../model/contract.ts";

/** What the explorer reports of a reduction in `stats.reductions`. */
export interface PartialOrderLedger {
  /** States whose expansion left at least one enabled action out. */
  reducedStates: number;
  /** Enabled actions left out of those expansions. */
  prunedTransitions: number;
  /** Reduced expansions turned full by the cycle proviso. */
  provisoExpansions: number;
}

export function emptyLedger(): PartialOrderLedger {
  return { reducedStates: 0, prunedTransitions: 0, provisoExpansions: 0 };
}

/** Invariants checked in every state (not only at end states). */
export function everywhereInvariants<S>(invariants: readonly Invariant<S>[]): readonly Invariant<S>[] {
  return invariants.filter((i) => !i.atEnd);
}

/**
 * The partial-order reduction of a machine: its own (the actor layer's), one from declared
 * footprints, or none, with the reason.
 */
export function partialOrderOf<S, A>(machine: StateMachine<S, A>): PartialOrder<S, A> {
  if (machine.partialOrder) return machine.partialOrder;
  if (machine.footprint) return footprintPartialOrder(machine, machine.footprint.bind(machine));
  return {
    unavailable:
      "the model declares no footprint() for its actions, so no two actions are known to be independent",
    ample: () => null,
  };
}

/** Variable sets as bit masks over the variables seen so far, one 32-bit word per 32 variables. */
class VariableSets {
  private readonly index = new Map<string, number>();

  mask(names: readonly string[]): number[] {
    const mask: number[] = [];
    for (const name of names) {
      let i = this.index.get(name);
      if (i === undefined) {
        i = this.index.size;
        this.index.set(name, i);
      }
      const word = i >>> 5;
      while (mask.length <= word) mask.push(0);
      mask[word]! |= 1 << (i & 31);
    }
    return mask;
  }
}

function meets(a: readonly number[], b: readonly number[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if ((a[i]! & b[i]!) !== 0) return true;
  return false;
}

interface Masks {
  readonly reads: number[];
  readonly writes: number[];
}

function footprintPartialOrder<S, A>(
  machine: StateMachine<S, A>,
  footprint: (action: A) => Footprint,
): PartialOrder<S, A> {
  const variables = new VariableSets();
  const invariants = everywhereInvariants(machine.invariants);
  const unreadable = invariants.find((i) => !i.reads);
  if (unreadable || (machine.constraint && !machine.constraintReads)) {
    const what = unreadable ? `invariant ${unreadable.name}` : "the constraint";
    return {
      unavailable: `${what} does not declare the variables it reads (reads), so any action that writes may change its verdict`,
      ample: () => null,
    };
  }
  // What the invariants and the constraint read: an action that writes any of it is visible.
  const visibleVariables = variables.mask([
    ...invariants.flatMap((i) => i.reads!),
    ...(machine.constraint ? machine.constraintReads! : []),
  ]);
  let universeSize = -1;

  return {
    unavailable: null,
    ample(_state, actions, successors) {
      if (universeSize < 0) universeSize = actions.length;
      else if (actions.length !== universeSize) {
        throw new Error(
          `the model declares footprint() but actions(state) listed ${actions.length} candidate actions here and ${universeSize} in the first state: with footprints, list every action in every state and let next() return null when it is not enabled`,
        );
      }
      const masks: Masks[] = actions.map((a) => {
        const f = footprint(a);
        return { reads: variables.mask(f.reads), writes: variables.mask(f.writes) };
      });
      const enabled = successors.map((s) => s !== null);
      const enabledCount = enabled.filter(Boolean).length;
      if (enabledCount <= 1) return null;
      const visible = masks.map((m) => meets(m.writes, visibleVariables));
      const dependent = (t: number, u: number) =>
        meets(masks[t]!.writes, masks[u]!.reads) ||
        meets(masks[t]!.writes, masks[u]!.writes) ||
        meets(masks[u]!.writes, masks[t]!.reads);
      const enables = (u: number, t: number) => meets(masks[u]!.writes, masks[t]!.reads);

      let best: number[] | null = null;
      for (let key = 0; key < actions.length; key++) {
        if (!enabled[key] || visible[key]) continue;
        const ample = stubbornFrom(key, actions.length, enabled, visible, dependent, enables);
        if (ample !== null && ample.length < enabledCount && (best === null || ample.length < best.length)) {
          best = ample;
          if (best.length === 1) break;
        }
      }
      return best;
    },
  };
}

/**
 * The enabled part of the stubborn set grown from `key`, or null when it would contain an
 * enabled visible action (C2) and so cannot be used.
 */
function stubbornFrom(
  key: number,
  size: number,
  enabled: readonly boolean[],
  visible: readonly boolean[],
  dependent: (t: number, u: number) => boolean,
  enables: (u: number, t: number) => boolean,
): number[] | null {
  const member = new Uint8Array(size);
  member[key] = 1;
  const work = [key];
  const ample: number[] = [];
  while (work.length > 0) {
    const t = work.pop()!;
    if (enabled[t]) {
      if (visible[t]) return null;
      ample.push(t);
    }
    for (let u = 0; u < size; u++) {
      if (member[u]) continue;
      // (a) an enabled member brings everything dependent on it; (b) a disabled one, everything
      // that could enable it.
      if (enabled[t] ? dependent(t, u) : enables(u, t)) {
        member[u] = 1;
        work.push(u);
      }
    }
  }
  return ample.sort((a, b) => a - b);
}
