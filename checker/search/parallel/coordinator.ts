// Parallel breadth-first search: level by level, the states of a level are expanded by N worker
// threads at once, all inserting into one shared fingerprint store (checker/store/shared-store.ts).
// Levels are kept apart (every state of level L is expanded before any of level L + 1), so the
// counts, the depth and the length of the shortest counterexample are those of a one-thread search.
//
// The search starts on this thread while the workers load the model (a few hundred milliseconds),
// and hands over at the first level boundary after they are ready with a level big enough to
// share; a small model is done before that, and the workers are simply stopped. From the handover
// on, this thread only coordinates: it hands out each level as a work list of frontier slices,
// grows the store when the workers pause for it, reports progress and enforces the limits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { SharedInterner } from "../../encoding/interner.ts";
import { StateCodec, UnshippableValue } from "../../encoding/state-codec.ts";
import { CheckerError, describeThrown } from "../../errors.ts";
import { setting } from "../../pipeline/setting.ts";
import { COMPILED } from "../../internal/own-files.ts";
import type { Limit } from "../../result.ts";
import type { SharedFingerprintStore } from "../../store/shared-store.ts";
import type { Exploration, Finding } from "../exploration.ts";
import { breadthFirstUntil } from "../bfs.ts";
import { keepPace, type Pacer } from "../pacer.ts";
import type { StateQueue } from "../state-queue.ts";
import { copiesDiffer } from "./copy-audit.ts";
import { type FrontierSlice, FrontierWriter, filesOf, statesIn } from "./frontier.ts";
import { LevelRunner } from "./level-runner.ts";
import {
  CONTROL,
  CONTROL_WORDS,
  type LevelReply,
  type LevelRequest,
  type WorkerSetup,
  type WorkerStartup,
} from "./protocol.ts";

/** A level this small is expanded here rather than shared out. */
const HANDOVER_STATES = 2_000;
const WATCH_EVERY_MS = 50;
// Compiled, the worker starts from its own module; from the sources, from an entry that registers tsx.
const ENTRY = new URL(COMPILED ? "./worker.js" : "./worker-entry.mjs", import.meta.url);
/** Past this fraction of --memory-limit (or of the machine's memory), full frontier chunks go to disk. */
const SPILL_FRACTION = 0.7;

export interface ParallelPlan {
  readonly workers: number;
  /** --memory-limit, in bytes (Infinity: none); the frontier spills to disk short of it. */
  readonly memoryLimitBytes: number;
  /**
   * For tests: the smallest level to share out (default 2,000), and whether to wait for the
   * workers at the first level that size rather than go on alone while they load.
   */
  readonly handover?: {
    readonly states: number;
    readonly waitForWorkers: boolean;
    /** Spill full frontier chunks to disk from this resident size on (0: always), of this size. */
    readonly spillAboveBytes?: number;
    readonly chunkBytes?: number;
  };
  readonly setup: Omit<WorkerSetup, "store" | "interner" | "control" | "spill">;
}

/** How many threads took part, and why fewer than asked for when that is so. */
export interface ParallelOutcome {
  readonly workers: number;
  readonly note: string | null;
  /** Symmetry counters of the workers' own canonicalizers, to add to this thread's. */
  readonly symmetryExact: number;
  readonly symmetryApproximate: number;
}

export async function parallelBreadthFirst<S, A>(
  ex: Exploration<S, A>,
  store: SharedFingerprintStore,
  pacer: Pacer,
  plan: ParallelPlan,
): Promise<ParallelOutcome> {
  const interner = SharedInterner.create();
  const control = new SharedArrayBuffer(4 * CONTROL_WORDS);
  const spillDirectory = mkdtempSync(join(tmpdir(), "check-frontier-"));
  const spillAbove =
    plan.handover?.spillAboveBytes ?? SPILL_FRACTION * Math.min(plan.memoryLimitBytes, totalmem());
  // This thread searches too: it is one of the `workers`, so one thread fewer is started.
  const pool = new WorkerPool(plan.workers - 1, {
    ...plan.setup,
    store: store.handle,
    interner: interner.handle,
    control,
    spill: {
      directory: spillDirectory,
      aboveBytes: spillAbove,
      ...(plan.handover?.chunkBytes === undefined ? {} : { chunkBytes: plan.handover.chunkBytes }),
    },
  });
  const codec = new StateCodec(interner);
  // Whether the search may go parallel with this frontier; null until a frontier was checked.
  let refusal: string | null = null;
  const handoverStates = plan.handover?.states ?? HANDOVER_STATES;
  const mayHandOver = async (queue: StateQueue<S>): Promise<boolean> => {
    if (refusal !== null || queue.length < handoverStates) return false;
    if (plan.handover?.waitForWorkers) await pool.whenSettled();
    if (!pool.ready) return false;
    refusal = copyProblem(ex, codec, queue.peekAll());
    return refusal === null;
  };
  try {
    const handed = await breadthFirstUntil(ex, pacer, mayHandOver);
    if (handed === null) {
      const note =
        refusal !== null
          ? `one worker: ${refusal}`
          : pool.failure !== null
            ? `one worker: the workers could not start: ${pool.failure}`
            : "one worker: the search finished before the workers were ready";
      return { workers: 1, note, symmetryExact: 0, symmetryApproximate: 0 };
    }
    // What is left of the level goes out as the first work list; the next level's states found
    // so far start the next one.
    const queue = handed.queue;
    const rest = new FrontierWriter(codec);
    const early = new FrontierWriter(codec);
    try {
      for (let i = 0; i < handed.leftInLevel; i++) {
        const id = queue.firstId();
        rest.add(id, queue.takeFirst());
      }
      while (queue.length > 0) {
        const id = queue.firstId();
        early.add(id, queue.takeFirst());
      }
    } catch (error) {
      if (error instanceof UnshippableValue) throw unshippable(error.message, plan.workers);
      throw error;
    }
    store.shareInsertion();
    const controlWords = new Int32Array(control);
    const spill = { directory: spillDirectory, aboveBytes: spillAbove, prefix: "main" };
    const runner = new LevelRunner(ex, store, codec, controlWords, spill, null);
    return await sharedLevels(ex, store, pacer, pool, runner, controlWords, {
      level: handed.level,
      slices: rest.take(),
      nextLevelSoFar: early.take(),
    });
  } finally {
    pool.stop();
    rmSync(spillDirectory, { recursive: true, force: true });
  }
}

