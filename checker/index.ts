// The checker's public API: what models, specs and users import. Nothing else under checker/ is
// part of the contract.

export { type CatalogueEntry, describeModel } from "./catalogue.ts";
export {
  encodeCanonical,
  fingerprint,
  fingerprintHex,
  fromTaggedJson,
  sameState,
  showValue,
  type TaggedJson,
  toTaggedJson,
} from "./encoding/index.ts";
export { CheckerError, type ErrorCode, isCheckerError, StateValueError } from "./errors.ts";
export type { DomainView, Shape } from "./model/drawing.ts";
export type {
  Expectation,
  Fairness,
  Footprint,
  Invariant,
  LivenessKind,
  LivenessFacet,
  LivenessProperty,
  MachineCore,
  MeasuresFacet,
  ModelConfig,
  ModelDefinition,
  VariantName,
  PartialOrder,
  Presentation,
  ReductionHints,
  StateMachine,
  Symmetry,
} from "./model/contract.ts";
export {
  alwaysEventually,
  describeFairness,
  eventually,
  eventuallyAlways,
  leadsTo,
  stronglyFair,
  weaklyFair,
} from "./liveness/properties.ts";
export { CORRECT_VARIANT } from "./model/contract.ts";
export { defineModel, instantiate, variantNames } from "./model/define.ts";
export { type AddedVariant, withVariant } from "./model/with-variant.ts";
export {
  boolParam,
  describeAccepted,
  enumParam,
  intParam,
  stringParam,
  type ParamSpec,
  type ParamSpecs,
  type ParamValues,
} from "./model/params.ts";
export type {
  CheckResult,
  CollisionEstimate,
  ReductionLedger,
  Limit,
  RunOptions,
  Stats,
  Strategy,
  TraceStep,
  Verdict,
  Violation,
  ViolationKind,
} from "./result.ts";
export { RESULT_SCHEMA, type ResultJson, toResultJson } from "./result-json.ts";
export { type CheckHooks, type CheckRequest, checkModel, checkResolved } from "./run.ts";
export type { FairnessOverride, RunRequest } from "./pipeline/request.ts";
export {
  DEFAULT_RUNS,
  DEFAULT_WALK_DEPTH,
  MAX_DEPTH_LIMIT,
  MAX_WORKERS,
  type ResolvedRun,
  resolveRun,
  WALK_PATH,
} from "./pipeline/resolve.ts";
export {
  commandTarget,
  commandWords,
  inCommandLineTerms,
  reproduceCommand,
  requestOf,
  resultInCommandLineTerms,
  shownParams,
} from "./pipeline/command.ts";
export type { Progress } from "./search/exploration.ts";
export type {
  Measure,
  MeasuredStep,
  MeasureExpectation,
  OccurrenceScope,
  StepCost,
  StepKeys,
} from "./measures/contract.ts";
export { messageKind, messagesSent, type MessagesSentOptions } from "./measures/messages.ts";
export {
  describeMeasureExpectations,
  type MeasuredFigures,
  type MeasureMismatch,
  measureMismatches,
} from "./measures/expect.ts";
export type { MeasureExtreme, MeasureResult, MeasureWitness } from "./measures/result.ts";
export { type ExplainedMismatch, explainMeasureMismatches } from "./measures/explain.ts";
export { MAX_SWEEP_RUNS, parseSweepAxis, type SweepAxis, sweepRuns } from "./sweep/axes.ts";
export { describeMean, type Mean, meanOf } from "./sweep/mean.ts";
export {
  type SweepHooks,
  type SweepMeasure,
  sweepModel,
  type SweepResult,
  type SweepRun,
  type SweepSummary,
} from "./sweep/sweep.ts";
export type { MeasureJson, TraceJson } from "./result-json.ts";
export { type Permutation, permuteIndexed } from "./reductions/permutations.ts";
export { anonymousSignature, renameValues } from "./reductions/rename.ts";
export { type Change, diffStates } from "./trace/state-diff.ts";
export { type Colors, PLAIN, renderTrace } from "./trace/render-text.ts";
export { fromItfTrace, fromItfValue, type ItfTrace, type ItfValue, toItf, toItfValue } from "./trace/itf.ts";
export { type SimulateRequest, type SimulationResult, simulateModel, simulateResolved } from "./simulate.ts";
export type { SimulationInfo } from "./result.ts";
export type {
  ActorAction,
  ActorModelDefinition,
  ActorParamValues,
  ActorProperties,
  ActorState,
  ActorSystem,
  Behaviour,
  NetworkEntry,
  NetworkKind,
  ProcessContext,
  ProcessSpec,
} from "./actors/contract.ts";
export { NETWORK_FIELD, NETWORK_KINDS } from "./actors/contract.ts";
export { ACTOR_OPTION_NAMES, type ActorModel, defineActorModel } from "./actors/define.ts";
export type { ActorMachine } from "./actors/compile.ts";
export {
  actor,
  actorSystem,
  type AnyProcess,
  type IdOf,
  type LocalAt,
  type LocalOf,
  type LocalWithId,
  type MessageOf,
  processIds,
  type StateOf,
  type TypedProperties,
} from "./actors/system.ts";
export { type Lookup, lookup } from "./actors/lookup.ts";
export { inFlight, rewriteInFlight } from "./actors/views.ts";
export type { Envelope, EventMessage, StepEvent, StepFault } from "./model/step-event.ts";
export {
  consistentCut,
  type Cut,
  type CutVerdict,
  describeEvent,
  type EventNode,
  eventNode,
  type EventRef,
  happensBefore,
  happensBeforeGraph,
  type History,
  HistoryError,
  type HistoryErrorCode,
  type HistoryEvent,
} from "./history/happens-before.ts";
