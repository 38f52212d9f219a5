// The minimum and the maximum of a measure over every occurrence in a state graph, each with a
// witness: pure functions over numbers (the recorded graph, ./record.ts), tested against brute-force
// enumeration of paths on generated graphs (specs/measures-graphs.spec.ts).
//
// A *window* is what one key of one measure makes of the graph: each edge's cost, which edges close
// the occurrence, which nodes end it (scope "execution": the end states), and where occurrences
// start (the targets of opening edges, or the initial states), each with the value and the length of
// the path that got there. Because the graph is a state graph, any path from a node is a possible
// continuation of any execution that reached it; so the extremes over all occurrences are extremes
// over paths from the sources:
// - minimum: Dijkstra on (value, length), costs being non-negative, ties broken by fewer steps;
// - maximum: unbounded if a cycle with a positive cost is reachable before the occurrence closes
//   (the witness is a lasso); otherwise the longest path over the condensation of the strongly
//   connected components, whose internal edges then all cost 0.

export interface Graph {
  readonly nodeCount: number;
  readonly edgeSource: Uint32Array;
  readonly edgeTarget: Uint32Array;
  /** outEdges[outStart[v] .. outStart[v + 1]]: the edges leaving v. */
  readonly outStart: Uint32Array;
  readonly outEdges: Uint32Array;
}

/** Where an occurrence begins: an initial state, or the opening edge that leads to `node`. */
export type Origin =
  { readonly kind: "node"; readonly node: number } | { readonly kind: "edge"; readonly edge: number };

export interface Source {
  readonly node: number;
  readonly value: number;
  /** Steps from an initial state to `node`, the opening edge included: for the shortest witness. */
  readonly length: number;
  readonly origin: Origin;
}

export interface Window {
  readonly cost: Float64Array;
  /** Edges that close the occurrence (they are counted, and not followed). */
  readonly closes: Uint8Array;
  /** Nodes that end it (scope "execution": the end states); null for none. */
  readonly endsAt: Uint8Array | null;
  readonly sources: readonly Source[];
  /** Occurrences an edge opens and closes at once: value and length as for a source. */
  readonly immediate: readonly (Source & {
    readonly origin: { readonly kind: "edge"; readonly edge: number };
  })[];
}

/** An extreme and its witness: from the origin, `edges` (the closing edge last, when one closes it). */
export interface Extreme {
  readonly value: number;
  readonly length: number;
  readonly origin: Origin;
  readonly edges: readonly number[];
}

/** A cycle that adds to the cost: from the origin, `edges`, of which those from `loopFrom` on repeat. */
export interface Lasso {
  readonly origin: Origin;
  readonly edges: readonly number[];
  readonly loopFrom: number;
}

export type Maximum =
  | { readonly kind: "bounded"; readonly extreme: Extreme }
  | { readonly kind: "unbounded"; readonly lasso: Lasso };

/** Builds the adjacency of a graph given as edge lists. */
export function graphOf(nodeCount: number, edgeSource: Uint32Array, edgeTarget: Uint32Array): Graph {
  const outStart = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeSource.length; e++) outStart[edgeSource[e]! + 1]!++;
  for (let v = 0; v < nodeCount; v++) outStart[v + 1]! += outStart[v]!;
  const fill = outStart.slice(0, nodeCount);
  const outEdges = new Uint32Array(edgeSource.length);
  for (let e = 0; e < edgeSource.length; e++) outEdges[fill[edgeSource[e]!]!++] = e;
  return { nodeCount, edgeSource, edgeTarget, outStart, outEdges };
}

// Where a node's best path came from: the edge into it, or a source (−1 − index).
const NONE = -(2 ** 31);

interface Best {
  value: number;
  length: number;
  /** The closing edge, or −1 when the occurrence ends at `node`. */
  closeEdge: number;
  node: number;
  /** An immediate occurrence (index into window.immediate), or −1. */
  immediate: number;
}

export function minimum(graph: Graph, window: Window): Extreme | null {
  const n = graph.nodeCount;
  const value = new Float64Array(n).fill(Infinity);
  const length = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(NONE);
  const heap = new PairHeap();
  window.sources.forEach((source, i) => {
    if (lexLess(source.value, source.length, value[source.node]!, length[source.node]!)) {
      value[source.node] = source.value;
      length[source.node] = source.length;
      via[source.node] = -1 - i;
      heap.push(source.value, source.length, source.node);
    }
  });
  let best: Best | null = null;
  const offer = (v: number, l: number, closeEdge: number, node: number, immediate: number) => {
    if (best === null || lexLess(v, l, best.value, best.length))
      best = { value: v, length: l, closeEdge, node, immediate };
  };
  window.immediate.forEach((o, i) => offer(o.value, o.length, -1, -1, i));
  while (heap.size > 0) {
    const [v, l, x] = heap.pop();
    if (v !== value[x] || l !== length[x]) continue;
    if (window.endsAt?.[x]) offer(v, l, -1, x, -1);
    for (let i = graph.outStart[x]!; i < graph.outStart[x + 1]!; i++) {
      const e = graph.outEdges[i]!;
      const nv = v + window.cost[e]!;
      const nl = l + 1;
      if (window.closes[e]) {
        offer(nv, nl, e, x, -1);
        continue;
      }
      const y = graph.edgeTarget[e]!;
      if (lexLess(nv, nl, value[y]!, length[y]!)) {
        value[y] = nv;
        length[y] = nl;
        via[y] = e;
        heap.push(nv, nl, y);
      }
    }
  }
  return best === null ? null : extremeOf(graph, window, best, via);
}

