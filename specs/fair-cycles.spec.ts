// The fair-lasso search (checker/liveness/fair-cycles.ts) on hand-made graphs with known answers,
// against a slow reference on many small random graphs, and on a million states to show that it
// never recurses. Every lasso it returns is checked to be a real, fair behaviour.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findFairLasso, type FairLasso, type FairLassoQuery } from "../checker/liveness/fair-cycles.ts";
import {
  edgeSource,
  FairnessGraphBuilder,
  type FairnessGraph,
  type FairnessKind,
} from "../checker/liveness/graph.ts";

// --- Building graphs ---

/** An edge: [source, target, group in family 0, group in family 1, ...]; −1 for none. */
type EdgeSpec = readonly number[];

/** A graph from edges given one by one (states interleaved, so the builder must sort them). */
function graphOf(kinds: readonly FairnessKind[], families: number, edges: readonly EdgeSpec[], states = 0) {
  const builder = new FairnessGraphBuilder(families);
  for (const kind of kinds) builder.addGroup(kind);
  let highest = states - 1;
  for (const [source, target, ...groups] of edges) {
    builder.addEdges(source!, [target!], groups);
    highest = Math.max(highest, source!, target!);
  }
  return builder.build(highest + 1);
}

function edgesOf(graph: FairnessGraph, s: number): number[] {
  const edges: number[] = [];
  for (let e = graph.offsets[s]!; e < graph.offsets[s + 1]!; e++) edges.push(e);
  return edges;
}

function groupsOf(graph: FairnessGraph, e: number): number[] {
  const groups: number[] = [];
  for (let f = 0; f < graph.families; f++) {
    const g = graph.groups[e * graph.families + f]!;
    if (g >= 0) groups.push(g);
  }
  return groups;
}

function enablesAny(graph: FairnessGraph, s: number): boolean {
  return edgesOf(graph, s).some((e) => groupsOf(graph, e).length > 0);
}

function query(
  n: number,
  roots: readonly number[],
  options: { outside?: readonly number[]; mustVisit?: readonly number[] } = {},
): FairLassoQuery {
  const inside = new Uint8Array(n).fill(1);
  for (const s of options.outside ?? []) inside[s] = 0;
  let mustVisit: Uint8Array | null = null;
  if (options.mustVisit) {
    mustVisit = new Uint8Array(n);
    for (const s of options.mustVisit) mustVisit[s] = 1;
  }
  return { roots, inside, mustVisit };
}

/** The states a walk of edges passes, starting with `from`. */
function statesAlong(graph: FairnessGraph, from: number, edges: readonly number[]): number[] {
  const states = [from];
  for (const e of edges) states.push(graph.targets[e]!);
  return states;
}

// --- The definition of a fair behaviour, checked directly ---

/** The groups state s enables: those of its edges, to any state. */
function enabledGroups(graph: FairnessGraph, s: number): Set<number> {
  return new Set(edgesOf(graph, s).flatMap((e) => groupsOf(graph, e)));
}

/**
 * Whether the edges `edges` (taken infinitely often), visiting `states`, make a fair behaviour:
 * weak g: if every state enables g, some edge is in g; strong g: if some state enables g, some
 * edge is in g; and some state is a mustVisit state, if asked.
 */
function fairSet(
  graph: FairnessGraph,
  states: readonly number[],
  edges: readonly number[],
  mustVisit: Uint8Array | null,
): boolean {
  if (mustVisit !== null && !states.some((s) => mustVisit[s] === 1)) return false;
  const taken = new Set(edges.flatMap((e) => groupsOf(graph, e)));
  const enabledIn = new Array<number>(graph.groupKind.length).fill(0);
  for (const s of states) for (const g of enabledGroups(graph, s)) enabledIn[g]!++;
  return graph.groupKind.every((kind, g) =>
    taken.has(g) ? true : kind === "weak" ? enabledIn[g]! < states.length : enabledIn[g] === 0,
  );
}

