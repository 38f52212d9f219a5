// The JSON form of a result, the contract of `--json FILE` (docs/architecture.md, "The result JSON":
// fields are added, never changed in meaning without a note). States are written in tagged JSON
// (sets as {"#set": […]}, maps as {"#map": […]}) so that they round-trip.
import { match } from "ts-pattern";
import { type TaggedJson, toTaggedJson } from "./encoding/index.ts";
import type { StepEvent } from "./model/step-event.ts";
import type { DomainView } from "./model/drawing.ts";
import type { MeasureResult, MeasureWitness } from "./measures/result.ts";
import type { CheckResult, SimulationInfo, TraceStep } from "./result.ts";
import { encodeEvent } from "./trace/step-event.ts";

export const RESULT_SCHEMA = 1;

export interface ResultJson {
  readonly schema: typeof RESULT_SCHEMA;
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly config: string | null;
  readonly variant: string;
  readonly options: CheckResult["options"];
  readonly verdict: CheckResult["verdict"];
  readonly stats: CheckResult["stats"] & {
    /** The model's measures (checker/measures/result.ts), their witnesses' traces as below. */
    readonly measures?: readonly MeasureJson[];
  };
  readonly violation?: {
    readonly kind: string;
    readonly name: string;
    readonly message: string;
    readonly trace: readonly {
      action: string;
      actor: string | null;
      state: TaggedJson;
      /** Actor models: what the step did in processes and messages, and what is in flight after it. */
      event?: StepEvent<TaggedJson>;
      /** Whether each invariant holds in this state. */
      invariants?: Readonly<Record<string, boolean>>;
      /** The model's own picture of the state (checker/model/contract.ts, DomainView). */
      view?: DomainView;
    }[];
    readonly loopStart: number | null;
    readonly faults?: Readonly<Record<string, number>>;
  };
  readonly limit?: string;
  readonly reason?: string;
  /** Random simulation: what reproduces the run. */
  readonly simulation?: SimulationInfo;
}

export type TraceJson = NonNullable<ResultJson["violation"]>["trace"];

type WitnessJson = Omit<MeasureWitness, "trace"> & { readonly trace: TraceJson };
type ExtremeJson<V> = { readonly value: V; readonly witness: WitnessJson };

/** A measure's figures in the result file: as the result holds them, each witness trace as JSON. */
export type MeasureJson = Omit<MeasureResult, "min" | "max"> & {
  readonly min: ExtremeJson<number> | null;
  readonly max: ExtremeJson<number | "unbounded"> | null;
};

function measureJson(measure: MeasureResult): MeasureJson {
  const extreme = <V>(
    e: { readonly value: V; readonly witness: MeasureWitness } | null,
  ): ExtremeJson<V> | null =>
    e === null ? null : { value: e.value, witness: { ...e.witness, trace: traceJson(e.witness.trace) } };
  return { ...measure, min: extreme(measure.min), max: extreme(measure.max) };
}

/** A trace's JSON form: each state as tagged JSON, each event's messages too. */
export function traceJson(trace: readonly TraceStep[]): TraceJson {
  return trace.map((step) => ({
    action: step.label,
    actor: step.actor,
    state: toTaggedJson(step.state),
    ...(step.event ? { event: encodeEvent(step.event, toTaggedJson) } : {}),
    ...(step.invariants ? { invariants: step.invariants } : {}),
    ...(step.view ? { view: step.view } : {}),
  }));
}

export function toResultJson(result: CheckResult): ResultJson {
  const base = {
    schema: RESULT_SCHEMA,
    model: result.model,
    params: result.params,
    config: result.config,
    variant: result.variant,
    options: result.options,
    verdict: result.verdict,
    stats: result.measures ? { ...result.stats, measures: result.measures.map(measureJson) } : result.stats,
    ...(result.simulation ? { simulation: result.simulation } : {}),
  } as const;
  return match(result)
    .returnType<ResultJson>()
    .with({ verdict: "holds" }, () => base)
    .with({ verdict: "incomplete" }, (r) => ({ ...base, limit: r.limit, reason: r.reason }))
    .with({ verdict: "violated" }, ({ violation: v }) => ({
      ...base,
      violation: {
        kind: v.kind,
        name: v.name,
        message: v.message,
        trace: traceJson(v.trace),
        loopStart: v.loopStart,
        ...(v.faults ? { faults: v.faults } : {}),
      },
    }))
    .exhaustive();
}