export function maximum(graph: Graph, window: Window): Maximum | null {
  const n = graph.nodeCount;
  // The nodes an open occurrence can reach, and the shortest way to each (for a short lasso).
  const reachLength = new Float64Array(n).fill(Infinity);
  const reachVia = new Int32Array(n).fill(NONE);
  const heap = new PairHeap();
  window.sources.forEach((source, i) => {
    if (source.length < reachLength[source.node]!) {
      reachLength[source.node] = source.length;
      reachVia[source.node] = -1 - i;
      heap.push(source.length, 0, source.node);
    }
  });
  while (heap.size > 0) {
    const [l, , x] = heap.pop();
    if (l !== reachLength[x]) continue;
    forEachOpenEdge(graph, window, x, (e, y) => {
      if (l + 1 < reachLength[y]!) {
        reachLength[y] = l + 1;
        reachVia[y] = e;
        heap.push(l + 1, 0, y);
      }
    });
  }
  const reached = (v: number) => reachLength[v] !== Infinity;
  const { component, order } = components(graph, window, reached);

  // A cycle that adds to the cost: an edge with a positive cost inside a component.
  let cycleEdge = -1;
  for (let e = 0; e < graph.edgeSource.length; e++) {
    const a = graph.edgeSource[e]!;
    const b = graph.edgeTarget[e]!;
    if (window.closes[e] || window.cost[e]! <= 0 || !reached(a) || component[a] !== component[b]) continue;
    if (cycleEdge < 0 || reachLength[a]! < reachLength[graph.edgeSource[cycleEdge]!]!) cycleEdge = e;
  }
  if (cycleEdge >= 0)
    return { kind: "unbounded", lasso: lassoThrough(graph, window, cycleEdge, component, reachVia) };

  // Longest path over the condensation, in topological order; ties by fewer steps.
  const value = new Float64Array(n).fill(-Infinity);
  const length = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(NONE);
  const better = (v: number, l: number, y: number) => v > value[y]! || (v === value[y]! && l < length[y]!);
  window.sources.forEach((source, i) => {
    if (better(source.value, source.length, source.node)) {
      value[source.node] = source.value;
      length[source.node] = source.length;
      via[source.node] = -1 - i;
    }
  });
  let best: Best | null = null;
  const offer = (v: number, l: number, closeEdge: number, node: number, immediate: number) => {
    if (best === null || v > best.value || (v === best.value && l < best.length))
      best = { value: v, length: l, closeEdge, node, immediate };
  };
  window.immediate.forEach((o, i) => offer(o.value, o.length, -1, -1, i));
  for (const nodes of order) {
    // Inside a component every edge costs 0, so every node gets its best entry's value; the
    // lengths spread from the entries that have it.
    let top = -Infinity;
    for (const x of nodes) top = Math.max(top, value[x]!);
    if (top === -Infinity) continue;
    const inside = new PairHeap();
    for (const x of nodes) {
      if (value[x] === top) inside.push(length[x]!, 0, x);
      else {
        value[x] = -Infinity;
        length[x] = Infinity;
      }
    }
    const id = component[nodes[0]!]!;
    while (inside.size > 0) {
      const [l, , x] = inside.pop();
      if (l !== length[x]) continue;
      forEachOpenEdge(graph, window, x, (e, y) => {
        if (component[y] === id && better(top, l + 1, y)) {
          value[y] = top;
          length[y] = l + 1;
          via[y] = e;
          inside.push(l + 1, 0, y);
        }
      });
    }
    for (const x of nodes) {
      const v = value[x]!;
      const l = length[x]!;
      if (window.endsAt?.[x]) offer(v, l, -1, x, -1);
      for (let i = graph.outStart[x]!; i < graph.outStart[x + 1]!; i++) {
        const e = graph.outEdges[i]!;
        const y = graph.edgeTarget[e]!;
        if (window.closes[e]) offer(v + window.cost[e]!, l + 1, e, x, -1);
        else if (component[y] !== id && better(v + window.cost[e]!, l + 1, y)) {
          value[y] = v + window.cost[e]!;
          length[y] = l + 1;
          via[y] = e;
        }
      }
    }
  }
  return best === null ? null : { kind: "bounded", extreme: extremeOf(graph, window, best, via) };
}

function forEachOpenEdge(
  graph: Graph,
  window: Window,
  x: number,
  visit: (edge: number, target: number) => void,
): void {
  for (let i = graph.outStart[x]!; i < graph.outStart[x + 1]!; i++) {
    const e = graph.outEdges[i]!;
    if (!window.closes[e]) visit(e, graph.edgeTarget[e]!);
  }
}

