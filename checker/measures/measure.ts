// From the recorded graph to each measure's figures: the windows of each key (./extremes.ts
// computes their extremes), then every witness replayed on the model from scratch and measured
// again along the replayed steps, as every trace the checker shows is checked again.
import { fingerprintHex } from "../encoding/index.ts";
import type { StateMachine } from "../model/contract.ts";
import { NO_PARENT } from "../store/fingerprint-store.ts";
import type { StateStore } from "../store/state-store.ts";
import { replaySteps } from "../trace/replay.ts";
import type { Measure, MeasuredStep, StepCost } from "./contract.ts";
import {
  type Extreme,
  type Graph,
  graphOf,
  type Lasso,
  maximum,
  minimum,
  type Origin,
  type Source,
  type Window,
} from "./extremes.ts";
import { CLOSES, EVERY_KEY, type MeasureRecorder, OPENS } from "./record.ts";
import type { MeasureExtreme, MeasureResult, MeasureWitness } from "./result.ts";

/** A witness that does not replay to its figure: the model is not deterministic, or a measure is not pure. */
export class WitnessDiverged extends Error {}

export function computeMeasures<S, A>(
  recorder: MeasureRecorder<S, A>,
  store: StateStore,
  machine: StateMachine<S, A>,
  notes: readonly string[],
): MeasureResult<S, A>[] {
  const nodeCount = Math.max(recorder.stateCount, store.size);
  const graph = graphOf(nodeCount, recorder.sources.copy(), recorder.targets.copy());
  const depth = new Float64Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) {
    const parent = store.parentOf(v);
    depth[v] = parent === NO_PARENT ? 0 : depth[parent]! + 1;
  }
  const ends = new Uint8Array(nodeCount);
  const cut = new Uint8Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) {
    if (!recorder.expandedFlag.at(v)) cut[v] = 1;
    else {
      if (recorder.enabled.at(v) === 0) ends[v] = 1;
      if (recorder.cut.at(v) > 0) cut[v] = 1;
    }
  }
  const stateAt = storedStates(machine, store);
  return recorder.measures.map((measure, m) => {
    const scope = measure.scope ?? "execution";
    const keys = scope === "execution" ? [null] : keysOpened(recorder, m);
    const untilEnd = scope === "execution" || scope.closes === undefined;
    const windows = keys.map((key) => ({
      key,
      window: windowOf(recorder, graph, depth, ends, m, key, untilEnd),
    }));
    const perKey = windows.map(({ key, window }) => ({
      key,
      window,
      min: minimum(graph, window),
      max: maximum(graph, window),
      cutShort: reachesCut(graph, window, cut),
    }));
    const occurrences =
      scope === "execution"
        ? windows[0]!.window.sources.length
        : windows.reduce((n, { window }) => n + window.sources.length + window.immediate.length, 0);
    const lowest = pick(
      perKey,
      (a, b) => a.min !== null && (b.min === null || lessExtreme(a.min, b.min)),
      (k) => k.min,
    );
    const highest = pick(
      perKey,
      (a, b) => a.max !== null && (b.max === null || greaterMaximum(a.max, b.max)),
      (k) => k.max,
    );
    const witness = (key: string | null, origin: Origin, edges: readonly number[], loopFrom: number | null) =>
      replayWitness(recorder, store, machine, stateAt, graph, measure, key, origin, edges, loopFrom);
    const min =
      lowest?.min == null
        ? null
        : checkedValue(
            measure,
            lowest.min.value,
            witness(lowest.key, lowest.min.origin, lowest.min.edges, null),
          );
    let max: MeasureExtreme<S, A> | null = null;
    if (highest?.max != null) {
      const found = highest.max;
      max =
        found.kind === "bounded"
          ? checkedValue(
              measure,
              found.extreme.value,
              witness(highest.key, found.extreme.origin, found.extreme.edges, null),
            )
          : checkedLasso(
              measure,
              witness(highest.key, found.lasso.origin, found.lasso.edges, found.lasso.loopFrom),
              found.lasso,
            );
    }
    const extraNotes = perKey.some((k) => k.cutShort)
      ? [
          "some occurrences run on past what the search explored (the model's constraint, or a limit, cut them short): the figures are over those it completed",
        ]
      : [];
    return {
      name: measure.name,
      ...(measure.description === undefined ? {} : { description: measure.description }),
      scope: scope === "execution" ? "execution" : "occurrence",
      occurrences,
      min,
      max,
      ...(scope === "execution"
        ? {}
        : {
            byKey: Object.fromEntries(
              perKey.map((k) => [
                k.key!,
                {
                  min: k.min?.value ?? null,
                  max:
                    k.max === null
                      ? null
                      : k.max.kind === "unbounded"
                        ? ("unbounded" as const)
                        : k.max.extreme.value,
                },
              ]),
            ),
          }),
      notes: [...notes, ...extraNotes],
    } satisfies MeasureResult<S, A>;
  });
}

