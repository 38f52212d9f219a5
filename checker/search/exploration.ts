// What every search strategy shares: the fingerprint store, the counters, and the one successor
// step. A strategy only decides the order in which states are expanded (checker/search/bfs.ts,
// dfs.ts); everything that happens to a state is written here, once, in TLC's order:
//   1. count it as generated;
//   2. is it inside the model's constraint? if not, drop it;
//   3. has it been seen? if so, drop it;
//   4. store it with a link to its parent;
//   5. check the invariants on it (only new states are checked);
//   6. hand it back to the strategy to be queued.
// With symmetry reduction, a successor is replaced by the representative of its orbit before
// step 3, and the representative is what is stored, checked and expanded. With partial-order
// reduction, `expand` takes only an ample set of the enabled actions, with the cycle proviso of
// checker/reductions/partial-order.ts.

import { SuccessorFingerprinter } from "../encoding/index.ts";
import { describeThrown, StateValueError } from "../errors.ts";
import type { Invariant, PartialOrder, StateMachine } from "../model/contract.ts";
import type { LivenessRecorder } from "../liveness/record.ts";
import { DeterminismProbe, type Nondeterminism } from "./determinism.ts";
import { emptyLedger, type PartialOrderLedger } from "../reductions/partial-order.ts";
import { SymmetryAudit, type SymmetryFault } from "../reductions/symmetry-audit.ts";
import type { Limit } from "../result.ts";
import { FingerprintStore, NO_PARENT } from "../store/fingerprint-store.ts";
import type { StateStore } from "../store/state-store.ts";

/** A finding, located by the id of the state it is about; the trace is rebuilt from there. */
export type Finding =
  | { readonly kind: "invariant"; readonly stateId: number; readonly name: string; readonly message: string }
  | { readonly kind: "deadlock"; readonly stateId: number }
  | {
      readonly kind: "model-error";
      /** The state the model was working on; with `action`, the state it was asked to leave. */
      readonly stateId: number;
      readonly action: unknown;
      readonly name: "exception" | "bad-state-value" | "nondeterministic-model" | SymmetryFault["name"];
      readonly message: string;
    };

export interface SearchLimits {
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly timeLimitSeconds: number;
  readonly checkDeadlock: boolean;
  /** --memory-limit, in bytes (Infinity: none). */
  readonly memoryLimitBytes?: number;
}

export interface Progress {
  readonly generatedStates: number;
  readonly distinctStates: number;
  readonly queued: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
}

/** Replaces a state by the representative of its symmetry orbit (checker/reductions/symmetry.ts). */
export interface Representatives<S> {
  represent(state: S): { readonly state: S; readonly perm: readonly number[] };
}

/** The reductions a search runs with (null for each one that is off), and what it records. */
export interface SearchReductions<S, A> {
  readonly partialOrder: PartialOrder<S, A> | null;
  readonly symmetry: Representatives<S> | null;
  /** For liveness: the graph of the whole search (never with a reduction). */
  readonly recorder?: LivenessRecorder<S, A> | null;
}

export const NO_REDUCTIONS: SearchReductions<never, never> = { partialOrder: null, symmetry: null };

const NO_RENAMING: readonly number[] = [];

/** Returned by `visit` for a state that was dropped (outside the constraint, or already seen). */
export const DROPPED = -1;
/** Returned by `visit` when the search must stop: `finding` or `stoppedBy` says why. */
export const STOP = -2;

export class Exploration<S, A> {
  readonly store: StateStore;
  generated = 0;
  depth = 0;
  finding: Finding | null = null;
  stoppedBy: Limit | null = null;
  /** Set when a state was left unexpanded because of --max-depth: the search is then not exhaustive. */
  depthBounded = false;
  /** What partial-order reduction did (when it is on). */
  readonly partialOrderLedger: PartialOrderLedger = emptyLedger();
  /** Successors that symmetry reduction replaced by another member of their orbit. */
  renamedStates = 0;
  private readonly fp = new Uint32Array(2);
  private readonly fingerprints = new SuccessorFingerprinter();
  private readonly invariants: readonly Invariant<S>[];
  private readonly endInvariants: readonly Invariant<S>[];
  private readonly constraint;
  private readonly partialOrder: PartialOrder<S, A> | null;
  private readonly symmetry: Representatives<S> | null;
  /** With symmetry reduction: the checks that the model's symmetry declaration holds. */
  private readonly symmetryAudit: SymmetryAudit<S, A> | null;
  private readonly recorder: LivenessRecorder<S, A> | null;
  private readonly determinism: DeterminismProbe<S, A>;
  /** With partial-order reduction: which states have been expanded (the proviso's closed set). */
  private expanded = new Uint8Array(0);

