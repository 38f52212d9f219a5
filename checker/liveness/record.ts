// What a liveness check needs from the search, recorded while it runs: for each stored state, the
// truth of each property's predicates (a byte per property), and its edges — target state, the
// action's index among the state's candidates, and the fairness group of each family the action
// belongs to — collected by the FairnessGraphBuilder (checker/liveness/graph.ts) state by state.
// Memory: see graph.ts for the edges; one byte per state and property for the predicates.
import type { Fairness, LivenessProperty } from "../model/contract.ts";
import type { SearchObserver } from "../search/exploration.ts";
import { type FairnessGraph, FairnessGraphBuilder } from "./graph.ts";

const P = 1;
const Q = 2;

export class LivenessRecorder<S, A> implements SearchObserver<S, A> {
  /** truths[i][state]: bit P (and Q) of property i in that state. */
  private readonly truths: Uint8Array[];
  private readonly builder: FairnessGraphBuilder;
  private readonly groupIds = new Map<string, number>();
  private readonly groupNames: string[] = [];
  private stateCount = 0;
  // The edges of the state being expanded, handed to the builder when the next one begins.
  private open = -1;
  private targets: number[] = [];
  private groups: number[] = [];
  private labels: number[] = [];

  constructor(
    readonly properties: readonly LivenessProperty<S>[],
    readonly fairness: readonly Fairness<A>[],
  ) {
    this.truths = properties.map(() => new Uint8Array(1024));
    this.builder = new FairnessGraphBuilder(fairness.length);
  }

  /** Evaluates the properties' predicates on a newly stored state (they may throw: the caller reports it). */
  stored(id: number, state: S): void {
    for (let i = 0; i < this.properties.length; i++) {
      const property = this.properties[i]!;
      let bits = property.p(state) ? P : 0;
      if (property.q && property.q(state)) bits |= Q;
      let column = this.truths[i]!;
      if (id >= column.length) {
        const grown = new Uint8Array(Math.max(id + 1, column.length * 2));
        grown.set(column);
        this.truths[i] = column = grown;
      }
      column[id] = bits;
    }
    if (id >= this.stateCount) this.stateCount = id + 1;
  }

  /** Starts the edges of state `id` (each state is expanded once). */
  expanding(id: number): void {
    this.flush();
    this.open = id;
  }

  /** An edge of the open state: to `target`, by its action number `index`. */
  edge(target: number, index: number, action: A): void {
    this.targets.push(target);
    this.labels.push(index);
    for (const family of this.fairness) {
      const key = family.group(action);
      this.groups.push(key === null ? -1 : this.groupId(family, key));
    }
  }

  /** Whether p (or q) holds in a state. */
  holds(property: number, state: number, which: "p" | "q"): boolean {
    return (this.truths[property]![state]! & (which === "p" ? P : Q)) !== 0;
  }

  /** The graph of everything recorded; each edge's label is its action's index. Call once. */
  graph(): FairnessGraph {
    this.flush();
    return this.builder.build(this.stateCount);
  }

  /** A group's words: "delivery: deliver P1→P2 …". */
  groupName(id: number): string {
    return this.groupNames[id] ?? String(id);
  }

  private flush(): void {
    if (this.open >= 0) this.builder.addEdges(this.open, this.targets, this.groups, this.labels);
    this.open = -1;
    this.targets = [];
    this.groups = [];
    this.labels = [];
  }

  private groupId(family: Fairness<A>, key: string): number {
    const name = `${family.name}: ${key}`;
    let id = this.groupIds.get(name);
    if (id === undefined) {
      id = this.builder.addGroup(family.kind);
      this.groupIds.set(name, id);
      this.groupNames.push(name);
    }
    return id;
  }
}