/**
 * What is wrong with a lasso as a behaviour of the graph that the query asks for, or null: the
 * stem must be a path of real edges from a root through inside states to the loop state; the
 * loop a closed walk of real edges from the loop state through inside states whose edge set is
 * fair (fairSet); a stutter loop's state must enable nothing. (Plain loops rather than an
 * `expect` per edge: the scale tests check million-edge lassos.)
 */
function lassoProblem(graph: FairnessGraph, q: FairLassoQuery, lasso: FairLasso): string | null {
  if (!q.roots.includes(lasso.root) || q.inside[lasso.root] !== 1)
    return `root ${lasso.root} is not an inside root`;
  const walk = (from: number, edges: readonly number[], what: string): number | string => {
    let at = from;
    for (const e of edges) {
      if (edgeSource(graph, e) !== at) return `${what}: edge ${e} does not leave state ${at}`;
      at = graph.targets[e]!;
      if (q.inside[at] !== 1) return `${what}: state ${at} is outside`;
    }
    return at;
  };
  const stemEnd = walk(lasso.root, lasso.stem, "stem");
  if (typeof stemEnd === "string") return stemEnd;
  if (stemEnd !== lasso.loopState)
    return `the stem ends at ${stemEnd}, not at the loop state ${lasso.loopState}`;
  if (lasso.loop.length === 0) {
    if (enablesAny(graph, lasso.loopState))
      return `stutter loop at ${lasso.loopState}, which enables a group`;
    if (q.mustVisit !== null && q.mustVisit[lasso.loopState] !== 1) return "stutter loop outside mustVisit";
    return null;
  }
  const loopEnd = walk(lasso.loopState, lasso.loop, "loop");
  if (typeof loopEnd === "string") return loopEnd;
  if (loopEnd !== lasso.loopState) return `the loop ends at ${loopEnd}, not at ${lasso.loopState}`;
  const states = [...new Set(statesAlong(graph, lasso.loopState, lasso.loop))];
  if (!fairSet(graph, states, [...new Set(lasso.loop)], q.mustVisit)) return "the loop is not fair";
  return null;
}

function search(graph: FairnessGraph, q: FairLassoQuery): FairLasso | null {
  const lasso = findFairLasso(graph, q);
  if (lasso !== null) expect(lassoProblem(graph, q, lasso)).toBeNull();
  return lasso;
}

// --- The slow reference ---

/**
 * Whether a fair behaviour exists, by brute force: the set of edges an infinite path takes
 * infinitely often is a strongly connected edge set, and any strongly connected edge set that is
 * fair can be walked forever fairly; so try every nonempty subset of the edges among states
 * reachable from a root through inside states, and every stutter state.
 */
function fairBehaviourExists(graph: FairnessGraph, q: FairLassoQuery): boolean {
  const reached = new Set<number>();
  const frontier = q.roots.filter((r) => q.inside[r] === 1);
  for (const r of frontier) reached.add(r);
  while (frontier.length > 0) {
    const s = frontier.pop()!;
    for (const e of edgesOf(graph, s)) {
      const t = graph.targets[e]!;
      if (q.inside[t] === 1 && !reached.has(t)) {
        reached.add(t);
        frontier.push(t);
      }
    }
  }
  for (const s of reached)
    if (!enablesAny(graph, s) && (q.mustVisit === null || q.mustVisit[s] === 1)) return true;

  const candidates: number[] = [];
  for (const s of reached)
    for (const e of edgesOf(graph, s)) if (reached.has(graph.targets[e]!)) candidates.push(e);
  for (let mask = 1; mask < 1 << candidates.length; mask++) {
    const edges = candidates.filter((_, i) => (mask >> i) & 1);
    const states = [...new Set(edges.flatMap((e) => [edgeSource(graph, e), graph.targets[e]!]))];
    if (stronglyConnected(graph, states, edges) && fairSet(graph, states, edges, q.mustVisit)) return true;
  }
  return false;
}

