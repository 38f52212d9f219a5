// Fair lassos: does the graph have an infinite behaviour that starts at a root, stays inside a
// given set of states, and is fair — and if so, one of them as a lasso (a stem, then a loop
// repeated forever)? This is the question at the heart of liveness checking: a liveness property
// fails exactly when a fair behaviour avoids what it promises, and the caller (the liveness
// checker) reduces "avoids what it promises" to `inside` (states the behaviour must stay in) and
// `mustVisit` (states its loop must keep coming back to).
//
// What "fair" means (TLA+; Lamport, Specifying Systems, 2002, ch. 8): every edge belongs to at most
// one group per fairness family (graph.ts); group g is *enabled* in state s when some edge out of s
// belongs to g — any edge of the graph, even one leaving `inside`, since enabledness is a property
// of the system and not of the behaviour we look for. Weak fairness of g: if g is enabled in every
// state from some point on, g's edges are taken infinitely often. Strong fairness: if g is enabled
// infinitely often, g's edges are taken infinitely often. Every state may also *stutter* (repeat
// itself, in no group), so "stuttering forever in s" is a behaviour, fair when s enables no group.
//
// The method. For an infinite path, let C be the edges it takes infinitely often: they are
// strongly connected, and the path is fair iff C is (weak g: some state of C does not enable g, or
// C has an edge of g; strong g: no state of C enables g, or C has an edge of g). Conversely any
// strongly connected edge set passing that test can be walked forever fairly. So we look for such
// sets among the states reachable from the roots through `inside`:
//   1. Reachability: breadth-first search from the roots through inside states, keeping each
//      state's BFS rank and the edge that first reached it, so that stems are shortest.
//   2. Decompose the reached subgraph into strongly connected components with Tarjan's algorithm
//      (Tarjan 1972, "Depth-first search and linear graph algorithms", SIAM J. Comput. 1(2)), run
//      with an explicit stack: graphs have millions of states, far beyond the JS call stack.
//   3. Judge each component C with at least one edge inside it (Emerson & Lei 1987, "Modalities
//      for model checking: branching time logic strikes back", Sci. Comput. Program. 8(3): fair
//      SCCs, refined for strong fairness):
//      - a weak group enabled in every state of C and never taken inside C, or a `mustVisit` that C
//        misses, rules out C and every subset of it: drop C;
//      - a strong group enabled somewhere in C and never taken inside C rules out every loop that
//        passes a state enabling it: remove those states and decompose the rest of C again (step 2
//        on the remainder). A removed group is never enabled below, so this ends;
//      - otherwise C is fair: all its internal edges together form a fair set.
//      This is the Streett-emptiness refinement as in Latvala & Heljanko, "Coping with strong
//      fairness" (Fundamenta Informaticae 43, 2000) and Baier & Katoen, Principles of Model
//      Checking (2008), §6.5 (fair states under strong fairness, by repeated SCC decomposition);
//      we use the plain recursive refinement (kept on an explicit worklist), not the faster
//      Streett-emptiness algorithms of Henzinger & Telle (1996).
//   4. Stutter loops: a reached state that enables no group (and is a mustVisit state, if asked).
//   5. Among all fair components and stutter states, keep the state of smallest BFS rank (nearest a
//      root). For a component, build a loop from that state back to itself that meets every
//      obligation: an edge of each weak group enabled in all of C, a state not enabling each weak
//      group enabled in only part of C (or an edge of it), an edge of each strong group enabled in
//      C, and a mustVisit state — each time by a shortest path (BFS inside C) to the nearest unmet
//      obligation, then a shortest path home. The loop's edge set then passes the test above.
//
// Complexity, for N states and E edges reached, F families, G groups, S of them strong: the BFS is
// O(N + E); a decomposition round is linear in the states it covers and their edges, O(n + e·F)
// with the fairness tally; a state takes part in at most min(N, S + 1) rounds (each refinement
// removes a state, and the groups it removes for can never be violated again below it). Total
// O((N + E·F) · min(N, S + 1)) — O(N + E·F) with weak fairness only — plus, to build a loop
// meeting k ≤ G + 1 obligations in the chosen component, k breadth-first searches of it, each
// O(n·G + e·F) at worst (O(n + e·F) unless a weak group is enabled in only part of it).
//
// Memory: about 36 bytes per state of the graph (nine Int32Array columns: BFS rank, parent edge,
// queue, component label, Tarjan index, low-link, Tarjan stack, call-stack state and edge cursor;
// the later phases reuse them), plus 12 bytes per state for the refinement worklist once a strong
// group is violated, and about 18 bytes per group. Nothing per edge: the graph is read in place.
// State and edge ids must be below 2^31.

