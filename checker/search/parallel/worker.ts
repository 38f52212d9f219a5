// One worker thread of a parallel breadth-first search. It loads the model itself (states and
// machines cannot cross threads; their bytes can), attaches to the shared store, interner and
// control words, and runs the level runner (level-runner.ts) on every work list it is sent.
import { parentPort, threadId, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";
import { SharedInterner } from "../../encoding/interner.ts";
import { StateCodec } from "../../encoding/state-codec.ts";
import { describeThrown } from "../../errors.ts";
import { findDefinition } from "../../model/find-definition.ts";
import { instantiate } from "../../model/define.ts";
import { canonicalizerFor } from "../../reductions/symmetry.ts";
import { SharedFingerprintStore } from "../../store/shared-store.ts";
import { Exploration } from "../exploration.ts";
import { LevelRunner } from "./level-runner.ts";
import type { LevelRequest, WorkerSetup, WorkerStartup } from "./protocol.ts";

const setup = workerData as WorkerSetup;
const port = parentPort!;
const store = new SharedFingerprintStore(setup.store, false);

async function start(): Promise<void> {
  let runner: LevelRunner<unknown, unknown>;
  try {
    runner = await prepare(setup);
  } catch (error) {
    port.postMessage({ kind: "failed", message: describeThrown(error) } satisfies WorkerStartup);
    return;
  }
  port.on("message", (request: LevelRequest) => {
    store.adopt(request.store);
    void runner.run(request).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ kind: "ready" } satisfies WorkerStartup);
}

/** Loads the model and builds this thread's explorer over the shared store. */
async function prepare(setup: WorkerSetup): Promise<LevelRunner<unknown, unknown>> {
  // As on the main thread (checker/cli/load-model.ts): tsImport compiles a user's model file as an
  // ES module wherever it sits; a plain import() would take a .ts file outside any package with
  // "type": "module" for CommonJS and fail to load it.
  const module = (await tsImport(setup.modelModule, import.meta.url)) as Record<string, unknown>;
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
  const ex = new Exploration(machine, setup.limits, { partialOrder: null, symmetry }, store);
  const codec = new StateCodec(SharedInterner.attach(setup.interner));
  const spill = { ...setup.spill, prefix: `worker-${threadId}` };
  return new LevelRunner(ex, store, codec, new Int32Array(setup.control), spill, symmetry);
}

void start();
