// What every search strategy shares: the fingerprint store, the counts, and the one successor
// step. A strategy only decides the order in which states are expanded (checker/search/bfs.ts,
// dfs.ts) and tells the exploration what it did (a level reached, a state cut at --max-depth, a
// limit); the counts are written here and nowhere else. Everything that happens to a state is
// written here, once, in TLC's order:
//   1. count it as generated;
//   2. is it inside the model's constraint? if not, drop it;
//   3. has it been seen? if so, drop it;
//   4. store it with a link to its parent;
//   5. check the invariants on it (only new states are checked);
//   6. hand it back to the strategy to be queued.
// With symmetry reduction, a successor is replaced by the representative of its orbit before
// step 3, and the representative is what is stored, checked and expanded. With partial-order
// reduction, `expand` takes only an ample set of the enabled actions, with the cycle proviso of
// checker/reductions/partial-order.ts. A visit's outcome is a value (`Visited`), and a liveness
// check watches the search as an observer that is told of states and edges.

import { SuccessorFingerprinter } from "../encoding/index.ts";
import { describeThrown, StateValueError } from "../errors.ts";
import type { Invariant, PartialOrder, StateMachine } from "../model/contract.ts";
import { NextThrew, Successors } from "../model/successors.ts";
import { DeterminismProbe, type Nondeterminism } from "./determinism.ts";
import { emptyLedger, type PartialOrderLedger } from "../reductions/partial-order.ts";
import { SymmetryAudit, type SymmetryFault } from "../reductions/symmetry-audit.ts";
import type { Limit } from "../result.ts";
import { FingerprintStore, NO_PARENT } from "../store/fingerprint-store.ts";
import { seenId, type StateStore } from "../store/state-store.ts";

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

/**
 * Told of every state the search stores and every edge it takes: what a liveness check records
 * (checker/liveness/record.ts). A search without liveness has none, and pays nothing for it.
 */
export interface SearchObserver<S, A> {
  /** A new state (its predicates may throw: the search reports it as the model's error). */
  stored(id: number, state: S): void;
  /** State `id` is being expanded: the edges that follow are its own. */
  expanding(id: number): void;
  /** An edge of the state being expanded, to `target`, by its action number `index`, from `from` to `to`. */
  edge(target: number, index: number, action: A, from: S, to: S): void;
  /**
   * The state being expanded is done: `enabled` actions were enabled in it, and `cut` of their
   * successors fell outside the model's constraint (so they have no edge).
   */
  expanded?(id: number, enabled: number, cut: number): void;
}

/** The reductions a search runs with (null for each one that is off), and who watches it. */
export interface SearchReductions<S, A> {
  readonly partialOrder: PartialOrder<S, A> | null;
  readonly symmetry: Representatives<S> | null;
  /** For liveness: the graph of the whole search (never with a reduction). */
  readonly observer?: SearchObserver<S, A> | null;
}

export const NO_REDUCTIONS: SearchReductions<never, never> = { partialOrder: null, symmetry: null };

const NO_RENAMING: readonly number[] = [];

/**
 * What `visit` did with a successor. `state` is what was stored or found: under symmetry, the
 * representative of the successor's orbit, which is what must be queued. A seen state's `id` is
 * −1 when the store does not track ids (only partial-order reduction and liveness need it).
 * One object is reused from visit to visit, so that the hot path allocates nothing: read it
 * before the next visit.
 */
export type Visited<S> =
  | { readonly kind: "new"; readonly id: number; readonly state: S }
  | { readonly kind: "seen"; readonly id: number; readonly state: S }
  /** Outside the model's constraint. */
  | { readonly kind: "dropped" }
  /** The search must stop: `finding` or `stoppedBy` says why. */
  | { readonly kind: "stop" };

class VisitedSlot<S> {
  kind: Visited<S>["kind"] = "dropped";
  id = -1;
  state: S | null = null;
}

