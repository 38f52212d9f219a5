// Depth-first search, iterative: the frontier is a stack, and the most recently found state is
// expanded next. It finds the same states as breadth-first search, with a frontier that is often
// much smaller, but its counterexamples are not the shortest. Its depth is that of the search
// tree, so it differs from BFS's. With --max-depth, a state first reached by a deep path is cut even
// if a shorter path exists, which is one more reason a bounded DFS is reported as incomplete.
import { NO_PARENT } from "../store/fingerprint-store.ts";
import { type Exploration, STOP } from "./exploration.ts";
import { type Pacer, yieldToEventLoop } from "./pacer.ts";
import { StateQueue } from "./state-queue.ts";

const CHECK_EVERY = 256;

export async function depthFirst<S, A>(ex: Exploration<S, A>, pacer: Pacer): Promise<void> {
  const stack = new StateQueue<S>();
  const depths: number[] = [];
  const initial = ex.initialStates();
  if (initial === null) return;
  for (let i = 0; i < initial.length; i++) {
    const state = initial[i]!;
    const id = ex.visit(state, NO_PARENT, null, i);
    if (id === STOP) return;
    if (id >= 0) {
      stack.push(state, id);
      depths.push(1);
    }
  }
  ex.depth = ex.store.size > 0 ? 1 : 0;

  let childDepth = 0;
  const push = (next: S, nextId: number) => {
    stack.push(next, nextId);
    depths.push(childDepth);
    if (childDepth > ex.depth) ex.depth = childDepth;
  };
  const progress = () => ex.progress(stack.length, pacer.elapsedSeconds());

  let sinceCheck = 0;
  while (stack.length > 0) {
    const id = stack.lastId();
    const state = stack.takeLast();
    const depth = depths.pop()!;
    if (depth >= ex.limits.maxDepth) {
      ex.depthBounded = true;
      continue;
    }
    childDepth = depth + 1;
    if (!ex.expand(state, id, push)) return;
    if (++sinceCheck === CHECK_EVERY) {
      sinceCheck = 0;
      const checkpoint = pacer.checkpoint(progress);
      if (checkpoint === "yield") await yieldToEventLoop();
      else if (checkpoint !== "go-on") {
        ex.stoppedBy = checkpoint;
        return;
      }
    }
  }
}
