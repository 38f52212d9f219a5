// `resolveRun`: a request against a model's definition → everything a run needs, complete and
// validated. This is the one place that works out configuration → variant → parameters → options
// ("the request's value, else the configuration's, else the default") and refuses what does not
// go together, so that exhaustive search, random walks, the command line and the vitest helpers
// cannot disagree about what a request means. The reproduce command (./command.ts) is written from
// a resolved run, and parsing it back resolves to the same run.
import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import { CheckerError } from "../errors.ts";
import {
  CORRECT_VARIANT,
  type ModelConfig,
  type ModelDefinition,
  type StateMachine,
} from "../model/contract.ts";
import { configByName, instantiate, paramsRead } from "../model/define.ts";
import type { Strategy } from "../result.ts";
import type { FairnessOverride, RunRequest } from "./request.ts";
import { setting } from "./setting.ts";

/** Steps per random walk unless the request says. */
export const DEFAULT_WALK_DEPTH = 100;
/** Random walks per run unless the request says. */
export const DEFAULT_RUNS = 1000;
/** fast-check's arrays are at most this long. */
export const MAX_DEPTH_LIMIT = 2 ** 31 - 1;
/** fast-check's counterexample path: numbers separated by colons. */
export const WALK_PATH = /^\d+(:\d+)*$/;
/**
 * The most workers a run takes. Past a few per core, threads only compete for the same cores
 * while each costs its own heap: a thousand of them spend half a minute and gigabytes starting
 * up for a search one thread finishes at once.
 */
export const MAX_WORKERS = 4 * availableParallelism();

/** Random walks' own settings: how the walks are drawn, so that a run is reproduced from them. */
export interface Walks {
  readonly seed: number;
  readonly runs: number;
  readonly path: string | null;
}

export interface ResolvedRun {
  readonly definition: ModelDefinition;
  /** The configuration the run started from, or null. */
  readonly config: ModelConfig | null;
  readonly variant: string;
  /** Every parameter's value, the defaults included. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The parameters this variant reads (all of them unless the model says otherwise): what results show. */
  readonly paramsRead: Readonly<Record<string, unknown>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a run holds a machine of any state and action type
  readonly machine: StateMachine<any, any>;
  readonly strategy: Strategy;
  /** Infinity where there is no limit; for random walks, maxDepth is the steps per walk. */
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly timeLimitSeconds: number;
  readonly memoryLimitBytes: number;
  readonly checkDeadlock: boolean;
  /** Asked for (the model may still not allow it: the result's ledger says). Always false for walks. */
  readonly por: boolean;
  readonly symmetry: boolean;
  readonly liveness: boolean;
  readonly audit: boolean;
  /** Measure the model's measures (never for random walks, which explore no graph). */
  readonly measures: boolean;
  readonly fairness: Readonly<Record<string, FairnessOverride>>;
  readonly workers: number;
  /** Random walks only. */
  readonly walks: Walks | null;
}

/** What a run assumes without being told: the configuration's declarations, else the defaults. */
export function assumed(config: ModelConfig | null) {
  return {
    variant: config?.variant ?? CORRECT_VARIANT,
    checkDeadlock: config?.checkDeadlock ?? true,
    por: config?.por ?? true,
    symmetry: config?.symmetry ?? false,
    liveness: config?.liveness ?? true,
    measures: config?.measures ?? true,
  };
}

export function resolveRun(definition: ModelDefinition, request: RunRequest = {}): ResolvedRun {
  const config = request.config === undefined ? null : configByName(definition, request.config);
  const defaults = assumed(config);
  const strategy = strategyOf(request.strategy);
  const random = strategy === "random";
  if (random) refuseForWalks(request);
  else refuseForSearch(request);
  if (
    request.fairness !== undefined &&
    Object.keys(request.fairness).length > 0 &&
    request.liveness === false
  ) {
    throw new CheckerError(
      "bad-option",
      `${setting("fairness", request.fairness)} does not go with ${setting("liveness", false)}: fairness is what liveness properties assume, and none is checked`,
    );
  }
  const limits = {
    maxStates: positive("maxStates", request.maxStates, Infinity),
    maxDepth: random
      ? positive(
          "maxDepth",
          request.maxDepth,
          DEFAULT_WALK_DEPTH,
          MAX_DEPTH_LIMIT,
          false,
          " for random walks",
        )
      : positive("maxDepth", request.maxDepth, Infinity),
    timeLimitSeconds: positive("timeLimitSeconds", request.timeLimitSeconds, Infinity, Infinity, true),
    memoryLimitBytes: positive("memoryLimitBytes", request.memoryLimitBytes, Infinity),
  };
  const workers = positive("workers", request.workers, 1, MAX_WORKERS);
  const variant = request.variant ?? defaults.variant;
  const { params, machine } = instantiate(
    definition,
    { ...(config?.params ?? {}), ...(request.params ?? {}) },
    variant,
  );
  const fairness = { ...(request.fairness ?? {}) };
  refuseUndeclaredFairness(machine, fairness);
  return {
    definition,
    config,
    variant,
    params,
    paramsRead: paramsRead(definition, variant, params),
    machine,
    strategy,
    ...limits,
    checkDeadlock: request.checkDeadlock ?? defaults.checkDeadlock,
    por: random ? false : (request.por ?? defaults.por),
    symmetry: random ? false : (request.symmetry ?? defaults.symmetry),
    liveness: random ? false : (request.liveness ?? defaults.liveness),
    audit: request.audit ?? false,
    measures: random ? false : (request.measures ?? defaults.measures),
    fairness,
    workers,
    walks: random
      ? {
          seed: seedOf(request.seed),
          runs: positive("runs", request.runs, DEFAULT_RUNS),
          path: pathOf(request.path),
        }
      : null,
  };
}