/** The one-line error for a state that cannot cross threads (found past the sampled check). */
function unshippable(problem: string, workers: number): CheckerError {
  return new CheckerError(
    "bad-state-value",
    `${setting("workers", workers)}: a state of this model cannot be sent between threads (${problem}); run it with ${setting("workers", 1)}`,
  );
}

/** Why copies of these states cannot stand for them in worker threads, or null when they can. */
function copyProblem<S, A>(ex: Exploration<S, A>, codec: StateCodec, states: readonly S[]): string | null {
  try {
    const difference = copiesDiffer(ex.machine, codec, states);
    return difference === null
      ? null
      : `the model behaves differently on copies of its states (${difference}); its actions probably compare objects by identity, which worker threads cannot keep`;
  } catch (error) {
    return error instanceof UnshippableValue
      ? `a state of this model cannot be sent between threads: ${error.message}`
      : `checking that copies of states behave alike threw ${describeThrown(error)}`;
  }
}

/** The levels from the handover on, each shared out to the workers. */
async function sharedLevels<S, A>(
  ex: Exploration<S, A>,
  store: SharedFingerprintStore,
  pacer: Pacer,
  pool: WorkerPool,
  runner: LevelRunner<S, A>,
  control: Int32Array,
  start: {
    readonly level: number;
    readonly slices: FrontierSlice[];
    readonly nextLevelSoFar: FrontierSlice[];
  },
): Promise<ParallelOutcome> {
  let symmetryExact = 0;
  let symmetryApproximate = 0;
  let slices = start.slices;
  let level = start.level;
  let carried = start.nextLevelSoFar;
  let queued = statesIn(slices);
  const progress = () => ex.progress(queued, pacer.elapsedSeconds());
  const stop = (reason: Limit) => ex.stop(reason);
  const pace = () => keepPace(pacer, progress, stop);
  // The pacer is consulted on a timer: progress, the time limit, Ctrl-C and memory.
  const watch = setInterval(() => {
    const checkpoint = pacer.checkpoint(progress);
    if (checkpoint !== "go-on" && checkpoint !== "yield") {
      ex.stop(checkpoint);
      Atomics.store(control, CONTROL.stop, 1);
    }
  }, WATCH_EVERY_MS);
  try {
    while (slices.length > 0 || carried.length > 0) {
      if (level >= ex.limits.maxDepth) {
        ex.cutAtDepth();
        break;
      }
      const next: FrontierSlice[] = carried;
      carried = [];
      let work = coarsened(slices, pool.size + 1);
      queued = statesIn(work);
      for (;;) {
        Atomics.store(control, CONTROL.nextSlice, 0);
        const request = { slices: work, store: store.handle };
        const others = pool.run(request);
        const mine = await runner.run(request, pace);
        const replies = [mine, ...(await others)];
        const leftovers: FrontierSlice[] = [];
        for (const reply of replies) {
          for (const slice of reply.outputs) next.push(slice);
          for (const slice of reply.leftovers) leftovers.push(slice);
          // This thread's explorer is `ex` itself: its counts are in already.
          if (reply !== mine) {
            ex.addCounts(reply);
            symmetryExact += reply.symmetryExact;
            symmetryApproximate += reply.symmetryApproximate;
          }
          const found = reply.finding;
          if (found === null) continue;
          if (found.kind === "unshippable") throw unshippable(found.message, pool.size + 1);
          if (found.kind === "internal") throw new Error(found.message);
          if (found.kind === "limit") ex.stop(found.limit);
          // Workers stop together, so more than one may have found something: the nearest to
          // an initial state makes the shortest trace.
          else if (ex.finding === null || depthOf(store, found.finding) < depthOf(store, ex.finding))
            ex.foundElsewhere(found.finding);
        }
        if (ex.finding !== null || ex.stoppedBy !== null) {
          return { workers: pool.size + 1, note: null, symmetryExact, symmetryApproximate };
        }
        const claimed = Math.min(Atomics.load(control, CONTROL.nextSlice), work.length);
        const remaining = [...leftovers, ...work.slice(claimed)];
        if (store.wantsGrowth()) store.grow();
        if (remaining.length === 0) break;
        work = remaining;
      }
      for (const file of filesOf(slices)) rmSync(file, { force: true });
      if (next.length > 0) ex.reached(level + 1);
      level++;
      slices = next;
    }
    return { workers: pool.size + 1, note: null, symmetryExact, symmetryApproximate };
  } finally {
    clearInterval(watch);
  }
}

