// One worker thread of a parallel breadth-first search. It loads the model itself (states and
// machines cannot cross threads; their bytes can), attaches to the shared store, interner and
// control words, and expands whatever slices of the current level it claims, writing the states it
// discovers to its own frontier chunks. Everything that happens to a state is the explorer's
// (checker/search/exploration.ts), exactly as in a one-thread search.
import { parentPort, threadId, workerData } from "node:worker_threads";
import { SharedInterner } from "../../encoding/interner.ts";
import { StateCodec, UnshippableValue } from "../../encoding/state-codec.ts";
import { describeThrown } from "../../errors.ts";
import { findDefinition } from "../../model/find-definition.ts";
import { instantiate } from "../../model/define.ts";
import { canonicalizerFor } from "../../reductions/symmetry.ts";
import { SharedFingerprintStore } from "../../store/shared-store.ts";
import { Exploration } from "../exploration.ts";
import { FrontierReader, type FrontierSlice, FrontierWriter } from "./frontier.ts";
import {
  CONTROL,
  type LevelReply,
  type LevelRequest,
  type ShippedFinding,
  type WorkerSetup,
  type WorkerStartup,
} from "./protocol.ts";

const setup = workerData as WorkerSetup;
const port = parentPort!;

async function start(): Promise<void> {
  let worker: LevelRunner;
  try {
    worker = await LevelRunner.create(setup);
  } catch (error) {
    port.postMessage({ kind: "failed", message: describeThrown(error) } satisfies WorkerStartup);
    return;
  }
  port.on("message", (request: LevelRequest) => port.postMessage(worker.run(request)));
  port.postMessage({ kind: "ready" } satisfies WorkerStartup);
}

class LevelRunner {
  private readonly codec: StateCodec;
  private readonly reader: FrontierReader;
  private readonly writer: FrontierWriter;
  private readonly control: Int32Array;

  private constructor(
    private readonly ex: Exploration<unknown, unknown>,
    private readonly store: SharedFingerprintStore,
    interner: SharedInterner,
    control: SharedArrayBuffer,
    private readonly symmetryCounters: { readonly exact: number; readonly approximate: number } | null,
  ) {
    this.codec = new StateCodec(interner);
    this.reader = new FrontierReader(this.codec);
    this.writer = new FrontierWriter(this.codec, { ...setup.spill, prefix: `worker-${threadId}` });
    this.control = new Int32Array(control);
  }

  static async create(setup: WorkerSetup): Promise<LevelRunner> {
    const module = (await import(setup.modelModule)) as Record<string, unknown>;
    const definition = findDefinition(module, setup.modelName);
    if (definition === undefined) {
      throw new Error(`${setup.modelModule} does not export the model ${setup.modelName}`);
    }
    const { machine } = instantiate(definition, setup.params, setup.variant);
    let symmetry = null;
    if (setup.symmetry && machine.symmetry) {
      const made = canonicalizerFor(machine.symmetry);
      if (!("unavailable" in made)) symmetry = made;
    }
    const store = new SharedFingerprintStore(setup.store, false);
    const ex = new Exploration(machine, setup.limits, { partialOrder: null, symmetry }, store);
    return new LevelRunner(ex, store, SharedInterner.attach(setup.interner), setup.control, symmetry);
  }

  run(request: LevelRequest): LevelReply {
    const ex = this.ex;
    this.store.adopt(request.store);
    const generatedBefore = ex.generated;
    const renamedBefore = ex.renamedStates;
    const exactBefore = this.symmetryCounters?.exact ?? 0;
    const approximateBefore = this.symmetryCounters?.approximate ?? 0;
    const leftovers: FrontierSlice[] = [];
    const reader = this.reader;
    const writer = this.writer;
    const control = this.control;
    const slices = request.slices;
    const enqueue = (next: unknown, nextId: number) => writer.add(nextId, next);
    let expanded = 0;
    let finding: ShippedFinding | null = null;
    work: for (;;) {
      const claimed = Atomics.add(control, CONTROL.nextSlice, 1);
      if (claimed >= slices.length) break;
      reader.open(slices[claimed]!);
      while (reader.next()) {
        const id = reader.id;
        let state: unknown;
        try {
          state = reader.state();
        } catch (error) {
          finding = {
            kind: "internal",
            message: `decoding a state of the frontier failed: ${describeThrown(error)}`,
          };
          Atomics.store(control, CONTROL.stop, 1);
          break work;
        }
        let ok: boolean;
        try {
          ok = ex.expand(state, id, enqueue);
        } catch (error) {
          finding = { kind: "internal", message: shippingFailure(error) };
          Atomics.store(control, CONTROL.stop, 1);
          break work;
        }
        expanded++;
        if (!ok) {
          finding = this.shipFinding();
          Atomics.store(control, CONTROL.stop, 1);
          break work;
        }
        if (Atomics.load(control, CONTROL.stop) !== 0 || this.store.wantsGrowth()) {
          const rest = reader.rest();
          if (rest !== null) leftovers.push(rest);
          break work;
        }
      }
    }
    return {
      outputs: writer.take(),
      leftovers,
      expanded,
      generated: ex.generated - generatedBefore,
      renamedStates: ex.renamedStates - renamedBefore,
      symmetryExact: (this.symmetryCounters?.exact ?? 0) - exactBefore,
      symmetryApproximate: (this.symmetryCounters?.approximate ?? 0) - approximateBefore,
      finding,
    };
  }

  /** What stopped the explorer, in a form that crosses threads. */
  private shipFinding(): ShippedFinding {
    const ex = this.ex;
    if (ex.stoppedBy !== null) return { kind: "limit", limit: ex.stoppedBy };
    const found = ex.finding;
    if (found === null) return { kind: "internal", message: "a worker stopped with nothing found" };
    if (found.kind !== "model-error") return { kind: "finding", finding: found };
    let action: unknown = null;
    try {
      action = structuredClone(found.action);
    } catch {
      action = null;
    }
    return { kind: "finding", finding: { ...found, action } };
  }
}

function shippingFailure(error: unknown): string {
  return error instanceof UnshippableValue
    ? `a state cannot be sent between worker threads: ${error.message} (run with --workers 1)`
    : `a worker failed: ${describeThrown(error)}`;
}

void start();