/** Whether every state reaches every other along `edges`, forwards and backwards from one state. */
function stronglyConnected(
  graph: FairnessGraph,
  states: readonly number[],
  edges: readonly number[],
): boolean {
  const pairs = edges.map((e) => [edgeSource(graph, e), graph.targets[e]!] as const);
  const reachesAll = (forward: boolean) => {
    const seen = new Set([states[0]!]);
    const stack = [states[0]!];
    while (stack.length > 0) {
      const s = stack.pop()!;
      for (const [a, b] of pairs) {
        const [from, to] = forward ? [a, b] : [b, a];
        if (from === s && !seen.has(to)) {
          seen.add(to);
          stack.push(to);
        }
      }
    }
    return seen.size === states.length;
  };
  return reachesAll(true) && reachesAll(false);
}

// --- Hand fixtures ---

describe("findFairLasso on graphs with known answers", () => {
  it("finds a lasso: a shortest stem to the nearest state of a fair cycle, and the cycle", () => {
    // 0 → 1 → 2 → 3 → 1, every edge in weak group 0 (so no state may stutter).
    const graph = graphOf(["weak"], 1, [
      [0, 1, 0],
      [1, 2, 0],
      [2, 3, 0],
      [3, 1, 0],
    ]);
    const lasso = search(graph, query(4, [0]))!;
    expect(lasso.root).toBe(0);
    expect(lasso.loopState).toBe(1);
    expect(statesAlong(graph, 0, lasso.stem)).toEqual([0, 1]);
    expect(statesAlong(graph, 1, lasso.loop)).toEqual([1, 2, 3, 1]);
  });

  it("rejects a cycle along which a weak group is always enabled and never taken, until an exit state disables it", () => {
    // Cycle 0 ↔ 1 in weak group 1 (taken); weak group 0 is enabled in 0 and 1 by edges to state 2,
    // which is outside. Stuttering is unfair everywhere: every state enables something.
    const edges: EdgeSpec[] = [
      [0, 1, -1, 1],
      [1, 0, -1, 1],
      [0, 2, 0, -1],
      [1, 2, 0, -1],
    ];
    const unfair = graphOf(["weak", "weak"], 2, edges);
    expect(search(unfair, query(3, [0], { outside: [2] }))).toBeNull();

    // Add state 3 on another way round, 1 → 3 → 0, where group 0 is not enabled.
    const withExit = graphOf(["weak", "weak"], 2, [...edges, [1, 3, -1, 1], [3, 0, -1, 1]]);
    const lasso = search(withExit, query(4, [0], { outside: [2] }))!;
    expect(lasso.loopState).toBe(0);
    expect(statesAlong(withExit, 0, lasso.loop)).toEqual([0, 1, 3, 0]);
  });

  it("accepts under weak fairness, and rejects under strong, a cycle where a group is enabled only sometimes", () => {
    // Cycle 0 ↔ 1 in weak group 1; group 0 is enabled in state 0 only (an edge to outside state 2).
    const edges = (kind: FairnessKind) =>
      graphOf([kind, "weak"], 2, [
        [0, 1, -1, 1],
        [1, 0, -1, 1],
        [0, 2, 0, -1],
      ]);
    const q = query(3, [0], { outside: [2] });
    const weak = search(edges("weak"), q)!;
    expect(statesAlong(edges("weak"), 0, weak.loop)).toEqual([0, 1, 0]);
    expect(search(edges("strong"), q)).toBeNull();
  });

  it("refines a component under strong fairness down to the fair loop inside it", () => {
    // As above, plus a self-loop at 1: without state 0 (which enables strong group 0), 1 loops fairly.
    const graph = graphOf(["strong", "weak"], 2, [
      [0, 1, -1, 1],
      [1, 0, -1, 1],
      [0, 2, 0, -1],
      [1, 1, -1, 1],
    ]);
    const lasso = search(graph, query(3, [0], { outside: [2] }))!;
    expect(lasso.loopState).toBe(1);
    expect(statesAlong(graph, 0, lasso.stem)).toEqual([0, 1]);
    expect(statesAlong(graph, 1, lasso.loop)).toEqual([1, 1]);
  });

  it("finds a stutter loop in a state where nothing is enabled", () => {
    const graph = graphOf(["weak"], 1, [
      [0, 1, 0],
      [1, 2, -1],
    ]);
    const lasso = search(graph, query(3, [0]))!;
    // State 1's only edge is in no group, so 1 may stutter forever; 2 too, but 1 is nearer.
    expect(lasso).toEqual({ root: 0, stem: [graph.offsets[0]], loop: [], loopState: 1 });
  });

  it("finds no stutter loop where a weak group is enabled", () => {
    const graph = graphOf(["weak"], 1, [[0, 1, 0]]);
    expect(search(graph, query(2, [0], { outside: [1] }))).toBeNull();
    // With state 1 inside, the behaviour moves there and stutters.
    expect(search(graph, query(2, [0]))?.loopState).toBe(1);
  });

  it("lets mustVisit choose the cycle", () => {
    // 0 → 1 ↔ 3 and 0 → 2 ↔ 4, all edges in weak group 0.
    const graph = graphOf(["weak"], 1, [
      [0, 1, 0],
      [0, 2, 0],
      [1, 3, 0],
      [3, 1, 0],
      [2, 4, 0],
      [4, 2, 0],
    ]);
    expect(search(graph, query(5, [0]))!.loopState).toBe(1);
    const lasso = search(graph, query(5, [0], { mustVisit: [4] }))!;
    expect(lasso.loopState).toBe(2);
    expect(statesAlong(graph, 2, lasso.loop)).toEqual([2, 4, 2]);
    expect(search(graph, query(5, [0], { mustVisit: [0] }))).toBeNull();
  });

  it("starts nowhere from roots outside `inside`, and does not pass through outside states", () => {
    const graph = graphOf(["weak"], 1, [
      [0, 1, 0],
      [1, 2, 0],
      [2, 1, 0],
    ]);
    expect(search(graph, query(3, [0], { outside: [0] }))).toBeNull();
    // The fair cycle 1 ↔ 2 is only reachable through state 1, which is outside.
    expect(search(graph, query(3, [0], { outside: [1] }))).toBeNull();
    expect(search(graph, query(3, [0, 2], { outside: [0] }))!.root).toBe(2);
  });

  it("builds a loop meeting every obligation of a larger component", () => {
    // Ring 0 → 1 → 2 → 3 → 0 in weak group 0, chords in strong group 1 (1 → 3) and weak group 2
    // (2 → 0, enabled only in 2, so visiting any other state meets it).
    const graph = graphOf(["weak", "strong", "weak"], 1, [
      [0, 1, 0],
      [1, 2, 0],
      [2, 3, 0],
      [3, 0, 0],
      [1, 3, 1],
      [2, 0, 2],
    ]);
    const lasso = search(graph, query(4, [0]))!;
    expect(lasso.loop.some((e) => groupsOf(graph, e).includes(1))).toBe(true);
  });
});

