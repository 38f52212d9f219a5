// What every search strategy shares: the fingerprint store, the counters, and the one successor
// step. A strategy only decides the order in which states are expanded (checker/search/bfs.ts,
// dfs.ts); everything that happens to a state is written here, once, in TLC's order:
//   1. count it as generated;
//   2. is it inside the model's constraint? if not, drop it;
//   3. has it been seen? if so, drop it;
//   4. store it with a link to its parent;
//   5. check the invariants on it (only new states are checked);
//   6. hand it back to the strategy to be queued.

import { SuccessorFingerprinter } from "../encoding/index.ts";
import { describeThrown, StateValueError } from "../errors.ts";
import type { StateMachine } from "../model/contract.ts";
import type { Limit } from "../result.ts";
import { FingerprintStore, NO_PARENT } from "../store/fingerprint-store.ts";

/** A finding, located by the id of the state it is about; the trace is rebuilt from there. */
export type Finding =
  | { readonly kind: "invariant"; readonly stateId: number; readonly name: string; readonly message: string }
  | { readonly kind: "deadlock"; readonly stateId: number }
  | {
      readonly kind: "model-error";
      /** The state the model was working on; with `action`, the state it was asked to leave. */
      readonly stateId: number;
      readonly action: unknown;
      readonly name: "exception" | "bad-state-value";
      readonly message: string;
    };

export interface SearchLimits {
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly timeLimitSeconds: number;
  readonly checkDeadlock: boolean;
}

export interface Progress {
  readonly generatedStates: number;
  readonly distinctStates: number;
  readonly queued: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
}

/** Returned by `visit` for a state that was dropped (outside the constraint, or already seen). */
export const DROPPED = -1;
/** Returned by `visit` when the search must stop: `finding` or `stoppedBy` says why. */
export const STOP = -2;

export class Exploration<S, A> {
  readonly store = new FingerprintStore();
  generated = 0;
  depth = 0;
  finding: Finding | null = null;
  stoppedBy: Limit | null = null;
  /** Set when a state was left unexpanded because of --max-depth: the search is then not exhaustive. */
  depthBounded = false;
  private readonly fp = new Uint32Array(2);
  private readonly fingerprints = new SuccessorFingerprinter();
  private readonly invariants;
  private readonly constraint;

  constructor(
    readonly machine: StateMachine<S, A>,
    readonly limits: SearchLimits,
  ) {
    this.invariants = machine.invariants;
    this.constraint = machine.constraint?.bind(machine);
  }

  /**
   * Visits the initial states, each as a successor of nothing, passing each new one to `enqueue`.
   * Returns false when the search must stop.
   */
  visitInitial(enqueue: (state: S, id: number) => void): boolean {
    this.fingerprints.reset();
    let initial: readonly S[];
    try {
      initial = this.machine.init();
    } catch (error) {
      this.modelThrew(NO_PARENT, null, `init() threw ${describeThrown(error)}`);
      return false;
    }
    for (let i = 0; i < initial.length; i++) {
      const state = initial[i]!;
      const id = this.visit(state, NO_PARENT, null, i);
      if (id === STOP) return false;
      if (id !== DROPPED) enqueue(state, id);
    }
    this.depth = this.store.size > 0 ? 1 : 0;
    return true;
  }

