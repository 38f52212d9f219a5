// Typed access to an actor state by process id. The state keeps local states in an array, in
// process declaration order; the lookup keeps the id → position table, so that invariants, views
// and liveness properties name processes instead of counting positions, and get each process's
// own local type (the coordinator's, an acceptor's) rather than the union of all of them.
import { CheckerError } from "../errors.ts";
import type { ActorState } from "./contract.ts";
import type { AnyProcess, IdOf, LocalAt, LocalOf } from "./system.ts";

export interface Lookup<P extends AnyProcess> {
  /** Every id, in declaration order. */
  readonly ids: readonly IdOf<P>[];
  /** The local state of process `id`. */
  local<I extends IdOf<P>>(state: ActorState<LocalOf<P>, unknown>, id: I): LocalAt<P, I>;
  /** The local states of processes `ids`, in that order. */
  locals<I extends IdOf<P>>(state: ActorState<LocalOf<P>, unknown>, ids: readonly I[]): LocalAt<P, I>[];
  /** Whether process `id` is up (not crashed). */
  isUp(state: ActorState<LocalOf<P>, unknown>, id: IdOf<P>): boolean;
  /**
   * The position of process `id` in `locals`, `up` and `timers`. Any string: ids read off the state
   * (an envelope's `to`) are strings; one that names no process is an error.
   */
  indexOf(id: string): number;
}

export function lookup<P extends AnyProcess>(processes: readonly P[]): Lookup<P> {
  const ids = processes.map((p): IdOf<P> => p.id);
  const positions = new Map<string, number>(ids.map((id, i) => [id, i]));
  const indexOf = (id: string): number => {
    const index = positions.get(id);
    if (index === undefined) {
      throw new CheckerError("bad-model", `no process ${id} (processes: ${ids.join(", ")})`);
    }
    return index;
  };
  return {
    ids,
    // The table says which process sits at each position, and so which local type it holds.
    local: (state, id) => state.locals[indexOf(id)] as LocalAt<P, typeof id>,
    locals: (state, wanted) => wanted.map((id) => state.locals[indexOf(id)] as LocalAt<P, typeof id>),
    isUp: (state, id) => state.up[indexOf(id)]!,
    indexOf,
  };
}
