// Expanding the slices of a level that one thread claims: the loop every participant of a
// parallel search runs, the worker threads and the coordinating thread alike. It decodes each
// state, expands it with the explorer (checker/search/exploration.ts), exactly as a one-thread
// search would, and writes the states it discovers to its own frontier chunks. It stops after the
// state in hand when the shared store must grow or someone asked everyone to stop, handing back
// the rest of its slice.
import type { StateCodec } from "../../encoding/state-codec.ts";
import { UnshippableValue } from "../../encoding/state-codec.ts";
import { describeThrown } from "../../errors.ts";
import type { SharedFingerprintStore } from "../../store/shared-store.ts";
import type { Exploration } from "../exploration.ts";
import { FrontierReader, type FrontierSlice, FrontierWriter, type SpillPolicy } from "./frontier.ts";
import { CONTROL, type LevelReply, type LevelRequest, type ShippedFinding } from "./protocol.ts";

const CHECK_EVERY = 256;

export class LevelRunner<S, A> {
  private readonly reader: FrontierReader;
  private readonly writer: FrontierWriter;

  constructor(
    private readonly ex: Exploration<S, A>,
    private readonly store: SharedFingerprintStore,
    codec: StateCodec,
    private readonly control: Int32Array,
    spill: SpillPolicy,
    private readonly symmetryCounters: { readonly exact: number; readonly approximate: number } | null,
  ) {
    this.reader = new FrontierReader(codec);
    this.writer = new FrontierWriter(codec, spill);
  }

  /**
   * Claims and expands slices until none is left or it must stop. `pace`, when given, is awaited
   * every few hundred states (the coordinating thread keeps its event loop alive with it) and
   * returns false to stop everyone.
   */
  async run(request: LevelRequest, pace: (() => Promise<boolean>) | null = null): Promise<LevelReply> {
    const ex = this.ex;
    const generatedBefore = ex.generated;
    const renamedBefore = ex.renamedStates;
    const exactBefore = this.symmetryCounters?.exact ?? 0;
    const approximateBefore = this.symmetryCounters?.approximate ?? 0;
    const leftovers: FrontierSlice[] = [];
    const { reader, writer, control } = this;
    const slices = request.slices;
    const enqueue = (next: S, nextId: number) => writer.add(nextId, next);
    let expanded = 0;
    let sinceCheck = 0;
    let finding: ShippedFinding | null = null;
    const stopAll = (why: ShippedFinding | null) => {
      finding = why;
      Atomics.store(control, CONTROL.stop, 1);
    };
    work: for (;;) {
      const claimed = Atomics.add(control, CONTROL.nextSlice, 1);
      if (claimed >= slices.length) break;
      reader.open(slices[claimed]!);
      while (reader.next()) {
        const id = reader.id;
        let state: S;
        try {
          state = reader.state() as S;
        } catch (error) {
          stopAll({
            kind: "internal",
            message: `decoding a state of the frontier failed: ${describeThrown(error)}`,
          });
          break work;
        }
        let ok: boolean;
        try {
          ok = ex.expand(state, id, enqueue);
        } catch (error) {
          stopAll(
            error instanceof UnshippableValue
              ? { kind: "unshippable", message: error.message }
              : { kind: "internal", message: `a worker failed: ${describeThrown(error)}` },
          );
          break work;
        }
        expanded++;
        if (!ok) {
          stopAll(this.stopReason());
          break work;
        }
        let pause = Atomics.load(control, CONTROL.stop) !== 0 || this.store.wantsGrowth();
        if (!pause && pace !== null && ++sinceCheck === CHECK_EVERY) {
          sinceCheck = 0;
          if (!(await pace())) {
            Atomics.store(control, CONTROL.stop, 1);
            pause = true;
          }
        }
        if (pause) {
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
  private stopReason(): ShippedFinding {
    const ex = this.ex;
    if (ex.stoppedBy !== null) return { kind: "limit", limit: ex.stoppedBy };
    const found = ex.finding;
    if (found === null) return { kind: "internal", message: "a search stopped with nothing found" };
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