function pick<T, R>(items: readonly T[], better: (a: T, b: T) => boolean, has: (t: T) => R | null): T | null {
  let best: T | null = null;
  for (const item of items) if (has(item) !== null && (best === null || better(item, best))) best = item;
  return best;
}

function lessExtreme(a: Extreme, b: Extreme): boolean {
  return a.value < b.value || (a.value === b.value && a.length < b.length);
}

function greaterMaximum(
  a: NonNullable<ReturnType<typeof maximum>>,
  b: NonNullable<ReturnType<typeof maximum>>,
): boolean {
  if (a.kind === "unbounded") return b.kind !== "unbounded";
  if (b.kind === "unbounded") return false;
  return (
    a.extreme.value > b.extreme.value ||
    (a.extreme.value === b.extreme.value && a.extreme.length < b.extreme.length)
  );
}

function keysOpened<S, A>(recorder: MeasureRecorder<S, A>, m: number): string[] {
  const ids = new Set<number>();
  for (let i = 0; i < recorder.entryMeasure.length; i++) {
    if (recorder.entryMeasure.at(i) === m && recorder.entryFlags.at(i) & OPENS)
      ids.add(recorder.entryKey.at(i));
  }
  return [...ids].sort((a, b) => a - b).map((id) => recorder.keys.textOf(id));
}

/** One key's window of measure m (key null: scope "execution", every entry counts). */
function windowOf<S, A>(
  recorder: MeasureRecorder<S, A>,
  graph: Graph,
  depth: Float64Array,
  ends: Uint8Array,
  m: number,
  key: string | null,
  untilEnd: boolean,
): Window {
  const edges = recorder.edgeCount;
  const keyId = key === null ? null : recorder.keys.idOf(key);
  const cost = new Float64Array(edges);
  const opens = new Uint8Array(edges);
  const closes = new Uint8Array(edges);
  for (let e = 0; e < edges; e++) {
    for (let i = recorder.entryStart.at(e); i < recorder.entryStart.at(e + 1); i++) {
      if (recorder.entryMeasure.at(i) !== m) continue;
      const entryKey = recorder.entryKey.at(i);
      const flags = recorder.entryFlags.at(i);
      if (keyId === null) {
        if (flags === 0) cost[e]! += recorder.entryAmount.at(i);
        continue;
      }
      if (entryKey !== keyId && entryKey !== EVERY_KEY) continue;
      if (flags & OPENS) opens[e] = 1;
      if (flags & CLOSES) closes[e] = 1;
      if (flags === 0) cost[e]! += recorder.entryAmount.at(i);
    }
  }
  if (keyId === null) {
    const sources: Source[] = [];
    for (let v = 0; v < graph.nodeCount; v++) {
      if (depth[v] === 0) {
        const value = recorder.initialAmount(v, m);
        sources.push({ node: v, value, length: 1, origin: { kind: "node", node: v } });
      }
    }
    return { cost, closes, endsAt: ends, sources, immediate: [] };
  }
  const sources: Source[] = [];
  const immediate: Window["immediate"][number][] = [];
  for (let e = 0; e < edges; e++) {
    if (!opens[e]) continue;
    const length = depth[graph.edgeSource[e]!]! + 2;
    const origin = { kind: "edge", edge: e } as const;
    // A step that opens and closes the key is an occurrence of its own.
    if (closes[e]) immediate.push({ node: graph.edgeTarget[e]!, value: cost[e]!, length, origin });
    else sources.push({ node: graph.edgeTarget[e]!, value: cost[e]!, length, origin });
  }
  return { cost, closes, endsAt: untilEnd ? ends : null, sources, immediate };
}