/** The path to `best` by the `via` links, back to its source. */
function extremeOf(graph: Graph, window: Window, best: Best, via: Int32Array): Extreme {
  if (best.immediate >= 0) {
    const o = window.immediate[best.immediate]!;
    return { value: best.value, length: best.length, origin: o.origin, edges: [] };
  }
  const { origin, edges } = pathBack(graph, window, best.node, via);
  if (best.closeEdge >= 0) edges.push(best.closeEdge);
  return { value: best.value, length: best.length, origin, edges };
}

function pathBack(
  graph: Graph,
  window: Window,
  node: number,
  via: Int32Array,
): { origin: Origin; edges: number[] } {
  const edges: number[] = [];
  let at = node;
  for (;;) {
    const link = via[at]!;
    if (link === NONE) throw new Error(`measures: node ${at} has no path back to a source`);
    if (link < 0) {
      edges.reverse();
      return { origin: window.sources[-1 - link]!.origin, edges };
    }
    edges.push(link);
    at = graph.edgeSource[link]!;
  }
}

/** A lasso: the shortest way to the cycle edge's source, then the edge, then back within its component. */
function lassoThrough(
  graph: Graph,
  window: Window,
  cycleEdge: number,
  component: Int32Array,
  reachVia: Int32Array,
): Lasso {
  const a = graph.edgeSource[cycleEdge]!;
  const b = graph.edgeTarget[cycleEdge]!;
  const { origin, edges } = pathBack(graph, window, a, reachVia);
  const loopFrom = edges.length;
  edges.push(cycleEdge);
  if (a !== b) {
    // Breadth-first from b back to a, inside the component.
    const back = new Map<number, number>([[b, -1]]);
    const queue = [b];
    for (let q = 0; q < queue.length && !back.has(a); q++) {
      const x = queue[q]!;
      forEachOpenEdge(graph, window, x, (e, y) => {
        if (component[y] === component[a] && !back.has(y)) {
          back.set(y, e);
          queue.push(y);
        }
      });
    }
    const loop: number[] = [];
    for (let at = a; at !== b;) {
      const e = back.get(at)!;
      loop.push(e);
      at = graph.edgeSource[e]!;
    }
    edges.push(...loop.reverse());
  }
  return { origin, edges, loopFrom };
}

/**
 * Strongly connected components of the reached nodes over the edges that do not close (Tarjan's,
 * without recursion); `order` lists them in topological order.
 */
function components(
  graph: Graph,
  window: Window,
  reached: (v: number) => boolean,
): { component: Int32Array; order: number[][] } {
  const n = graph.nodeCount;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const done: number[][] = [];
  let counter = 0;
  const frames: { node: number; next: number }[] = [];
  for (let root = 0; root < n; root++) {
    if (!reached(root) || index[root] !== -1) continue;
    frames.push({ node: root, next: graph.outStart[root]! });
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const x = frame.node;
      if (frame.next < graph.outStart[x + 1]!) {
        const e = graph.outEdges[frame.next++]!;
        if (window.closes[e]) continue;
        const y = graph.edgeTarget[e]!;
        if (index[y] === -1) {
          index[y] = low[y] = counter++;
          stack.push(y);
          onStack[y] = 1;
          frames.push({ node: y, next: graph.outStart[y]! });
        } else if (onStack[y]) low[x] = Math.min(low[x]!, index[y]!);
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]!.node;
        low[parent] = Math.min(low[parent]!, low[x]!);
      }
      if (low[x] === index[x]) {
        const nodes: number[] = [];
        for (;;) {
          const y = stack.pop()!;
          onStack[y] = 0;
          component[y] = done.length;
          nodes.push(y);
          if (y === x) break;
        }
        done.push(nodes);
      }
    }
  }
  // Tarjan completes a component after every component it reaches: reversed, that is topological.
  return { component, order: done.reverse() };
}

function lexLess(v: number, l: number, w: number, m: number): boolean {
  return v < w || (v === w && l < m);
}

/** A binary min-heap of (first, second, node), ordered by first then second. */
class PairHeap {
  private readonly first: number[] = [];
  private readonly second: number[] = [];
  private readonly nodes: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  push(a: number, b: number, node: number): void {
    this.first.push(a);
    this.second.push(b);
    this.nodes.push(node);
    let i = this.nodes.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): [number, number, number] {
    const top: [number, number, number] = [this.first[0]!, this.second[0]!, this.nodes[0]!];
    const last = this.nodes.length - 1;
    this.swap(0, last);
    this.first.pop();
    this.second.pop();
    this.nodes.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.nodes.length && this.less(l, m)) m = l;
      if (r < this.nodes.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    return lexLess(this.first[i]!, this.second[i]!, this.first[j]!, this.second[j]!);
  }

  private swap(i: number, j: number): void {
    [this.first[i], this.first[j]] = [this.first[j]!, this.first[i]!];
    [this.second[i], this.second[j]] = [this.second[j]!, this.second[i]!];
    [this.nodes[i], this.nodes[j]] = [this.nodes[j]!, this.nodes[i]!];
  }
}
