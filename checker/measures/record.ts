// What measuring needs from the search, recorded while it runs: every edge of the state graph (its
// source, target and action index) and, per measure, what the edge adds to which key and which
// keys it opens and closes; per state, how many actions were enabled and how many successors the
// constraint cut. The measures' functions are called once per edge, here; the graph algorithms
// (./extremes.ts) then work on numbers only.
//
// Memory: 12 bytes per edge, plus 13 bytes per (edge, measure, key) entry that is not empty, plus
// 9 bytes per state.
import { describeThrown } from "../errors.ts";
import type { StateMachine } from "../model/contract.ts";
import type { StepEvent } from "../model/step-event.ts";
import type { SearchObserver } from "../search/exploration.ts";
import type { Measure, MeasuredStep, StepCost, StepKeys } from "./contract.ts";
import { LocalInterner } from "../encoding/interner.ts";
import { GrowingArray } from "./growing-array.ts";

/** An entry's key when a cost is one number: it counts for every key. */
export const EVERY_KEY = -1;
export const OPENS = 1;
export const CLOSES = 2;

/** A measure's function threw, or gave a negative cost: recording stops, and the run reports it. */
class MeasureFailed extends Error {}

export class MeasureRecorder<S, A> implements SearchObserver<S, A> {
  // Edges, in the order the search took them.
  readonly sources = new GrowingArray(Uint32Array);
  readonly targets = new GrowingArray(Uint32Array);
  readonly actionIndexes = new GrowingArray(Uint32Array);
  /** entryStart[e] .. entryStart[e + 1]: edge e's entries. */
  readonly entryStart = new GrowingArray(Uint32Array);
  // Entries: which measure, which key, what it adds, and whether it opens or closes the key.
  readonly entryMeasure = new GrowingArray(Uint8Array);
  readonly entryKey = new GrowingArray(Int32Array);
  readonly entryAmount = new GrowingArray(Float64Array);
  readonly entryFlags = new GrowingArray(Uint8Array);
  // States.
  readonly enabled = new GrowingArray(Uint32Array);
  readonly cut = new GrowingArray(Uint32Array);
  readonly expandedFlag = new GrowingArray(Uint8Array);
  stateCount = 0;
  /** The keys of occurrences and costs, as small ids. */
  readonly keys = new LocalInterner();
  private open = -1;
  private readonly initialAmounts = new Map<number, number[]>();
  /** What went wrong in a measure, if anything: the run reports it as the model's error. */
  failure: string | null = null;

  constructor(
    readonly machine: StateMachine<S, A>,
    readonly measures: readonly Measure<S, A>[],
  ) {
    if (measures.length > 255) this.failure = "a model declares at most 255 measures";
    this.entryStart.push(0);
  }

  stored(id: number, state: S): void {
    if (id >= this.stateCount) this.stateCount = id + 1;
    // The initial states are stored before any state is expanded.
    if (this.open === -1 && this.failure === null) this.labelInitial(id, state);
  }

  /** What initial state `id` adds to measure m's executions (0 for a state that is not initial). */
  initialAmount(id: number, m: number): number {
    return this.initialAmounts.get(id)?.[m] ?? 0;
  }

  private labelInitial(id: number, state: S): void {
    if (!this.measures.some((m) => m.initial !== undefined && (m.scope ?? "execution") === "execution"))
      return;
    let event: StepEvent | null = null;
    try {
      event = this.machine.eventOf?.(state, null) ?? null;
      const amounts = this.measures.map((measure) => {
        if (measure.initial === undefined || (measure.scope ?? "execution") !== "execution") return 0;
        return checked(measure.name, "", measure.initial(state, event));
      });
      this.initialAmounts.set(id, amounts);
    } catch (error) {
      if (error instanceof MeasureFailed) this.failure = error.message;
      else this.failure = `a measure of an initial state threw ${describeThrown(error)}`;
    }
  }

  expanding(id: number): void {
    this.open = id;
  }

  edge(target: number, index: number, action: A, from: S, to: S): void {
    if (this.failure !== null) return;
    const mark = this.entryMeasure.length;
    try {
      this.label(action, from, to);
    } catch (error) {
      if (!(error instanceof MeasureFailed)) throw error;
      this.failure = error.message;
      for (const entries of [this.entryMeasure, this.entryKey, this.entryAmount, this.entryFlags])
        entries.truncate(mark);
      return;
    }
    this.sources.push(this.open);
    this.targets.push(target);
    this.actionIndexes.push(index);
    this.entryStart.push(this.entryMeasure.length);
  }

  /** The entries of one edge: what each measure's cost adds, and the keys it opens and closes. */
  private label(action: A, from: S, to: S): void {
    const step: MeasuredStep<S, A> = { from, action, to, event: this.eventOf(from, action, to) };
    for (let m = 0; m < this.measures.length; m++) {
      const measure = this.measures[m]!;
      const scope = measure.scope ?? "execution";
      let cost: StepCost;
      let opens: StepKeys = null;
      let closes: StepKeys = null;
      try {
        cost = measure.cost(step);
        if (scope !== "execution") {
          opens = scope.opens(step);
          closes = scope.closes?.(step) ?? null;
        }
      } catch (error) {
        throw new MeasureFailed(`measure ${measure.name} threw ${describeThrown(error)}`);
      }
      this.addCost(m, measure.name, cost);
      for (const key of keysOf(opens)) this.addEntry(m, this.keyId(key), 0, OPENS);
      for (const key of keysOf(closes)) this.addEntry(m, this.keyId(key), 0, CLOSES);
    }
  }

  expanded(id: number, enabled: number, cut: number): void {
    this.enabled.set(id, enabled);
    this.cut.set(id, cut);
    this.expandedFlag.set(id, 1);
  }

  get edgeCount(): number {
    return this.sources.length;
  }

  private eventOf(from: S, action: A, to: S) {
    if (!this.machine.eventOf) return null;
    try {
      return this.machine.eventOf(to, { state: from, action });
    } catch (error) {
      throw new MeasureFailed(`the step event of a measured step threw ${describeThrown(error)}`);
    }
  }

  private addCost(m: number, name: string, cost: StepCost): void {
    if (typeof cost === "number") {
      if (cost !== 0) this.addEntry(m, EVERY_KEY, checked(name, "", cost), 0);
      return;
    }
    const entries = cost instanceof Map ? [...cost] : Object.entries(cost);
    for (const [key, amount] of entries) {
      if (amount !== 0) this.addEntry(m, this.keyId(key), checked(name, key, amount), 0);
    }
  }

  private addEntry(m: number, key: number, amount: number, flags: number): void {
    this.entryMeasure.push(m);
    this.entryKey.push(key);
    this.entryAmount.push(amount);
    this.entryFlags.push(flags);
  }

  private keyId(key: string): number {
    return this.keys.idOf(key);
  }
}

function keysOf(keys: StepKeys): readonly string[] {
  if (keys === null || keys === undefined) return [];
  return typeof keys === "string" ? [keys] : keys;
}

function checked(measure: string, key: string, amount: unknown): number {
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0) {
    throw new MeasureFailed(
      `measure ${measure} gave a step the cost ${String(amount)}${key === "" ? "" : ` for ${key}`}: a cost is a finite number, 0 or more`,
    );
  }
  return amount;
}
