// Breadth-first search: states are expanded level by level, so the first violation found is at the
// smallest depth and its trace is a shortest counterexample.
import type { Limit } from "../result.ts";
import type { Exploration } from "./exploration.ts";
import { keepPace, type Pacer } from "./pacer.ts";
import { StateQueue } from "./state-queue.ts";

const CHECK_EVERY = 256;

export async function breadthFirst<S, A>(ex: Exploration<S, A>, pacer: Pacer): Promise<void> {
  await breadthFirstUntil(ex, pacer, null);
}

/**
 * Where a search handed over: its queue, whose first `leftInLevel` states are what is left of
 * level `level` and the rest the states of the next level found so far.
 */
export interface HandedOver<S> {
  readonly queue: StateQueue<S>;
  readonly level: number;
  readonly leftInLevel: number;
}

/**
 * Breadth-first search that, at the start of each level and every few hundred states, asks
 * `handOver` whether to stop there and give its queue to someone else (the workers of a parallel
 * search). Returns it if so, null when the search ended here (done, a finding, or a limit).
 */
export async function breadthFirstUntil<S, A>(
  ex: Exploration<S, A>,
  pacer: Pacer,
  handOver: ((queue: StateQueue<S>) => Promise<boolean>) | null,
): Promise<HandedOver<S> | null> {
  const queue = new StateQueue<S>();
  let level = 1; // the depth of the states being expanded
  const enqueue = (next: S, nextId: number) => {
    queue.push(next, nextId);
    ex.reached(level + 1);
  };
  if (!ex.visitInitial((state, id) => queue.push(state, id))) return null;

  const progress = () => ex.progress(queue.length, pacer.elapsedSeconds());
  const stop = (reason: Limit) => ex.stop(reason);
  let leftInLevel = queue.length;
  let sinceCheck = 0;
  while (queue.length > 0) {
    if (leftInLevel === 0) {
      level++;
      leftInLevel = queue.length;
    }
    if (
      handOver !== null &&
      (leftInLevel === queue.length || sinceCheck === 0) &&
      level < ex.limits.maxDepth
    ) {
      if (await handOver(queue)) return { queue, level, leftInLevel };
    }
    leftInLevel--;
    const id = queue.firstId();
    const state = queue.takeFirst();
    if (level >= ex.limits.maxDepth) {
      ex.cutAtDepth();
      continue;
    }
    if (!ex.expand(state, id, enqueue)) return null;
    if (++sinceCheck === CHECK_EVERY) {
      sinceCheck = 0;
      if (!(await keepPace(pacer, progress, stop))) return null;
    }
  }
  return null;
}
