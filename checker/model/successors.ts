// The loop over a state's enabled actions, written once for everything that walks the model: the
// exhaustive search, random walks, the liveness checks of a lasso, the audits of copies and of
// symmetry. An action is enabled when next() gives a state for it (null or undefined: it is
// not). A cursor rather than a callback, so that the search's inner loop keeps its own control
// flow, and one cursor is reused from state to state, so that the hot path allocates nothing.
import { describeThrown } from "../errors.ts";
import type { StateMachine } from "./contract.ts";

/**
 * Thrown by `Successors.advance` when the model's next() throws: which action it was taking. Its
 * message is that of what the model threw, so that a caller that only describes errors reads the
 * same words as before the cursor wrapped them.
 */
export class NextThrew<A> extends Error {
  constructor(
    readonly action: A,
    readonly index: number,
    readonly thrown: unknown,
  ) {
    super(describeThrown(thrown));
  }
}

export class Successors<S, A> {
  /** After `advance` gave a successor: the index of its action among the candidates. */
  index = -1;
  /** How many enabled actions `advance` has passed so far. */
  enabled = 0;
  private state!: S;
  private actions: readonly A[] = [];

  constructor(private readonly machine: StateMachine<S, A>) {}

  /** Starts over at `state`, whose candidate actions (what actions(state) gave) are `actions`. */
  from(state: S, actions: readonly A[]): this {
    this.state = state;
    this.actions = actions;
    this.index = -1;
    this.enabled = 0;
    return this;
  }

  /** The action of the successor `advance` gave last. */
  get action(): A {
    return this.actions[this.index]!;
  }

  /**
   * The successor by the next enabled action, or null when none is left. Only numbers are
   * written back to the cursor: it lives long and the states are young, and keeping them out of
   * its fields keeps the garbage collector's write barrier off the search's hottest loop.
   */
  advance(): S | null {
    const { machine, state, actions } = this;
    for (let i = this.index + 1; i < actions.length; i++) {
      let next: S | null;
      try {
        next = machine.next(state, actions[i]!);
      } catch (error) {
        this.index = i;
        throw new NextThrew(actions[i]!, i, error);
      }
      if (next === null || next === undefined) continue;
      this.index = i;
      this.enabled++;
      return next;
    }
    this.index = actions.length;
    return null;
  }
}

/**
 * The first action on which two states disagree, each taken with its own list of candidates
 * (`same` compares two successors): a description of the difference, or null when they agree
 * on every action. What the copy audit asks of a state and its copy, and the symmetry audit of a
 * state and its renaming.
 */
export function firstDisagreement<S, A>(
  machine: StateMachine<S, A>,
  a: { readonly state: S; readonly actions: readonly A[] },
  b: { readonly state: S; readonly actions: readonly A[] },
  same: (next: S, otherNext: S) => boolean,
): {
  readonly index: number;
  readonly why: "enabled" | "successor";
  readonly enabledInFirst: boolean;
} | null {
  const one = new Successors(machine).from(a.state, a.actions);
  const other = new Successors(machine).from(b.state, b.actions);
  for (;;) {
    const next = one.advance();
    const otherNext = other.advance();
    if (next === null && otherNext === null) return null;
    if (next === null || otherNext === null || one.index !== other.index) {
      const index =
        next === null ? other.index : otherNext === null ? one.index : Math.min(one.index, other.index);
      return { index, why: "enabled", enabledInFirst: next !== null && one.index === index };
    }
    if (!same(next, otherNext)) return { index: one.index, why: "successor", enabledInFirst: true };
  }
}