  constructor(
    readonly machine: StateMachine<S, A>,
    readonly limits: SearchLimits,
    reductions: SearchReductions<S, A> = NO_REDUCTIONS,
    /** The store to fill; by default a new one-thread store. */
    store?: StateStore,
  ) {
    this.invariants = machine.invariants.filter((i) => !i.atEnd);
    this.endInvariants = machine.invariants.filter((i) => i.atEnd);
    this.constraint = machine.constraint?.bind(machine);
    this.partialOrder = reductions.partialOrder;
    this.symmetry = reductions.symmetry;
    this.symmetryAudit = this.symmetry !== null && machine.symmetry ? new SymmetryAudit(machine) : null;
    this.recorder = reductions.recorder ?? null;
    this.determinism = new DeterminismProbe(machine);
    if (this.recorder !== null && (this.partialOrder !== null || this.symmetry !== null)) {
      throw new Error("the liveness graph is recorded only without reductions");
    }
    this.store =
      store ?? new FingerprintStore({ trackIds: this.partialOrder !== null || this.recorder !== null });
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
    if (!this.deterministic(() => this.determinism.initial(initial), NO_PARENT)) return false;
    for (let i = 0; i < initial.length; i++) {
      const state = initial[i]!;
      const id = this.visit(state, NO_PARENT, null, i);
      if (id === STOP) return false;
      if (id !== DROPPED) enqueue(this.symmetry === null ? state : this.lastVisited!, id);
    }
    this.depth = this.store.size > 0 ? 1 : 0;
    return true;
  }

