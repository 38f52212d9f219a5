// Keeps a long search in touch with the world: progress about once a second, the time limit, and
// Ctrl-C. The search loop is synchronous for speed, so it must hand control back to the event loop
// now and then, or a SIGINT handler would never get to run; it does so every ~50 ms.
import { getHeapStatistics } from "node:v8";
import type { Progress } from "./exploration.ts";

const PROGRESS_EVERY_MS = 1000;
const YIELD_EVERY_MS = 50;

/**
 * Past 85% of V8's heap limit, less a margin (the limit counts the young generation, which is
 * not free for the queue to grow into), a search stops with a partial result rather than let the
 * process die out of memory and lose everything.
 */
const HEAP_STOP_FRACTION = 0.85;
const HEAP_STOP_MARGIN = 64 * 2 ** 20;

export type Checkpoint = "go-on" | "yield" | "time-limit" | "interrupted" | "memory";

export class Pacer {
  private readonly started = performance.now();
  private nextProgress: number;
  private nextYield: number;
  private readonly deadline: number;

  constructor(
    timeLimitSeconds: number,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    /** --memory-limit: the resident size of the whole process (workers and shared memory included). */
    private readonly memoryLimitBytes = Infinity,
  ) {
    this.nextProgress = this.started + PROGRESS_EVERY_MS;
    this.nextYield = this.started + YIELD_EVERY_MS;
    this.deadline = Number.isFinite(timeLimitSeconds) ? this.started + timeLimitSeconds * 1000 : Infinity;
  }

  elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Called every few hundred expansions with a way to read the current figures. */
  checkpoint(progress: () => Progress): Checkpoint {
    const now = performance.now();
    if (this.signal?.aborted) return "interrupted";
    if (now >= this.deadline) return "time-limit";
    if (now >= this.nextProgress) {
      this.nextProgress = now + PROGRESS_EVERY_MS;
      this.onProgress?.(progress());
    }
    if (now >= this.nextYield) {
      this.nextYield = now + YIELD_EVERY_MS;
      const heap = getHeapStatistics();
      if (heap.used_heap_size > HEAP_STOP_FRACTION * heap.heap_size_limit - HEAP_STOP_MARGIN) return "memory";
      if (this.memoryLimitBytes !== Infinity && process.memoryUsage.rss() > this.memoryLimitBytes)
        return "memory";
      return "yield";
    }
    return "go-on";
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * What a strategy does every few hundred expansions: report progress, check the limits, and let
 * the event loop run. Returns false when the search must stop (the reason is in `stoppedBy`).
 */
export async function keepPace(
  pacer: Pacer,
  progress: () => Progress,
  stop: (reason: Exclude<Checkpoint, "go-on" | "yield">) => void,
): Promise<boolean> {
  const checkpoint = pacer.checkpoint(progress);
  if (checkpoint === "go-on") return true;
  if (checkpoint === "yield") {
    await yieldToEventLoop();
    return true;
  }
  stop(checkpoint);
  return false;
}