/** Counts that other threads' explorers made, added into this one's (checker/search/parallel). */
export interface CountsElsewhere {
  readonly generated: number;
  readonly renamedStates: number;
}

export class Exploration<S, A> {
  readonly store: StateStore;
  // The counts, written here only: strategies say what happened through the methods below.
  private generatedCount = 0;
  private depthReached = 0;
  private cutByDepth = false;
  private renamed = 0;
  private found: Finding | null = null;
  private limit: Limit | null = null;
  /** What partial-order reduction did (when it is on). */
  readonly partialOrderLedger: PartialOrderLedger = emptyLedger();
  private readonly fp = new Uint32Array(2);
  private readonly fingerprints = new SuccessorFingerprinter();
  private readonly steps: Successors<S, A>;
  private readonly visited = new VisitedSlot<S>();
  private readonly invariants: readonly Invariant<S>[];
  private readonly endInvariants: readonly Invariant<S>[];
  private readonly constraint;
  private readonly partialOrder: PartialOrder<S, A> | null;
  private readonly symmetry: Representatives<S> | null;
  /** With symmetry reduction: the checks that the model's symmetry declaration holds. */
  private readonly symmetryAudit: SymmetryAudit<S, A> | null;
  private readonly observer: SearchObserver<S, A> | null;
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
    this.steps = new Successors(machine);
    this.partialOrder = reductions.partialOrder;
    this.symmetry = reductions.symmetry;
    this.symmetryAudit = this.symmetry !== null && machine.symmetry ? new SymmetryAudit(machine) : null;
    this.observer = reductions.observer ?? null;
    this.determinism = new DeterminismProbe(machine);
    if (this.observer !== null && (this.partialOrder !== null || this.symmetry !== null)) {
      throw new Error("the liveness graph is recorded only without reductions");
    }
    this.store =
      store ?? new FingerprintStore({ trackIds: this.partialOrder !== null || this.observer !== null });
  }

  /** Successors generated, stored or not (self-loops included). */
  get generated(): number {
    return this.generatedCount;
  }

  /** The depth of the deepest states found: 1 for the initial states. */
  get depth(): number {
    return this.depthReached;
  }

  /** Whether a state was left unexpanded because of --max-depth: the search is then not exhaustive. */
  get depthBounded(): boolean {
    return this.cutByDepth;
  }

  /** Successors that symmetry reduction replaced by another member of their orbit. */
  get renamedStates(): number {
    return this.renamed;
  }

  /** What stopped the search, if a violation or a model error did. */
  get finding(): Finding | null {
    return this.found;
  }

  /** What stopped the search, if a limit did: a finding outranks it. */
  get stoppedBy(): Limit | null {
    return this.found === null ? this.limit : null;
  }

  /** States of depth `depth` were found. */
  reached(depth: number): void {
    if (depth > this.depthReached) this.depthReached = depth;
  }

  /** A state was left unexpanded at --max-depth. */
  cutAtDepth(): void {
    this.cutByDepth = true;
  }

  /** The search stops on a limit; the first one given is the one reported. */
  stop(limit: Limit): void {
    this.limit ??= limit;
  }

  /** Another thread's explorer found this (the caller chooses among several): it is the verdict. */
  foundElsewhere(finding: Finding): void {
    this.found = finding;
  }

  /** Adds what other threads' explorers counted. */
  addCounts(counts: CountsElsewhere): void {
    this.generatedCount += counts.generated;
    this.renamed += counts.renamedStates;
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
      return this.modelThrew(NO_PARENT, null, `init() threw ${describeThrown(error)}`);
    }
    if (!this.deterministic(() => this.determinism.initial(initial), NO_PARENT)) return false;
    for (let i = 0; i < initial.length; i++) {
      const visited = this.visit(initial[i]!, NO_PARENT, null, i);
      if (visited.kind === "stop") return false;
      if (visited.kind === "new") enqueue(visited.state, visited.id);
    }
    this.depthReached = this.store.size > 0 ? 1 : 0;
    return true;
  }

  /**
   * Expands a state: visits the successor of every enabled action (of an ample set of them, with
   * partial-order reduction), passing each new one to `enqueue`. Returns false when the search
   * must stop.
   */
  expand(state: S, id: number, enqueue: (next: S, nextId: number) => void): boolean {
    let actions: readonly A[];
    try {
      actions = this.machine.actions(state);
    } catch (error) {
      return this.modelThrew(id, null, `actions() threw ${describeThrown(error)}`);
    }
    if (!this.deterministic(() => this.determinism.expanding(state, actions), id)) return false;
    this.fingerprints.expandFrom(state);
    const observer = this.observer;
    observer?.expanding(id);
    const steps = this.steps.from(state, actions);
    try {
      if (this.partialOrder !== null) {
        if (!this.expandReduced(state, id, actions, enqueue)) return false;
      } else {
        let cut = 0;
        for (;;) {
          const next = steps.advance();
          if (next === null) break;
          const i = steps.index;
          if (next === state) {
            // The action changed nothing and the model said so by returning the state it was
            // given: a self-loop, generated but already stored, so there is nothing to fingerprint.
            this.generatedCount++;
            observer?.edge(id, i, actions[i]!, state, state);
            continue;
          }
          const visited = this.visit(next, id, actions[i]!, i);
          if (visited.kind === "stop") return false;
          if (visited.kind === "new") enqueue(visited.state, visited.id);
          if (observer !== null) {
            if (visited.kind === "dropped") cut++;
            else observer.edge(visited.id, i, actions[i]!, state, next);
          }
        }
        observer?.expanded?.(id, steps.enabled, cut);
      }
    } catch (error) {
      if (!(error instanceof NextThrew)) throw error;
      return this.modelThrew(id, error.action as A, `next() threw ${describeThrown(error.thrown)}`);
    }
    return steps.enabled > 0 || this.atEnd(state, id);
  }

  /**
   * The successor step, in TLC's order (the numbers of the comment at the top of this file).
   * `step` is the index of the action among its parent's candidate actions (of the state among
   * the initial states), kept as the trace link; `action` is only used to say what the model was
   * doing if something fails.
   */
  visit(successor: S, parent: number, action: A | null, step: number): Visited<S> {
    this.generatedCount++; // 1
    if (
      this.constraint !== undefined &&
      !this.holdsSafely(() => this.constraint!(successor), parent, action, "constraint")
    ) {
      return this.found !== null ? this.answer("stop") : this.answer("dropped"); // 2
    }
    let state = successor;
    let renaming: readonly number[] = NO_RENAMING;
    if (this.symmetry !== null) {
      try {
        ({ state, perm: renaming } = this.symmetry.represent(successor));
      } catch (error) {
        this.modelThrew(parent, action, `symmetry (permute or signature) threw ${describeThrown(error)}`);
        return this.answer("stop");
      }
      if (state !== successor) {
        this.renamed++;
        if (!this.audited(() => this.symmetryAudit?.renamed(successor, state) ?? null, parent, action)) {
          return this.answer("stop");
        }
      }
    }
    const fp = this.fp;
    try {
      this.fingerprints.fingerprint(state, fp);
    } catch (error) {
      this.found = {
        kind: "model-error",
        stateId: parent,
        action,
        name: error instanceof StateValueError ? "bad-state-value" : "exception",
        message:
          error instanceof StateValueError
            ? `the state reached by this action holds a value with no canonical encoding: ${error.message}`
            : `encoding the next state threw ${describeThrown(error)}`,
      };
      return this.answer("stop");
    }
    const id = this.store.insert(fp[0]!, fp[1]!, parent, step); // 3, 4
    if (id < 0) return this.answer("seen", seenId(id), state);
    const invariants = this.invariants;
    for (let i = 0; i < invariants.length; i++) {
      if (!this.checkInvariant(invariants[i]!, state, id)) return this.answer("stop"); // 5
    }
    if (
      this.symmetryAudit !== null &&
      !this.audited(() => this.symmetryAudit!.stored(successor, state, renaming), parent, action)
    ) {
      return this.answer("stop");
    }
    if (this.observer !== null) {
      try {
        this.observer.stored(id, state);
      } catch (error) {
        this.modelThrew(id, null, `a liveness property threw ${describeThrown(error)}`);
        return this.answer("stop");
      }
    }
    if (this.store.size >= this.limits.maxStates) {
      this.stop("max-states");
      return this.answer("stop");
    }
    return this.answer("new", id, state); // 6
  }

  private answer(kind: Visited<S>["kind"], id = -1, state: S | null = null): Visited<S> {
    const slot = this.visited;
    slot.kind = kind;
    slot.id = id;
    slot.state = state;
    return slot as Visited<S>;
  }

  /**
   * Partial-order reduction's expansion: all successors are computed (to know what is enabled),
   * an ample set of them is visited, and the rest too when the cycle proviso says so. Returns
   * false when the search must stop; the successors are computed with `this.steps`, which then
   * counts the enabled actions.
   */
  private expandReduced(
    state: S,
    id: number,
    actions: readonly A[],
    enqueue: (next: S, nextId: number) => void,
  ): boolean {
    this.markExpanded(id);
    const successors: (S | null)[] = new Array<S | null>(actions.length).fill(null);
    const steps = this.steps;
    for (let next = steps.advance(); next !== null; next = steps.advance()) successors[steps.index] = next;
    const enabled = steps.enabled;
    let ample: readonly number[] | null;
    try {
      ample = enabled > 1 ? this.partialOrder!.ample(state, actions, successors) : null;
    } catch (error) {
      return this.modelThrew(id, null, `partial-order reduction: ${describeThrown(error)}`);
    }
    const taken = new Uint8Array(actions.length);
    // Visits action i; returns false to stop, and notes whether it led to an expanded state.
    let closedSuccessor = false;
    const take = (i: number): boolean => {
      taken[i] = 1;
      const next = successors[i]!;
      if (next === state) {
        this.generatedCount++;
        closedSuccessor = true;
        return true;
      }
      const visited = this.visit(next, id, actions[i]!, i);
      if (visited.kind === "stop") return false;
      if (visited.kind === "new") enqueue(visited.state, visited.id);
      else if (visited.kind === "seen" && this.isExpanded(visited.id)) closedSuccessor = true;
      return true;
    };
    if (ample !== null && ample.length > 0 && ample.length < enabled) {
      for (const i of ample) if (successors[i] !== null && !take(i)) return false;
      if (!closedSuccessor) {
        this.partialOrderLedger.reducedStates++;
        this.partialOrderLedger.prunedTransitions += enabled - ample.length;
        return true;
      }
      this.partialOrderLedger.provisoExpansions++;
    }
    for (let i = 0; i < actions.length; i++) {
      if (successors[i] !== null && !taken[i] && !take(i)) return false;
    }
    return true;
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
      if (this.found !== null) return false;
      if (terminal) return true;
    }
    this.found = { kind: "deadlock", stateId: id };
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
      this.found = {
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
    this.found = { kind: "model-error", stateId: parent, action, name: fault.name, message: fault.message };
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
    this.found = {
      kind: "model-error",
      stateId,
      action: found.action,
      name: "nondeterministic-model",
      message: found.message,
    };
    return false;
  }

  /**
   * Records that the model threw while working on state `stateId` (taking `action`, if any);
   * false, for the search must stop.
   */
  private modelThrew(stateId: number, action: A | null, message: string): false {
    this.found = { kind: "model-error", stateId, action, name: "exception", message };
    return false;
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