import { edgeSource, type FairnessGraph } from "./graph.ts";

export interface FairLassoQuery {
  /** States the behaviour starts from (all inside). */
  readonly roots: readonly number[];
  /** inside[s] = 1: the behaviour must stay in such states from its root on (stem and loop). */
  readonly inside: Uint8Array;
  /** When given, the loop must pass through a state with mustVisit[s] = 1 (a stutter loop: its state must be one). */
  readonly mustVisit: Uint8Array | null;
}

export interface FairLasso {
  readonly root: number;
  /** Edge ids from the root to the loop's first state (empty when the loop starts at the root). */
  readonly stem: readonly number[];
  /** Edge ids of the loop, from its first state back to it; empty for a stutter loop. */
  readonly loop: readonly number[];
  /** The loop's first state (for a stutter loop, the state stuttered in). */
  readonly loopState: number;
}

/**
 * A fair behaviour from one of `query.roots` that stays in `query.inside` (and whose loop passes
 * `query.mustVisit`), as a lasso whose loop starts as near a root as any fair loop does; null
 * when there is none. Roots outside `inside` start no behaviour.
 */
export function findFairLasso(graph: FairnessGraph, query: FairLassoQuery): FairLasso | null {
  const n = graph.stateCount;
  if (query.inside.length < n)
    throw new RangeError(`inside has ${query.inside.length} entries for ${n} states`);
  if (query.mustVisit !== null && query.mustVisit.length < n)
    throw new RangeError(`mustVisit has ${query.mustVisit.length} entries for ${n} states`);
  for (const root of query.roots)
    if (!Number.isInteger(root) || root < 0 || root >= n) throw new RangeError(`root ${root} is not a state`);
  if (graph.targets.length > 0x7fffffff) throw new RangeError("findFairLasso: too many edges");
  return new FairLassoSearch(graph, query).run();
}

const NONE = -1;
/** The component label of every reached state before the first decomposition. */
const ALL_REACHED = 0;
/** Marks a state collected by LoopBuilder.collectMembers (Tarjan indices are ≥ −1, stamps ≥ 1). */
const COLLECTED = -2;

/**
 * Steps 1–4. Fields without `private` are the columns LoopBuilder borrows once the search is over.
 */
class FairLassoSearch {
  readonly graph: FairnessGraph;
  readonly offsets: Uint32Array;
  readonly targets: Uint32Array;
  readonly groups: Int32Array;
  readonly F: number;
  /** weak[g] = 1 for a weak group, 0 for a strong one. */
  readonly weak: Uint8Array;
  private readonly roots: readonly number[];
  private readonly inside: Uint8Array;
  readonly mustVisit: Uint8Array | null;

  // Per state. `order` is the BFS queue, then the members of the set being decomposed, then
  // LoopBuilder's BFS queue. `label` is the candidate set a state is in: ALL_REACHED, then its
  // component's label; NONE if unreached or dropped by a refinement.
  private readonly rank: Int32Array;
  private readonly parentEdge: Int32Array;
  readonly order: Int32Array;
  readonly label: Int32Array;
  readonly index: Int32Array;
  readonly low: Int32Array;
  readonly sccStack: Int32Array;
  private readonly callState: Int32Array;
  private readonly callEdge: Int32Array;
  private reachedCount = 0;
  private nextLabel = ALL_REACHED + 1;

  // Sets still to decompose after a strong-fairness refinement: set i is labelled setLabel[i] and
  // its states are pool[setStart[i] .. setStart[i + 1]) (.. poolTop for the last). Sets in the
  // pool are disjoint, so n entries suffice. Allocated on first use.
  private pool: Int32Array | null = null;
  private setStart: Int32Array | null = null;
  private setLabel: Int32Array | null = null;
  private poolTop = 0;
  private setCount = 0;