// --- Random graphs against the reference ---

interface RandomCase {
  readonly n: number;
  readonly kinds: readonly FairnessKind[];
  readonly graph: FairnessGraph;
  readonly query: FairLassoQuery;
}

const randomCase: fc.Arbitrary<RandomCase> = fc
  .record({
    n: fc.integer({ min: 2, max: 7 }),
    // Groups per family: 1 or 2, in 1 or 2 families.
    familySizes: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 2 }),
    kindBits: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  .chain(({ n, familySizes, kindBits }) => {
    const kinds: FairnessKind[] = [];
    const familyBase: number[] = [];
    for (const size of familySizes) {
      familyBase.push(kinds.length);
      for (let i = 0; i < size; i++) kinds.push(kindBits[kinds.length]! ? "strong" : "weak");
    }
    const state = fc.integer({ min: 0, max: n - 1 });
    const edge = fc.tuple(
      state,
      state,
      fc.tuple(...familySizes.map((size) => fc.integer({ min: -1, max: size - 1 }))),
    );
    return fc
      .record({
        edges: fc.array(edge, { maxLength: 12 }),
        inside: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
        roots: fc.array(state, { minLength: 1, maxLength: 3 }),
        mustVisit: fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { freq: 2 }),
        stateOrder: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      })
      .map(({ edges, inside, roots, mustVisit, stateOrder }): RandomCase => {
        // Each state's edges in one call, states in a random order.
        const builder = new FairnessGraphBuilder(familySizes.length);
        for (const kind of kinds) builder.addGroup(kind);
        for (const s of stateOrder) {
          const mine = edges.filter(([source]) => source === s);
          builder.addEdges(
            s,
            mine.map(([, target]) => target),
            mine.flatMap(([, , groups]) => groups.map((g, f) => (g < 0 ? -1 : familyBase[f]! + g))),
          );
        }
        return {
          n,
          kinds,
          graph: builder.build(n),
          query: {
            roots,
            inside: Uint8Array.from(inside, (x) => (x > 0 ? 1 : 0)),
            mustVisit: mustVisit === null ? null : Uint8Array.from(mustVisit, (b) => (b ? 1 : 0)),
          },
        };
      });
  });

