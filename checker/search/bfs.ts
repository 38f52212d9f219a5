// Breadth-first search: states are expanded level by level, so the first violation found is at the
// smallest depth and its trace is a shortest counterexample.
import type { Exploration } from "./exploration.ts";
import { keepPace, type Pacer } from "./pacer.ts";
import { StateQueue } from "./state-queue.ts";

const CHECK_EVERY = 256;

export async function breadthFirst<S, A>(ex: Exploration<S, A>, pacer: Pacer): Promise<void> {
  const queue = new StateQueue<S>();
  let level = 1; // the depth of the states being expanded
  const enqueue = (next: S, nextId: number) => {
    queue.push(next, nextId);
    if (ex.depth === level) ex.depth = level + 1;
  };
  if (!ex.visitInitial((state, id) => queue.push(state, id))) return;

  const progress = () => ex.progress(queue.length, pacer.elapsedSeconds());
  const stop = (reason: typeof ex.stoppedBy) => (ex.stoppedBy = reason);
  let leftInLevel = queue.length;
  let sinceCheck = 0;
  while (queue.length > 0) {
    if (leftInLevel === 0) {
      level++;
      leftInLevel = queue.length;
    }
    leftInLevel--;
    const id = queue.firstId();
    const state = queue.takeFirst();
    if (level >= ex.limits.maxDepth) {
      ex.depthBounded = true;
      continue;
    }
    if (!ex.expand(state, id, enqueue)) return;
    if (++sinceCheck === CHECK_EVERY) {
      sinceCheck = 0;
      if (!(await keepPace(pacer, progress, stop))) return;
    }
  }
}
