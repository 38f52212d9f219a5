// Breadth-first search: states are expanded level by level, so the first violation found is at the
// smallest depth and its trace is a shortest counterexample.
import { NO_PARENT } from "../store/fingerprint-store.ts";
import { type Exploration, STOP } from "./exploration.ts";
import { type Pacer, yieldToEventLoop } from "./pacer.ts";
import { StateQueue } from "./state-queue.ts";

const CHECK_EVERY = 256;

export async function breadthFirst<S, A>(ex: Exploration<S, A>, pacer: Pacer): Promise<void> {
  const queue = new StateQueue<S>();
  const initial = ex.initialStates();
  if (initial === null) return;
  for (let i = 0; i < initial.length; i++) {
    const state = initial[i]!;
    const id = ex.visit(state, NO_PARENT, null, i);
    if (id === STOP) return;
    if (id >= 0) queue.push(state, id);
  }
  ex.depth = ex.store.size > 0 ? 1 : 0;

  let level = 1; // the depth of the states being expanded
  let leftInLevel = queue.length;
  const enqueue = (next: S, nextId: number) => {
    queue.push(next, nextId);
    if (ex.depth === level) ex.depth = level + 1;
  };
  const progress = () => ex.progress(queue.length, pacer.elapsedSeconds());

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
      const checkpoint = pacer.checkpoint(progress);
      if (checkpoint === "yield") await yieldToEventLoop();
      else if (checkpoint !== "go-on") {
        ex.stoppedBy = checkpoint;
        return;
      }
    }
  }
}