describe("findFairLasso on random small graphs", () => {
  it("finds a fair lasso exactly when the brute-force reference says one exists", () => {
    let found = 0;
    let runs = 0;
    fc.assert(
      fc.property(randomCase, ({ graph, query: q }) => {
        runs++;
        const lasso = search(graph, q);
        if (lasso !== null) found++;
        expect(lasso !== null).toBe(fairBehaviourExists(graph, q));
      }),
      { numRuns: 1500 },
    );
    // Both answers should be common, or the property says little.
    expect(found).toBeGreaterThan(runs / 5);
    expect(found).toBeLessThan((runs * 4) / 5);
  });

  it("returns a loop that starts as near a root as any fair loop", () => {
    fc.assert(
      fc.property(randomCase, ({ graph, query: q }) => {
        const lasso = search(graph, q);
        if (lasso === null) return;
        // No state nearer than the loop state starts a fair loop: restricting `inside` to the
        // states strictly nearer (by BFS distance) leaves no fair behaviour whose loop lies there.
        const distance = bfsDistances(graph, q);
        const nearer = Uint8Array.from(q.inside, (x, s) =>
          x === 1 && distance[s]! < lasso.stem.length ? 1 : 0,
        );
        expect(fairBehaviourExists(graph, { ...q, inside: nearer })).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

function bfsDistances(graph: FairnessGraph, q: FairLassoQuery): number[] {
  const distance = new Array<number>(graph.stateCount).fill(Infinity);
  const queue = q.roots.filter((r) => q.inside[r] === 1);
  for (const r of queue) distance[r] = 0;
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    for (const e of edgesOf(graph, s)) {
      const t = graph.targets[e]!;
      if (q.inside[t] === 1 && distance[t] === Infinity) {
        distance[t] = distance[s]! + 1;
        queue.push(t);
      }
    }
  }
  return distance;
}

// --- The builder ---

describe("FairnessGraphBuilder", () => {
  it("places edges added in any order by state, keeping each state's edges in the order added", () => {
    const batch = fc.tuple(
      fc.integer({ min: 0, max: 9 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: -1, max: 2 })), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (batches, extra) => {
        const builder = new FairnessGraphBuilder(1);
        for (let g = 0; g < 3; g++) builder.addGroup(g === 1 ? "strong" : "weak");
        const expected = new Map<number, [number, number][]>();
        let highest = -1;
        for (const [state, edges] of batches) {
          builder.addEdges(
            state,
            edges.map(([t]) => t),
            edges.map(([, g]) => g),
          );
          expected.set(state, [...(expected.get(state) ?? []), ...edges]);
          highest = Math.max(highest, state, ...edges.map(([t]) => t));
        }
        const graph = builder.build(highest + 1 + extra);
        expect(graph.stateCount).toBe(highest + 1 + extra);
        expect(graph.groupKind).toEqual(["weak", "strong", "weak"]);
        for (let s = 0; s < graph.stateCount; s++) {
          const got = edgesOf(graph, s).map((e) => [graph.targets[e]!, graph.groups[e]!]);
          expect(got).toEqual(expected.get(s) ?? []);
          for (const e of edgesOf(graph, s)) expect(edgeSource(graph, e)).toBe(s);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses undeclared groups and a state count that drops states", () => {
    const builder = new FairnessGraphBuilder(1);
    builder.addGroup("weak");
    expect(() => builder.addEdges(0, [1], [1])).toThrow(RangeError);
    expect(() => builder.addEdges(0, [1], [])).toThrow(RangeError);
    builder.addEdges(0, [5], [0]);
    expect(() => builder.build(3)).toThrow(RangeError);
  });
});

// --- Scale: a million states, no recursion ---

/** A ring 0 → 1 → … → n−1 → 0 in weak group 0, built state by state in order, as BFS would. */
function ring(n: number, extra?: (builder: FairnessGraphBuilder, strong: number) => void): FairnessGraph {
  const builder = new FairnessGraphBuilder(1);
  builder.addGroup("weak");
  const strong = builder.addGroup("strong");
  const target = new Uint32Array(1);
  const group = new Int32Array([0]);
  for (let s = 0; s < n; s++) {
    target[0] = s + 1 === n ? 0 : s + 1;
    builder.addEdges(s, target, group);
  }
  extra?.(builder, strong);
  return builder.build();
}

describe("findFairLasso at scale", () => {
  const N = 1_000_000;
  // The search alone takes well under a second on these; the bound only catches a blow-up.
  const SECONDS = 5;

  /** The search, timed; the lasso checked afterwards, outside the timing. */
  function timedSearch(graph: FairnessGraph, q: FairLassoQuery): FairLasso | null {
    const started = performance.now();
    const lasso = findFairLasso(graph, q);
    const seconds = (performance.now() - started) / 1000;
    if (lasso !== null) expect(lassoProblem(graph, q, lasso)).toBeNull();
    expect(seconds).toBeLessThan(SECONDS);
    return lasso;
  }

  it("walks a ring of a million states", () => {
    const lasso = timedSearch(ring(N), query(N, [0]))!;
    expect(lasso.stem).toEqual([]);
    expect(lasso.loop.length).toBe(N);
  }, 30_000);

  it("follows a chain of a million states to the deadlock at its end", () => {
    const builder = new FairnessGraphBuilder(1);
    builder.addGroup("weak");
    // Added from the last state down, so the builder must place them.
    for (let s = N - 2; s >= 0; s--) builder.addEdges(s, [s + 1], [0]);
    const lasso = timedSearch(builder.build(N), query(N, [0]))!;
    expect(lasso.loopState).toBe(N - 1);
    expect(lasso.stem.length).toBe(N - 1);
    expect(lasso.loop).toEqual([]);
  }, 30_000);

  it("refines a million-state component under strong fairness", () => {
    // State 0 also enables strong group 1, by an edge to state N, which is outside: the ring is
    // unfair, and without state 0 what is left is a chain of a million components.
    const graph = ring(N, (builder, strong) => builder.addEdges(0, [N], [strong]));
    expect(timedSearch(graph, query(N + 1, [0], { outside: [N] }))).toBeNull();
  }, 30_000);
});