  /**
   * The successor step. Returns the new state's id, DROPPED, or STOP. `step` is the index of the
   * action among its parent's candidate actions (of the state among the initial states), kept as
   * the trace link; `action` is only used to say what the model was doing if encoding fails.
   */
  visit(successor: S, parent: number, action: A | null, step: number): number {
    this.generated++;
    // Set by the store when the state turns out to be stored already: which one it is.
    this.store.foundId = -1;
    if (
      this.constraint !== undefined &&
      !this.holdsSafely(() => this.constraint!(successor), parent, action, "constraint")
    ) {
      return this.finding ? STOP : DROPPED;
    }
    let state = successor;
    let renaming: readonly number[] = NO_RENAMING;
    if (this.symmetry !== null) {
      try {
        ({ state, perm: renaming } = this.symmetry.represent(successor));
      } catch (error) {
        this.modelThrew(parent, action, `symmetry (permute or signature) threw ${describeThrown(error)}`);
        return STOP;
      }
      if (state !== successor) {
        this.renamedStates++;
        if (!this.audited(() => this.symmetryAudit?.renamed(successor, state) ?? null, parent, action)) {
          return STOP;
        }
      }
      this.lastVisited = state;
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
      if (!this.checkInvariant(invariants[i]!, state, id)) return STOP;
    }
    if (
      this.symmetryAudit !== null &&
      !this.audited(() => this.symmetryAudit!.stored(successor, state, renaming), parent, action)
    ) {
      return STOP;
    }
    if (this.recorder !== null) {
      try {
        this.recorder.recordState(id, state);
      } catch (error) {
        this.modelThrew(id, null, `a liveness property threw ${describeThrown(error)}`);
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
   * With symmetry reduction: the representative that the last `visit` stored or found, which is
   * what must be queued (the successor itself may be another member of its orbit).
   */
  lastVisited: S | null = null;

  /**
   * Expands a state: visits the successor of every enabled action (of an ample set of them, with
   * partial-order reduction), passing each new one to `enqueue`. Returns false when the search
   * must stop.
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
    if (!this.deterministic(() => this.determinism.expanding(state, actions), id)) return false;
    this.fingerprints.expandFrom(state);
    const queue =
      this.symmetry === null ? enqueue : (_: S, nextId: number) => enqueue(this.lastVisited!, nextId);
    let enabled: number;
    const recorder = this.recorder;
    recorder?.beginState(id);
    if (this.partialOrder === null) {
      enabled = 0;
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
          recorder?.addEdge(id, i, action);
          continue;
        }
        const nextId = this.visit(next, id, action, i);
        if (nextId === STOP) return false;
        if (nextId !== DROPPED) queue(next, nextId);
        if (recorder !== null) {
          const target = nextId !== DROPPED ? nextId : this.store.foundId;
          if (target >= 0) recorder.addEdge(target, i, action);
        }
      }
    } else {
      const result = this.expandReduced(state, id, actions, queue);
      if (result < 0) return false;
      enabled = result;
    }
    return enabled > 0 || this.atEnd(state, id);
  }

  /**
   * Partial-order reduction's expansion: all successors are computed (to know what is enabled),
   * an ample set of them is visited, and the rest too when the cycle proviso says so. Returns
   * how many actions were enabled, or -1 when the search must stop.
   */
  private expandReduced(
    state: S,
    id: number,
    actions: readonly A[],
    enqueue: (next: S, nextId: number) => void,
  ): number {
    this.markExpanded(id);
    const successors: (S | null)[] = new Array(actions.length);
    let enabled = 0;
    for (let i = 0; i < actions.length; i++) {
      let next: S | null;
      try {
        next = this.machine.next(state, actions[i]!);
      } catch (error) {
        this.modelThrew(id, actions[i]!, `next() threw ${describeThrown(error)}`);
        return -1;
      }
      successors[i] = next ?? null;
      if (successors[i] !== null) enabled++;
    }
    let ample: readonly number[] | null;
    try {
      ample = enabled > 1 ? this.partialOrder!.ample(state, actions, successors) : null;
    } catch (error) {
      this.modelThrew(id, null, `partial-order reduction: ${describeThrown(error)}`);
      return -1;
    }
    const visited = new Uint8Array(actions.length);
    // Visits action i; returns false to stop, and notes whether it led to an expanded state.
    let closedSuccessor = false;
    const take = (i: number): boolean => {
      visited[i] = 1;
      const next = successors[i]!;
      if (next === state) {
        this.generated++;
        closedSuccessor = true;
        return true;
      }
      const nextId = this.visit(next, id, actions[i]!, i);
      if (nextId === STOP) return false;
      if (nextId !== DROPPED) enqueue(next, nextId);
      else if (this.store.foundId >= 0 && this.isExpanded(this.store.foundId)) closedSuccessor = true;
      return true;
    };
    if (ample !== null && ample.length > 0 && ample.length < enabled) {
      for (const i of ample) if (successors[i] !== null && !take(i)) return -1;
      if (!closedSuccessor) {
        this.partialOrderLedger.reducedStates++;
        this.partialOrderLedger.prunedTransitions += enabled - ample.length;
        return enabled;
      }
      this.partialOrderLedger.provisoExpansions++;
    }
    for (let i = 0; i < actions.length; i++) {
      if (successors[i] !== null && !visited[i] && !take(i)) return -1;
    }
    return enabled;
  }

  /**
   * A state with nothing enabled: checks the invariants that hold only at end states, then
   * whether it is a deadlock. Returns false when the search must stop.
   */
  private atEnd(state: S, id: number): boolean {
    for (const invariant of this.endInvariants) {
      if (!this.checkInvariant(invariant, state, id)) return false;
    }
    if (!this.limits.checkDeadlock) return true;
    if (this.machine.terminal !== undefined) {
      const terminal = this.holdsSafely(() => this.machine.terminal!(state), id, null, "terminal");
      if (this.finding) return false;
      if (terminal) return true;
    }
    this.finding = { kind: "deadlock", stateId: id };
    return false;
  }

  private checkInvariant(invariant: Invariant<S>, state: S, id: number): boolean {
    let holds: boolean;
    try {
      holds = invariant.holds(state);
    } catch (error) {
      this.modelThrew(id, null, `invariant ${invariant.name} threw ${describeThrown(error)}`);
      return false;
    }
    if (!holds) {
      this.finding = {
        kind: "invariant",
        stateId: id,
        name: invariant.name,
        message: explainFailure(invariant, state),
      };
    }
    return holds;
  }

  private markExpanded(id: number): void {
    if (id >= this.expanded.length) {
      const grown = new Uint8Array(Math.max(1024, (id + 1) * 2));
      grown.set(this.expanded);
      this.expanded = grown;
    }
    this.expanded[id] = 1;
  }

  private isExpanded(id: number): boolean {
    return id < this.expanded.length && this.expanded[id] === 1;
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

  /**
   * Runs one of the symmetry audit's checks on the step from `parent` by `action`; false (with
   * the finding set) when the declaration does not hold or the model threw.
   */
  private audited(check: () => SymmetryFault | null, parent: number, action: A | null): boolean {
    let fault: SymmetryFault | null;
    try {
      fault = check();
    } catch (error) {
      this.modelThrew(parent, action, `checking the model's symmetry threw ${describeThrown(error)}`);
      return false;
    }
    if (fault === null) return true;
    this.finding = { kind: "model-error", stateId: parent, action, name: fault.name, message: fault.message };
    return false;
  }

  /**
   * Runs one of the determinism probe's checks on state `stateId`; false (with the finding set)
   * when the model gave two answers. A probe that throws is passed over: the search itself asks
   * the same questions next and reports what throws there.
   */
  private deterministic(probe: () => Nondeterminism<A> | null, stateId: number): boolean {
    let found: Nondeterminism<A> | null;
    try {
      found = probe();
    } catch {
      return true;
    }
    if (found === null) return true;
    this.finding = {
      kind: "model-error",
      stateId,
      action: found.action,
      name: "nondeterministic-model",
      message: found.message,
    };
    return false;
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