function strategyOf(strategy: unknown): Strategy {
  if (strategy === undefined) return "bfs";
  if (strategy === "bfs" || strategy === "dfs" || strategy === "random") return strategy;
  throw new CheckerError(
    "bad-option",
    `${setting("strategy", strategy)} is not accepted: expected bfs, dfs or random`,
  );
}

/** What random walks would silently ignore is refused, by name. */
function refuseForWalks(request: RunRequest): void {
  const refused: readonly [keyof RunRequest, boolean, string][] = [
    ["maxStates", request.maxStates !== undefined, "bound walks by how many run and how deep they go"],
    ["por", request.por === true, "random walks explore no reduced graph"],
    ["symmetry", request.symmetry === true, "random walks explore no reduced graph"],
    ["audit", request.audit === true, "random walks explore no reduced graph"],
    ["workers", request.workers !== undefined && request.workers !== 1, "walks run on one thread"],
    [
      "memoryLimitBytes",
      request.memoryLimitBytes !== undefined,
      "walks keep no state store to bound; bound them by how many run and how deep they go",
    ],
    ["liveness", request.liveness === true, "walks check invariants and deadlocks only"],
    ["measures", request.measures === true, "walks explore no state graph to measure"],
    [
      "fairness",
      request.fairness !== undefined && Object.keys(request.fairness).length > 0,
      "walks check no liveness property, so assume no fairness",
    ],
  ];
  for (const [field, given, why] of refused) {
    if (given) {
      throw new CheckerError(
        "bad-option",
        `${setting(field, request[field])} does not go with ${setting("strategy", "random")}: ${why}`,
      );
    }
  }
}

function refuseForSearch(request: RunRequest): void {
  for (const field of ["seed", "runs", "path"] as const) {
    if (request[field] !== undefined) {
      throw new CheckerError(
        "bad-option",
        `${setting(field, request[field])} goes with ${setting("strategy", "random")}`,
      );
    }
  }
}

function refuseUndeclaredFairness(
  machine: StateMachine<unknown, unknown>,
  overrides: Readonly<Record<string, FairnessOverride>>,
): void {
  const declared = (machine.fairness ?? []).map((f) => f.name);
  for (const [name, kind] of Object.entries(overrides)) {
    if (kind !== "weak" && kind !== "strong" && kind !== "none") {
      throw new CheckerError(
        "bad-option",
        `${setting("fairness", { [name]: kind })} is not accepted: a family's kind is weak, strong or none`,
      );
    }
    if (!declared.includes(name)) {
      throw new CheckerError(
        "bad-option",
        `${setting("fairness", { [name]: kind })}: the model declares no fairness named ${name}${declared.length ? ` (it declares ${declared.join(", ")})` : " (it declares none)"}`,
      );
    }
  }
}

function positive(
  field: keyof RunRequest,
  value: number | undefined,
  fallback: number,
  max = Infinity,
  fractional = false,
  context = "",
): number {
  if (value === undefined) return fallback;
  const ok = fractional
    ? typeof value === "number" && Number.isFinite(value) && value > 0
    : Number.isInteger(value) && value > 0 && value <= max;
  if (!ok) {
    const range = Number.isFinite(max) ? ` from 1 to ${max}` : "";
    throw new CheckerError(
      "bad-option",
      `${setting(field, value)} is not accepted${context}: expected a positive ${fractional ? "number" : "integer"}${range}`,
    );
  }
  return value;
}

function seedOf(seed: number | undefined): number {
  if (seed === undefined) return randomInt(2 ** 32);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new CheckerError(
      "bad-option",
      `${setting("seed", seed)} is not accepted: expected an integer from 0 to ${2 ** 32 - 1}`,
    );
  }
  return seed;
}

function pathOf(path: string | undefined): string | null {
  if (path === undefined) return null;
  if (typeof path !== "string" || !WALK_PATH.test(path)) {
    throw new CheckerError(
      "bad-option",
      `${setting("path", path)} is not accepted: expected fast-check's counterexample path, numbers separated by colons (e.g. 12:0:3)`,
    );
  }
  return path;
}