  // Per group, the tally of one component (see `tally`). `touched` lists the groups enabled in
  // it, the only entries to clear afterwards (a group taken inside is enabled at the edge's source).
  readonly enabledHere: Uint8Array;
  private readonly stateGroups: Int32Array;
  readonly enabledCount: Int32Array;
  private readonly taken: Uint8Array;
  private readonly violated: Uint8Array;
  readonly touched: Int32Array;
  touchedCount = 0;
  private sawMustVisit = false;

  // The best fair loop so far: its state, that state's rank, and its component (NONE: stutter).
  private bestState = NONE;
  private bestRank = 0x7fffffff;
  private bestLabel = NONE;

  constructor(graph: FairnessGraph, query: FairLassoQuery) {
    const n = graph.stateCount;
    const G = graph.groupKind.length;
    this.graph = graph;
    this.offsets = graph.offsets;
    this.targets = graph.targets;
    this.groups = graph.groups;
    this.F = graph.families;
    this.weak = Uint8Array.from(graph.groupKind, (kind) => (kind === "weak" ? 1 : 0));
    this.roots = query.roots;
    this.inside = query.inside;
    this.mustVisit = query.mustVisit;
    this.rank = new Int32Array(n).fill(NONE);
    this.parentEdge = new Int32Array(n);
    this.order = new Int32Array(n);
    this.label = new Int32Array(n).fill(NONE);
    this.index = new Int32Array(n);
    this.low = new Int32Array(n);
    this.sccStack = new Int32Array(n);
    this.callState = new Int32Array(n);
    this.callEdge = new Int32Array(n);
    this.enabledHere = new Uint8Array(G);
    this.stateGroups = new Int32Array(G);
    this.enabledCount = new Int32Array(G);
    this.taken = new Uint8Array(G);
    this.violated = new Uint8Array(G);
    this.touched = new Int32Array(G);
  }

  run(): FairLasso | null {
    this.reach();
    if (this.bestRank > 0) this.findFairComponents(); // nothing beats a stutter loop at a root
    if (this.bestState === NONE) return null;
    const { root, stem } = this.stemTo(this.bestState);
    const loop = this.bestLabel === NONE ? [] : new LoopBuilder(this, this.bestLabel).build(this.bestState);
    return { root, stem, loop, loopState: this.bestState };
  }

  sourceOf(edge: number): number {
    return edgeSource(this.graph, edge);
  }

  // --- Steps 1 and 4: reachability, noting stutter loops on the way ---

  private reach(): void {
    const { offsets, targets, inside, rank, parentEdge, order, label } = this;
    let count = 0;
    for (const root of this.roots) {
      if (inside[root] !== 1 || rank[root] !== NONE) continue;
      rank[root] = count;
      parentEdge[root] = NONE;
      order[count++] = root;
    }
    for (let head = 0; head < count; head++) {
      const s = order[head]!;
      label[s] = ALL_REACHED;
      // BFS dequeues in rank order, so the first stutter state found is the nearest.
      if (this.bestState === NONE && this.isFairStutter(s)) {
        this.bestState = s;
        this.bestRank = rank[s]!;
      }
      for (let e = offsets[s]!, end = offsets[s + 1]!; e < end; e++) {
        const t = targets[e]!;
        if (inside[t] !== 1 || rank[t] !== NONE) continue;
        rank[t] = count;
        parentEdge[t] = e;
        order[count++] = t;
      }
    }
    this.reachedCount = count;
  }

  private isFairStutter(s: number): boolean {
    if (this.mustVisit !== null && this.mustVisit[s] !== 1) return false;
    const { groups, F } = this;
    for (let i = this.offsets[s]! * F, end = this.offsets[s + 1]! * F; i < end; i++)
      if (groups[i]! >= 0) return false;
    return true;
  }

  private stemTo(state: number): { root: number; stem: number[] } {
    const stem: number[] = [];
    let at = state;
    for (let e = this.parentEdge[at]!; e !== NONE; e = this.parentEdge[at]!) {
      stem.push(e);
      at = this.sourceOf(e);
    }
    return { root: at, stem: stem.reverse() };
  }

  // --- Steps 2 and 3: components, judged and refined ---

  private findFairComponents(): void {
    this.decompose(ALL_REACHED, this.reachedCount); // `order` holds the reached states
    while (this.setCount > 0) {
      const i = --this.setCount;
      const start = this.setStart![i]!;
      const size = this.poolTop - start;
      // Copy the set out, so that its own refinements can take its place in the pool.
      this.order.set(this.pool!.subarray(start, this.poolTop));
      this.poolTop = start;
      this.decompose(this.setLabel![i]!, size);
    }
  }