/** Whether an open occurrence can reach a state the search did not finish expanding. */
function reachesCut(graph: Graph, window: Window, cut: Uint8Array): boolean {
  const seen = new Uint8Array(graph.nodeCount);
  const queue = window.sources.map((s) => s.node);
  for (const v of queue) seen[v] = 1;
  for (let q = 0; q < queue.length; q++) {
    const x = queue[q]!;
    if (cut[x]) return true;
    for (let i = graph.outStart[x]!; i < graph.outStart[x + 1]!; i++) {
      const e = graph.outEdges[i]!;
      const y = graph.edgeTarget[e]!;
      if (!window.closes[e] && !seen[y]) {
        seen[y] = 1;
        queue.push(y);
      }
    }
  }
  return false;
}

interface Replayed<S, A> {
  readonly witness: MeasureWitness<S, A>;
  /** The measure summed again over the replayed occurrence (for a lasso: over the loop). */
  readonly value: number;
}

function replayWitness<S, A>(
  recorder: MeasureRecorder<S, A>,
  store: StateStore,
  machine: StateMachine<S, A>,
  stateAt: (id: number) => S,
  graph: Graph,
  measure: Measure<S, A>,
  key: string | null,
  origin: Origin,
  edges: readonly number[],
  loopFrom: number | null,
): Replayed<S, A> {
  const start = origin.kind === "node" ? origin.node : graph.edgeSource[origin.edge]!;
  const prefix = store.pathTo(start).map((id) => store.stepOf(id));
  const from = prefix.length - 1;
  const window = origin.kind === "edge" ? [origin.edge, ...edges] : [...edges];
  const steps = [
    ...prefix,
    ...actionIndexes(
      machine,
      stateAt,
      start,
      window.map((e) => graph.edgeTarget[e]!),
      window.map((e) => recorder.actionIndexes.at(e)),
    ),
  ];
  const replay = replaySteps(machine, store, steps);
  if (!replay.ok)
    throw new WitnessDiverged(`the witness of measure ${measure.name} did not replay: ${replay.message}`);
  const trace = replay.steps;
  // The loop's first state: where the lasso's cycle edge leaves.
  const loopStart = loopFrom === null ? null : from + (origin.kind === "edge" ? 1 : 0) + loopFrom;
  // An execution's value starts at what its initial state adds; a lasso counts its loop alone.
  let value =
    key === null && loopStart === null && (measure.scope ?? "execution") === "execution"
      ? (measure.initial?.(trace[0]!.state, trace[0]!.event ?? null) ?? 0)
      : 0;
  const firstCounted = loopStart ?? from;
  for (let i = firstCounted; i + 1 < trace.length; i++) {
    const step: MeasuredStep<S, A> = {
      from: trace[i]!.state,
      action: trace[i + 1]!.action as A,
      to: trace[i + 1]!.state,
      event: trace[i + 1]!.event ?? null,
    };
    value += costFor(measure.cost(step), key);
  }
  if (
    loopStart !== null &&
    fingerprintHex(trace[loopStart]!.state) !== fingerprintHex(trace[trace.length - 1]!.state)
  ) {
    throw new WitnessDiverged(
      `the lasso witness of measure ${measure.name} does not come back to the state its loop starts from`,
    );
  }
  return { witness: { trace, loopStart, from, key }, value };
}