  /**
   * The successor step. Returns the new state's id, DROPPED, or STOP. `step` is the index of the
   * action among its parent's candidate actions (of the state among the initial states), kept as
   * the trace link; `action` is only used to say what the model was doing if encoding fails.
   */
  visit(state: S, parent: number, action: A | null, step: number): number {
    this.generated++;
    if (
      this.constraint !== undefined &&
      !this.holdsSafely(() => this.constraint!(state), parent, action, "constraint")
    ) {
      return this.finding ? STOP : DROPPED;
    }
    const fp = this.fp;
    try {
      this.fingerprints.fingerprint(state, fp);
    } catch (error) {
      this.finding = {
        kind: "model-error",
        stateId: parent,
        action,
        name: error instanceof StateValueError ? "bad-state-value" : "exception",
        message:
          error instanceof StateValueError
            ? `the state reached by this action holds a value with no canonical encoding: ${error.message}`
            : `encoding the next state threw ${describeThrown(error)}`,
      };
      return STOP;
    }
    const id = this.store.insert(fp[0]!, fp[1]!, parent, step);
    if (id < 0) return DROPPED;
    const invariants = this.invariants;
    for (let i = 0; i < invariants.length; i++) {
      const invariant = invariants[i]!;
      let holds: boolean;
      try {
        holds = invariant.holds(state);
      } catch (error) {
        this.modelThrew(id, null, `invariant ${invariant.name} threw ${describeThrown(error)}`);
        return STOP;
      }
      if (!holds) {
        this.finding = {
          kind: "invariant",
          stateId: id,
          name: invariant.name,
          message: explainFailure(invariant, state),
        };
        return STOP;
      }
    }
    if (this.store.size >= this.limits.maxStates) {
      this.stoppedBy = "max-states";
      return STOP;
    }
    return id;
  }

  /**
   * Expands a state: visits the successor of every enabled action, passing each new one to
   * `enqueue`. Returns false when the search must stop.
   */
  expand(state: S, id: number, enqueue: (next: S, nextId: number) => void): boolean {
    const machine = this.machine;
    let actions: readonly A[];
    try {
      actions = machine.actions(state);
    } catch (error) {
      this.modelThrew(id, null, `actions() threw ${describeThrown(error)}`);
      return false;
    }
    this.fingerprints.expandFrom(state);
    let enabled = 0;
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i]!;
      let next: S | null;
      try {
        next = machine.next(state, action);
      } catch (error) {
        this.modelThrew(id, action, `next() threw ${describeThrown(error)}`);
        return false;
      }
      if (next === null || next === undefined) continue;
      enabled++;
      if (next === state) {
        // The action changed nothing and the model said so by returning the state it was given:
        // a self-loop, generated but already stored, so there is nothing to fingerprint.
        this.generated++;
        continue;
      }
      const nextId = this.visit(next, id, action, i);
      if (nextId === STOP) return false;
      if (nextId !== DROPPED) enqueue(next, nextId);
    }
    if (enabled === 0 && this.limits.checkDeadlock) {
      let terminal = false;
      if (machine.terminal !== undefined) {
        terminal = this.holdsSafely(() => machine.terminal!(state), id, null, "terminal");
        if (this.finding) return false;
      }
      if (!terminal) {
        this.finding = { kind: "deadlock", stateId: id };
        return false;
      }
    }
    return true;
  }

  progress(queued: number, seconds: number): Progress {
    const distinctStates = this.store.size;
    return {
      generatedStates: this.generated,
      distinctStates,
      queued,
      depth: this.depth,
      seconds,
      statesPerSecond: seconds > 0 ? distinctStates / seconds : 0,
    };
  }

  /** Records that the model threw while working on state `stateId` (taking `action`, if any). */
  private modelThrew(stateId: number, action: A | null, message: string): void {
    this.finding = { kind: "model-error", stateId, action, name: "exception", message };
  }

  private holdsSafely(predicate: () => boolean, stateId: number, action: A | null, what: string): boolean {
    try {
      return predicate();
    } catch (error) {
      this.modelThrew(stateId, action, `${what}() threw ${describeThrown(error)}`);
      return false;
    }
  }
}

/** The message of a failed invariant: its own explanation of this state, or its description. */
export function explainFailure<S>(
  invariant: { name: string; description?: string; explain?(state: S): string },
  state: S,
): string {
  if (invariant.explain) {
    try {
      return invariant.explain(state);
    } catch (error) {
      return `${invariant.description ?? invariant.name} (explain() threw ${describeThrown(error)})`;
    }
  }
  return invariant.description ?? `invariant ${invariant.name} is false`;
}