  /**
   * Tarjan's algorithm, iteratively, over the states labelled `setLabel` among order[0 .. size),
   * following only edges between such states. Each component is judged as soon as it is complete
   * and relabelled at once, so "labelled setLabel and already indexed" means "on the SCC stack".
   */
  private decompose(setLabel: number, size: number): void {
    const { offsets, targets, order, label, index, low, sccStack, callState, callEdge } = this;
    for (let i = 0; i < size; i++) index[order[i]!] = NONE;
    let counter = 0;
    let sccTop = 0;
    for (let i = 0; i < size; i++) {
      const start = order[i]!;
      if (label[start] !== setLabel || index[start] !== NONE) continue;
      index[start] = low[start] = counter++;
      sccStack[sccTop++] = start;
      callState[0] = start;
      callEdge[0] = offsets[start]!;
      let callTop = 1;
      while (callTop > 0) {
        const v = callState[callTop - 1]!;
        const e = callEdge[callTop - 1]!;
        if (e < offsets[v + 1]!) {
          // The next edge of v: descend into an unvisited target, or note one still on the stack.
          callEdge[callTop - 1] = e + 1;
          const w = targets[e]!;
          if (label[w] !== setLabel) continue;
          if (index[w] === NONE) {
            index[w] = low[w] = counter++;
            sccStack[sccTop++] = w;
            callState[callTop] = w;
            callEdge[callTop] = offsets[w]!;
            callTop++;
          } else if (index[w]! < low[v]!) low[v] = index[w]!;
          continue;
        }
        // v is done: pass its low-link up, and if v is a component's root, pop the component.
        callTop--;
        if (callTop > 0) {
          const u = callState[callTop - 1]!;
          if (low[v]! < low[u]!) low[u] = low[v]!;
        }
        if (low[v] === index[v]) {
          let bottom = sccTop - 1;
          while (sccStack[bottom] !== v) bottom--;
          this.judge(bottom, sccTop - bottom);
          sccTop = bottom;
        }
      }
    }
  }

  /** Step 3 for the component sccStack[from .. from + size). */
  private judge(from: number, size: number): void {
    const { sccStack, label, rank } = this;
    const componentLabel = this.nextLabel++;
    let nearest = sccStack[from]!;
    for (let i = from; i < from + size; i++) {
      const s = sccStack[i]!;
      label[s] = componentLabel;
      if (rank[s]! < rank[nearest]!) nearest = s;
    }
    // A component whose every state is farther than the best loop's cannot improve on it.
    if (rank[nearest]! >= this.bestRank) return;
    if (size === 1 && !this.hasSelfLoop(nearest)) return;

    this.tally(sccStack, from, size, componentLabel);
    let verdict: "fair" | "refine" | "drop" = this.mustVisit === null || this.sawMustVisit ? "fair" : "drop";
    for (let i = 0; i < this.touchedCount && verdict !== "drop"; i++) {
      const g = this.touched[i]!;
      if (this.taken[g] === 1) continue;
      if (this.weak[g] === 0) {
        this.violated[g] = 1;
        verdict = "refine";
      } else if (this.enabledCount[g] === size) verdict = "drop";
    }
    if (verdict === "fair") {
      this.bestState = nearest;
      this.bestRank = rank[nearest]!;
      this.bestLabel = componentLabel;
    } else if (verdict === "refine") this.refine(from, size, componentLabel);
    this.clearTally();
  }

  /** Drops the component's states that enable a violated strong group; queues the rest. */
  private refine(from: number, size: number, componentLabel: number): void {
    const { sccStack, label, offsets, groups, violated, F } = this;
    const n = label.length;
    const pool = (this.pool ??= new Int32Array(n));
    this.setStart ??= new Int32Array(n);
    this.setLabel ??= new Int32Array(n);
    const start = this.poolTop;
    for (let i = from; i < from + size; i++) {
      const s = sccStack[i]!;
      let enablesViolated = false;
      for (let j = offsets[s]! * F, end = offsets[s + 1]! * F; j < end && !enablesViolated; j++) {
        const g = groups[j]!;
        if (g >= 0 && violated[g] === 1) enablesViolated = true;
      }
      if (enablesViolated) label[s] = NONE;
      else pool[this.poolTop++] = s;
    }
    if (this.poolTop > start) {
      this.setStart[this.setCount] = start;
      this.setLabel[this.setCount] = componentLabel;
      this.setCount++;
    }
  }