/**
 * The action indexes that take the trace from the end of `prefix` through `targets`. An action's
 * index is its place in `actions(state)`, which may differ between two paths to the same state (a
 * map of messages in flight lists them in the order they were sent): the index the search recorded
 * is tried first, and where it does not lead to the target, the action that does.
 */
function actionIndexes<S, A>(
  machine: StateMachine<S, A>,
  stateAt: (id: number) => S,
  start: number,
  targets: readonly number[],
  recorded: readonly number[],
): number[] {
  let state = stateAt(start);
  return targets.map((target, i) => {
    const wanted = fingerprintHex(stateAt(target));
    const actions = machine.actions(state);
    const leadsThere = (j: number) => {
      const next = j < actions.length ? machine.next(state, actions[j]!) : null;
      return next !== null && fingerprintHex(next) === wanted ? next : null;
    };
    let index = recorded[i]!;
    let next = leadsThere(index);
    for (let j = 0; next === null && j < actions.length; j++) {
      next = leadsThere(j);
      if (next !== null) index = j;
    }
    if (next === null) throw new WitnessDiverged(`no action leads where a witness's step went`);
    state = next;
    return index;
  });
}

/**
 * The state the search stored as `id`, computed along its trace link from an initial state, each
 * state computed once however many witnesses pass it (the witness itself is then replayed in
 * full, with every check a trace gets).
 */
export function storedStates<S, A>(machine: StateMachine<S, A>, store: StateStore): (id: number) => S {
  const known = new Map<number, S>();
  let initial: readonly S[] | null = null;
  return (id) => {
    const chain: number[] = [];
    let v = id;
    while (!known.has(v)) {
      chain.push(v);
      const parent = store.parentOf(v);
      if (parent === NO_PARENT) break;
      v = parent;
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const u = chain[k]!;
      const parent = store.parentOf(u);
      let state: S | null | undefined;
      if (parent === NO_PARENT) state = (initial ??= machine.init())[store.stepOf(u)];
      else {
        const from = known.get(parent)!;
        const action = machine.actions(from)[store.stepOf(u)];
        state = action === undefined ? null : machine.next(from, action);
      }
      if (state === null || state === undefined)
        throw new WitnessDiverged(
          `a witness's state did not replay: the model no longer takes the step the search took`,
        );
      known.set(u, state);
    }
    return known.get(id)!;
  };
}

function costFor(cost: StepCost, key: string | null): number {
  if (typeof cost === "number") return cost;
  const entries = cost instanceof Map ? [...cost] : Object.entries(cost);
  return entries.reduce((sum, [k, amount]) => (key === null || k === key ? sum + amount : sum), 0);
}

function checkedValue<S, A>(
  measure: Measure<S, A>,
  value: number,
  replayed: Replayed<S, A>,
): MeasureExtreme<S, A> & { value: number } {
  if (replayed.value !== value) {
    throw new WitnessDiverged(
      `measure ${measure.name}: the witness replayed to ${replayed.value}, where the search counted ${value}; the model is probably not deterministic, or the measure reads something outside the step`,
    );
  }
  return { value, witness: replayed.witness };
}

function checkedLasso<S, A>(
  measure: Measure<S, A>,
  replayed: Replayed<S, A>,
  lasso: Lasso,
): MeasureExtreme<S, A> {
  if (!(replayed.value > 0) || lasso.edges.length === 0) {
    throw new WitnessDiverged(
      `measure ${measure.name}: the lasso's loop replayed adds ${replayed.value}, not a positive cost`,
    );
  }
  return { value: "unbounded", witness: replayed.witness };
}