/** Work items per worker and level that keep the load even without flooding the message channel. */
const ITEMS_PER_WORKER = 256;

/**
 * The work list with neighbouring slices of one chunk joined, when a level is so large that its
 * slices would be far more work items than balancing needs (each item is posted to every worker).
 */
export function coarsened(slices: readonly FrontierSlice[], workers: number): FrontierSlice[] {
  const target = Math.floor(statesIn(slices) / (workers * ITEMS_PER_WORKER));
  if (target <= 1 || slices.length <= workers * ITEMS_PER_WORKER) return [...slices];
  const joined: FrontierSlice[] = [];
  let open: {
    buffer: SharedArrayBuffer | null;
    file: string | null;
    start: number;
    end: number;
    count: number;
  } | null = null;
  for (const slice of slices) {
    if (
      open !== null &&
      open.buffer === slice.buffer &&
      open.file === slice.file &&
      open.end === slice.start &&
      open.count < target
    ) {
      open.end = slice.end;
      open.count += slice.count;
      continue;
    }
    if (open !== null) joined.push(open);
    open = { ...slice };
  }
  if (open !== null) joined.push(open);
  return joined;
}

function depthOf(store: SharedFingerprintStore, finding: Finding): number {
  return finding.stateId >= 0 && finding.stateId < store.size
    ? store.pathTo(finding.stateId).length
    : Infinity;
}

/** The worker threads, started at once; `ready` once every one has loaded the model. */
class WorkerPool {
  private readonly workers: Worker[] = [];
  private readyCount = 0;
  failure: string | null = null;
  private pending: { resolve: (r: LevelReply[]) => void; reject: (e: Error) => void } | null = null;
  private replies: LevelReply[] = [];

  constructor(
    readonly size: number,
    setup: WorkerSetup,
  ) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(ENTRY, { workerData: setup });
      worker.on("message", (message: WorkerStartup | LevelReply) => this.received(message));
      worker.on("error", (error) => this.lost(`a worker failed: ${describeThrown(error)}`));
      worker.on("exit", (code) => {
        if (code !== 0) this.lost(`a worker exited with code ${code}`);
      });
      this.workers.push(worker);
    }
  }

  get ready(): boolean {
    return this.failure === null && this.readyCount === this.size;
  }

  /** Resolves once every worker is ready or one has failed. */
  whenSettled(): Promise<void> {
    if (this.ready || this.failure !== null) return Promise.resolve();
    return new Promise((resolve) => this.settled.push(resolve));
  }

  private settled: (() => void)[] = [];

  private settle(): void {
    if (!this.ready && this.failure === null) return;
    for (const resolve of this.settled.splice(0)) resolve();
  }

  /** Posts the same work list to every worker and resolves with all their replies. */
  run(request: LevelRequest): Promise<LevelReply[]> {
    if (this.failure !== null) return Promise.reject(new Error(this.failure));
    this.replies = [];
    const done = new Promise<LevelReply[]>((resolve, reject) => (this.pending = { resolve, reject }));
    for (const worker of this.workers) worker.postMessage(request);
    return done;
  }

  /** Stops the workers without waiting for them (one may still be compiling the model). */
  stop(): void {
    this.stopping = true;
    for (const worker of this.workers) {
      worker.unref();
      void worker.terminate();
    }
  }

  private stopping = false;

  private received(message: WorkerStartup | LevelReply): void {
    if ("kind" in message) {
      if (message.kind === "ready") this.readyCount++;
      else this.failure ??= message.message;
      this.settle();
      return;
    }
    this.replies.push(message);
    if (this.replies.length === this.size && this.pending !== null) {
      const pending = this.pending;
      this.pending = null;
      pending.resolve(this.replies);
    }
  }

  private lost(reason: string): void {
    if (this.stopping) return;
    this.failure ??= reason;
    this.settle();
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new Error(reason));
  }
}