  private hasSelfLoop(s: number): boolean {
    for (let e = this.offsets[s]!, end = this.offsets[s + 1]!; e < end; e++)
      if (this.targets[e] === s) return true;
    return false;
  }

  /**
   * For the component members[from .. from + size), all labelled `componentLabel` and no other
   * state so: in how many of its states each group is enabled (enabledCount, and `touched` lists
   * the groups enabled somewhere), which groups an edge inside it takes (taken), and whether it
   * has a mustVisit state. Clear with clearTally before the next.
   */
  tally(members: Int32Array, from: number, size: number, componentLabel: number): void {
    const { offsets, targets, groups, label, F, enabledHere, stateGroups, enabledCount, taken, touched } =
      this;
    this.sawMustVisit = false;
    for (let i = from; i < from + size; i++) {
      const s = members[i]!;
      if (this.mustVisit !== null && this.mustVisit[s] === 1) this.sawMustVisit = true;
      // The groups s enables, each once, in stateGroups[0 .. groupsOfS).
      let groupsOfS = 0;
      for (let e = offsets[s]!, end = offsets[s + 1]!; e < end; e++) {
        const internal = label[targets[e]!] === componentLabel;
        for (let f = 0; f < F; f++) {
          const g = groups[e * F + f]!;
          if (g < 0) continue;
          if (enabledHere[g] === 0) {
            enabledHere[g] = 1;
            stateGroups[groupsOfS++] = g;
          }
          if (internal) taken[g] = 1;
        }
      }
      for (let j = 0; j < groupsOfS; j++) {
        const g = stateGroups[j]!;
        enabledHere[g] = 0;
        if (enabledCount[g]!++ === 0) touched[this.touchedCount++] = g;
      }
    }
  }

  clearTally(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const g = this.touched[i]!;
      this.enabledCount[g] = 0;
      this.taken[g] = 0;
      this.violated[g] = 0;
    }
    this.touchedCount = 0;
  }
}

/**
 * Step 5: a closed walk inside one fair component, from a given state back to it, meeting every
 * fairness obligation of the component (see the file header). Greedy: from where the walk is, a
 * BFS inside the component to the nearest edge or state that meets an unmet obligation; whatever
 * the walk passes on the way counts too. Borrows the search's per-state columns, free by now.
 */
class LoopBuilder {
  private readonly search: FairLassoSearch;
  private readonly componentLabel: number;
  // Obligations per group: needEdge[g], an edge of g (weak g enabled in every state of the
  // component, or strong g enabled in some); needEdgeOrGap[g], an edge of g or a state that does
  // not enable g (weak g enabled in some states only), those groups being listed in partialGroups.
  private readonly needEdge: Uint8Array;
  private readonly needEdgeOrGap: Uint8Array;
  private readonly partialGroups: number[] = [];
  private needMustVisit = false;
  private unmet = 0;
  private stamp = 0;

  constructor(search: FairLassoSearch, componentLabel: number) {
    this.search = search;
    this.componentLabel = componentLabel;
    this.needEdge = new Uint8Array(search.weak.length);
    this.needEdgeOrGap = new Uint8Array(search.weak.length);
  }

  build(loopState: number): number[] {
    const search = this.search;
    const size = this.collectMembers(loopState);
    search.tally(search.sccStack, 0, size, this.componentLabel);
    for (let i = 0; i < search.touchedCount; i++) {
      const g = search.touched[i]!;
      if (search.weak[g] === 0 || search.enabledCount[g] === size) this.needEdge[g] = 1;
      else {
        this.needEdgeOrGap[g] = 1;
        this.partialGroups.push(g);
      }
      this.unmet++;
    }
    search.clearTally();
    if (search.mustVisit !== null) {
      this.needMustVisit = true;
      this.unmet++;
    }

    const loop: number[] = [];
    let at = loopState;
    this.visitState(loopState);
    while (this.unmet > 0) {
      const path = this.shortestPath(at, null);
      for (const e of path) {
        this.takeEdge(e);
        loop.push(e);
      }
      at = search.targets[path[path.length - 1]!]!;
    }
    if (at !== loopState || loop.length === 0) for (const e of this.shortestPath(at, loopState)) loop.push(e);
    return loop;
  }

