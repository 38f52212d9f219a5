// The explorer's check that a model is deterministic: the same state and action must give the
// same successor every time they are asked. A model that draws Math.random() or reads a counter
// kept outside its state explores something other than the model, and its verdict means nothing
// (a random one says "holds" on some runs and "violated" on others). The trace replay notices
// this only when there is a trace to replay; this notices it on every run.
//
// init() is evaluated twice. A sample of the states the search expands (every one of the first
// DENSE_PROBES, then one in SPARSE_EVERY) is asked for its actions and each action's successor
// twice more; the answers are compared by fingerprint, and the state itself must be unchanged
// afterwards (a model that mutates the state it was handed changes states already stored). A
// coin flip in next() escapes one sampled state with odds 1/2, and a model of a dozen states
// with odds 1/4096. A sampled state costs about three expansions, so a large search pays about
// one per cent, and a small one, all of it sampled, about twice its time.
import { fingerprint } from "../encoding/index.ts";
import type { StateMachine } from "../model/contract.ts";
import { formatAction } from "../model/format-action.ts";
import { NONDETERMINISM_CAUSES } from "../model/nondeterminism-causes.ts";

export const DENSE_PROBES = 200;
export const SPARSE_EVERY = 256;

/** Where the model gave two answers to one question; `action` is null for init() and actions(). */
export interface Nondeterminism<A> {
  readonly action: A | null;
  readonly message: string;
}

export class DeterminismProbe<S, A> {
  private expansions = 0;

  constructor(private readonly machine: StateMachine<S, A>) {}

  /** init() asked again, against the states it gave the first time. */
  initial(first: readonly S[]): Nondeterminism<A> | null {
    const again = this.machine.init();
    if (again.length !== first.length) {
      return differs<A>(null, `init() gave ${first.length} states, then ${again.length} when asked again`);
    }
    for (let i = 0; i < first.length; i++) {
      if (!this.same(first[i], again[i])) {
        return differs<A>(null, `init() gave a different initial state number ${i + 1} when asked again`);
      }
    }
    return null;
  }

  /**
   * On a sample of the states expanded: `actions` (what actions(state) gave) asked again, and
   * each action's successor twice more.
   */
  expanding(state: S, actions: readonly A[]): Nondeterminism<A> | null {
    const count = this.expansions++;
    if (count >= DENSE_PROBES && count % SPARSE_EVERY !== 0) return null;
    const machine = this.machine;
    const before = this.print(state);
    const again = machine.actions(state);
    if (again.length !== actions.length || !this.sameActions(again, actions)) {
      return differs<A>(
        null,
        "actions() gave a different list of actions when asked again in the same state",
      );
    }
    for (const action of actions) {
      if (!this.same(machine.next(state, action) ?? null, machine.next(state, action) ?? null)) {
        return differs(
          action,
          `next() gave two different results when asked twice to take ${formatAction(machine, action)} in the same state`,
        );
      }
    }
    const after = this.print(state);
    if (before[0] !== after[0] || before[1] !== after[1]) {
      return differs<A>(
        null,
        "the state changed while its successors were computed: the model mutates the state it is handed",
      );
    }
    return null;
  }

  private readonly a = new Uint32Array(2);
  private readonly b = new Uint32Array(2);

  /** Equal fingerprints (null only equal to null). */
  private same(x: unknown, y: unknown): boolean {
    if (x === null || y === null) return x === y;
    fingerprint(x, this.a);
    fingerprint(y, this.b);
    return this.a[0] === this.b[0] && this.a[1] === this.b[1];
  }

  private print(state: S): readonly [number, number] {
    fingerprint(state, this.a);
    return [this.a[0]!, this.a[1]!];
  }

  /** Equal action lists; actions that cannot be fingerprinted are compared by count alone. */
  private sameActions(x: readonly A[], y: readonly A[]): boolean {
    try {
      return this.same(x, y);
    } catch {
      return true;
    }
  }
}

function differs<A>(action: A | null, what: string): Nondeterminism<A> {
  return { action, message: `${what}; ${NONDETERMINISM_CAUSES}` };
}
