// The state graph that liveness checking under fairness searches, in compressed sparse row (CSR)
// form: one array of edge targets ordered by source state, and per state the offset of its first
// edge. Each edge also records, per fairness *family* (one fairness condition of the spec, such as
// "weak fairness of Send(p) for every process p"), which *group* of that family it belongs to (the
// instance Send(p1), Send(p2), ...), so that "is group g enabled in state s" and "was an edge of g
// taken" are questions about edges alone. No per-edge objects: at millions of states a JS object
// per edge would cost several times the typed arrays below.
//
// Memory of a built graph: 4 bytes per state (offsets) and 8 + 4·F bytes per edge (target, label
// — the explorer's action index — and one group id per family).
//
// The builder (FairnessGraphBuilder) takes edges batch by batch, a batch being some of one state's
// out-edges, with states in any order, keeping them in growable typed arrays; `build` then places
// them with one counting pass (a counting sort by source state, which keeps each state's edges in
// the order they were added). An explorer that expands states in id order, as breadth-first search
// does, hands them over already sorted, and `build` only trims the arrays.

export type FairnessKind = "weak" | "strong";

export interface FairnessGraph {
  readonly stateCount: number;
  /** CSR: the edges of state s are offsets[s] .. offsets[s + 1] − 1. length stateCount + 1 */
  readonly offsets: Uint32Array;
  /** edge → target state */
  readonly targets: Uint32Array;
  /** How many fairness families there are (F); each edge belongs to at most one group per family. */
  readonly families: number;
  /** groups[e * families + f]: the group id of edge e in family f, or −1 when it belongs to none. */
  readonly groups: Int32Array;
  /** groupKind[g]: the fairness each group asks for. */
  readonly groupKind: readonly FairnessKind[];
  /** labels[e]: a number the builder's caller attached to edge e (the explorer: the action's index). */
  readonly labels: Uint32Array;
}