  /**
   * Lists the component's states in sccStack[0 .. size) by a BFS from one of them (it is strongly
   * connected) and returns size; leaves their `index` at 0, ready for stamps.
   */
  private collectMembers(from: number): number {
    const { offsets, targets, label, sccStack: list, index: seen } = this.search;
    list[0] = from;
    seen[from] = COLLECTED;
    let size = 1;
    for (let head = 0; head < size; head++) {
      const v = list[head]!;
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        const w = targets[e]!;
        if (label[w] !== this.componentLabel || seen[w] === COLLECTED) continue;
        seen[w] = COLLECTED;
        list[size++] = w;
      }
    }
    for (let i = 0; i < size; i++) seen[list[i]!] = 0;
    return size;
  }

  /**
   * Edges of a shortest path inside the component from `from`: to `goal` (at least one edge), or,
   * when goal is null, to the nearest edge or state that meets an unmet obligation.
   */
  private shortestPath(from: number, goal: number | null): number[] {
    const { offsets, targets, label, order: queue, index: seen, low: viaEdge } = this.search;
    const stamp = ++this.stamp;
    queue[0] = from;
    seen[from] = stamp;
    let tail = 1;
    let found = NONE;
    search: for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        const w = targets[e]!;
        if (label[w] !== this.componentLabel) continue;
        const reached =
          goal === null
            ? this.edgeMeetsObligation(e) || (seen[w] !== stamp && this.stateMeetsObligation(w))
            : w === goal;
        if (reached) {
          found = e;
          break search;
        }
        if (seen[w] === stamp) continue;
        seen[w] = stamp;
        viaEdge[w] = e;
        queue[tail++] = w;
      }
    }
    if (found === NONE) throw new Error("fair-cycles: no path to an obligation in a fair component (a bug)");
    const path = [found];
    for (let v = this.search.sourceOf(found); v !== from;) {
      const e = viaEdge[v]!;
      path.push(e);
      v = this.search.sourceOf(e);
    }
    return path.reverse();
  }

  private edgeMeetsObligation(e: number): boolean {
    const { groups, F } = this.search;
    for (let f = 0; f < F; f++) {
      const g = groups[e * F + f]!;
      if (g >= 0 && (this.needEdge[g] === 1 || this.needEdgeOrGap[g] === 1)) return true;
    }
    return false;
  }

  private stateMeetsObligation(v: number): boolean {
    if (this.needMustVisit && this.search.mustVisit![v] === 1) return true;
    return this.partialGroups.length > 0 && this.gapsAt(v, false);
  }

  /** Whether v does not enable some partial group still wanted; with `meet`, meets all such. */
  private gapsAt(v: number, meet: boolean): boolean {
    const { offsets, groups, F, enabledHere } = this.search;
    const first = offsets[v]! * F;
    const end = offsets[v + 1]! * F;
    for (let j = first; j < end; j++) if (groups[j]! >= 0) enabledHere[groups[j]!] = 1;
    let any = false;
    for (const g of this.partialGroups) {
      if (this.needEdgeOrGap[g] === 0 || enabledHere[g] === 1) continue;
      any = true;
      if (!meet) break;
      this.needEdgeOrGap[g] = 0;
      this.unmet--;
    }
    for (let j = first; j < end; j++) if (groups[j]! >= 0) enabledHere[groups[j]!] = 0;
    return any;
  }

  private takeEdge(e: number): void {
    const { groups, F, targets } = this.search;
    for (let f = 0; f < F; f++) {
      const g = groups[e * F + f]!;
      if (g < 0) continue;
      if (this.needEdge[g] === 1) {
        this.needEdge[g] = 0;
        this.unmet--;
      }
      if (this.needEdgeOrGap[g] === 1) {
        this.needEdgeOrGap[g] = 0;
        this.unmet--;
      }
    }
    this.visitState(targets[e]!);
  }

  private visitState(v: number): void {
    if (this.needMustVisit && this.search.mustVisit![v] === 1) {
      this.needMustVisit = false;
      this.unmet--;
    }
    if (this.partialGroups.length > 0) this.gapsAt(v, true);
  }
}
