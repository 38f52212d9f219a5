// Depth-first search, iterative: the frontier is a stack, and the most recently found state is
// expanded next. It finds the same states as breadth-first search, with a frontier that is often
// much smaller, but its counterexamples are not the shortest. Its depth is that of the search
// tree, so it differs from BFS's. With --max-depth, a state first reached by a deep path is cut even
// if a shorter path exists, which is one more reason a bounded DFS is reported as incomplete.
import type { Limit } from "../result.ts";
import type { Exploration } from "./exploration.ts";
import { keepPace, type Pacer } from "./pacer.ts";
import { StateQueue } from "./state-queue.ts";

const CHECK_EVERY = 256;

export async function depthFirst<S, A>(ex: Exploration<S, A>, pacer: Pacer): Promise<void> {
  const stack = new StateQueue<S>();
  const depths: number[] = [];
  let childDepth = 1;
  const push = (next: S, nextId: number) => {
    stack.push(next, nextId);
    depths.push(childDepth);
    ex.reached(childDepth);
  };
  if (!ex.visitInitial(push)) return;

  const progress = () => ex.progress(stack.length, pacer.elapsedSeconds());
  const stop = (reason: Limit) => ex.stop(reason);
  let sinceCheck = 0;
  while (stack.length > 0) {
    const id = stack.lastId();
    const state = stack.takeLast();
    const depth = depths.pop()!;
    if (depth >= ex.limits.maxDepth) {
      ex.cutAtDepth();
      continue;
    }
    childDepth = depth + 1;
    if (!ex.expand(state, id, push)) return;
    if (++sinceCheck === CHECK_EVERY) {
      sinceCheck = 0;
      if (!(await keepPace(pacer, progress, stop))) return;
    }
  }
}
