// The frontier: states waiting to be expanded, each with its id in the fingerprint store.
// A FIFO for breadth-first search, a LIFO for depth-first search; both keep states and ids in
// parallel arrays (no entry objects) and drop consumed entries in blocks.

const COMPACT_AFTER = 1 << 16;

export class StateQueue<S> {
  private states: S[] = [];
  private ids: number[] = [];
  private head = 0;

  get length(): number {
    return this.states.length - this.head;
  }

  push(state: S, id: number): void {
    this.states.push(state);
    this.ids.push(id);
  }

  /** The waiting states, oldest first (a copy). */
  peekAll(): S[] {
    return this.states.slice(this.head);
  }

  /** The id of the entry `takeFirst` or `takeLast` will hand out next. */
  firstId(): number {
    return this.ids[this.head]!;
  }

  lastId(): number {
    return this.ids[this.ids.length - 1]!;
  }

  /** Removes and returns the oldest state; read its id with `firstId` before. */
  takeFirst(): S {
    const state = this.states[this.head]!;
    this.states[this.head] = undefined as S; // let the state be collected
    this.head++;
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.states.length) {
      this.states = this.states.slice(this.head);
      this.ids = this.ids.slice(this.head);
      this.head = 0;
    }
    return state;
  }

  /** Removes and returns the newest state; read its id with `lastId` before. */
  takeLast(): S {
    this.ids.pop();
    return this.states.pop()!;
  }
}