/** The state whose edge `edge` is: the last state whose first edge is at or before it (binary search). */
export function edgeSource(graph: FairnessGraph, edge: number): number {
  const offsets = graph.offsets;
  let lo = 0;
  let hi = graph.stateCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (offsets[mid]! <= edge) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Ids must fit the Int32 arrays of the search (fair-cycles.ts), which uses −1 as "none". */
const MAX_ID = 0x7fffffff;
const INITIAL_EDGES = 1024;
const INITIAL_BATCHES = 256;
const GROWTH = 1.5;

/**
 * Collects a fairness graph's edges, then builds its CSR form.
 *
 * Usage: declare the groups with `addGroup(kind)` (ids 0, 1, 2, ... in order), then for each state
 * call `addEdges(state, targets, groups)` once or several times (states in any order; a state's
 * edges keep the order of the calls and of each call's list, so edge ids are: state by state in
 * id order, and within a state in the order added). A state with no edges needs no call; pass its
 * count to `build` if it is the highest state, or call `addEdges(state, [], [])`. `build` may be
 * called once.
 *
 * Memory while collecting: 8 + 4·F bytes per edge and 8 bytes per batch (at most one batch per
 * state when each state's edges come in one call), in arrays that grow by half when full. `build`
 * briefly holds the collected and the placed edges both, plus 4 bytes per state for the counting
 * pass; afterwards only the graph's own arrays remain (see the file header).
 */
export class FairnessGraphBuilder {
  readonly families: number;
  private readonly kinds: FairnessKind[] = [];
  private edgeTargets = new Uint32Array(INITIAL_EDGES);
  private edgeGroups: Int32Array;
  private edgeLabels = new Uint32Array(INITIAL_EDGES);
  private edgeCount = 0;
  // Batches: batchStates[b]'s edges are batchStarts[b] .. batchStarts[b + 1] − 1 (edgeCount for the last).
  private batchStates = new Uint32Array(INITIAL_BATCHES);
  private batchStarts = new Uint32Array(INITIAL_BATCHES);
  private batchCount = 0;
  private highestState = -1;
  // While every batch's state is above the previous batch's, the edges are already in CSR order.
  private sorted = true;
  private built = false;

  constructor(families: number) {
    if (!Number.isInteger(families) || families < 0) throw new RangeError(`families: ${families}`);
    this.families = families;
    this.edgeGroups = new Int32Array(INITIAL_EDGES * families);
  }

  /** Declares the next group and returns its id. */
  addGroup(kind: FairnessKind): number {
    this.kinds.push(kind);
    return this.kinds.length - 1;
  }

  get groupCount(): number {
    return this.kinds.length;
  }

  /**
   * Adds edges from `state` to each of `targets`; `groups` is flat, F entries per edge:
   * groups[i * F + f] is the group of edge i in family f, or −1.
   */
  addEdges(
    state: number,
    targets: ArrayLike<number>,
    groups: ArrayLike<number>,
    labels: ArrayLike<number> | null = null,
  ): void {
    if (this.built) throw new Error("FairnessGraphBuilder: build() was already called");
    checkId("state", state);
    const count = targets.length;
    const F = this.families;
    if (groups.length !== count * F)
      throw new RangeError(
        `addEdges(${state}): ${count} edges need ${count * F} group ids, got ${groups.length}`,
      );
    if (labels !== null && labels.length !== count)
      throw new RangeError(`addEdges(${state}): ${count} edges need ${count} labels, got ${labels.length}`);
    if (state > this.highestState) this.highestState = state;
    if (count === 0) return;
    if (this.edgeCount + count > MAX_ID) throw new RangeError("FairnessGraphBuilder: too many edges");

    const last = this.batchCount - 1;
    if (last < 0 || this.batchStates[last] !== state) {
      if (last >= 0 && state < this.batchStates[last]!) this.sorted = false;
      if (this.batchCount === this.batchStates.length) {
        const size = Math.ceil(this.batchCount * GROWTH);
        this.batchStates = grown(this.batchStates, size);
        this.batchStarts = grown(this.batchStarts, size);
      }
      this.batchStates[this.batchCount] = state;
      this.batchStarts[this.batchCount] = this.edgeCount;
      this.batchCount++;
    }
    this.ensureEdgeRoom(this.edgeCount + count);
    for (let i = 0; i < count; i++) {
      const target = targets[i]!;
      checkId("target", target);
      if (target > this.highestState) this.highestState = target;
      this.edgeTargets[this.edgeCount + i] = target;
      this.edgeLabels[this.edgeCount + i] = labels === null ? 0 : labels[i]!;
    }
    const base = this.edgeCount * F;
    for (let i = 0; i < count * F; i++) {
      const group = groups[i]!;
      if (group !== -1 && !(Number.isInteger(group) && group >= 0 && group < this.kinds.length))
        throw new RangeError(`addEdges(${state}): group ${group} is neither −1 nor a declared group`);
      this.edgeGroups[base + i] = group;
    }
    this.edgeCount += count;
  }

  /**
   * The graph, with `stateCount` states (default: one more than the highest state or target
   * mentioned; a larger count adds states without edges).
   */
  build(stateCount = this.highestState + 1): FairnessGraph {
    if (this.built) throw new Error("FairnessGraphBuilder: build() was already called");
    if (!Number.isInteger(stateCount) || stateCount <= this.highestState || stateCount > MAX_ID)
      throw new RangeError(`build: stateCount ${stateCount}, but state ${this.highestState} was mentioned`);
    this.built = true;
    const F = this.families;
    const E = this.edgeCount;

    // Counting pass: edges per state, then prefix sums.
    const offsets = new Uint32Array(stateCount + 1);
    for (let b = 0; b < this.batchCount; b++)
      offsets[this.batchStates[b]! + 1]! += this.batchEnd(b) - this.batchStarts[b]!;
    for (let s = 0; s < stateCount; s++) offsets[s + 1]! += offsets[s]!;

    let targets: Uint32Array;
    let groups: Int32Array;
    let labels: Uint32Array;
    if (this.sorted) {
      targets = trimmed(this.edgeTargets, E);
      groups = trimmed(this.edgeGroups, E * F);
      labels = trimmed(this.edgeLabels, E);
    } else {
      targets = new Uint32Array(E);
      groups = new Int32Array(E * F);
      labels = new Uint32Array(E);
      const next = offsets.slice(0, stateCount); // where each state's next edge goes
      for (let b = 0; b < this.batchCount; b++) {
        const state = this.batchStates[b]!;
        const from = this.batchStarts[b]!;
        const to = this.batchEnd(b);
        const at = next[state]!;
        targets.set(this.edgeTargets.subarray(from, to), at);
        labels.set(this.edgeLabels.subarray(from, to), at);
        groups.set(this.edgeGroups.subarray(from * F, to * F), at * F);
        next[state] = at + (to - from);
      }
    }
    // Let the collected arrays go.
    this.edgeTargets = new Uint32Array(0);
    this.edgeGroups = new Int32Array(0);
    this.edgeLabels = new Uint32Array(0);
    this.batchStates = new Uint32Array(0);
    this.batchStarts = new Uint32Array(0);
    return { stateCount, offsets, targets, families: F, groups, groupKind: [...this.kinds], labels };
  }

  private batchEnd(b: number): number {
    return b + 1 < this.batchCount ? this.batchStarts[b + 1]! : this.edgeCount;
  }

  private ensureEdgeRoom(edges: number): void {
    if (edges <= this.edgeTargets.length) return;
    const size = Math.max(edges, Math.ceil(this.edgeTargets.length * GROWTH));
    this.edgeTargets = grown(this.edgeTargets, size);
    this.edgeLabels = grown(this.edgeLabels, size);
    this.edgeGroups = grown(this.edgeGroups, size * this.families);
  }
}

function checkId(what: string, id: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= MAX_ID)
    throw new RangeError(`${what} ${id} is not a state id`);
}

function grown<A extends Uint32Array | Int32Array>(array: A, size: number): A {
  const bigger = new (array.constructor as new (length: number) => A)(size);
  bigger.set(array);
  return bigger;
}

function trimmed<A extends Uint32Array | Int32Array>(array: A, length: number): A {
  return array.length === length ? array : (array.slice(0, length) as A);
}
