// The command that runs a check again, as a user would type it: the command line prints it above
// a counterexample and in reports, the vitest helpers at the head of a failure. It names the model
// as the command line takes it (a file for a model given by path, else the registered name), gives
// the model's own parameters, and only those options that differ from what the command would
// assume without them: the configuration's settings when one ran, the defaults otherwise.
import { isAbsolute, relative, sep } from "node:path";
import { ACTOR_OPTION_NAMES } from "./actors/define.ts";
import { CORRECT_VARIANT, type ModelConfig, type ModelDefinition } from "./model/contract.ts";
import { definingFile, isOwnModelFile } from "./model/defined-in.ts";
import type { CheckResult } from "./result.ts";

/** What a run was asked for beyond its result: each undefined when not given. */
export interface AskedOptions {
  readonly por?: boolean;
  readonly symmetry?: boolean;
  readonly liveness?: boolean;
  readonly audit?: boolean;
  readonly checkDeadlock?: boolean;
  readonly fairness?: Readonly<Record<string, string>>;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeLimitSeconds?: number;
}

const ACTOR_OPTIONS: ReadonlySet<string> = new Set(ACTOR_OPTION_NAMES);

/**
 * `target` is what names the model on the command line: the path or name the user typed, or for
 * the vitest helpers, what `commandTarget` finds.
 */
export function reproduceCommand(
  model: ModelDefinition,
  result: CheckResult,
  asked: AskedOptions,
  target: string,
): string {
  const config = result.config === null ? undefined : model.configs?.find((c) => c.name === result.config);
  const parts = ["npx check", shellWord(target)];
  if (config) parts.push(`--config ${shellWord(config.name)}`);
  for (const [name, value] of Object.entries(result.params)) {
    if (!isAssumed(model, config, name, value)) parts.push(`--${name} ${shellWord(String(value))}`);
  }
  if (result.variant !== (config?.variant ?? CORRECT_VARIANT)) parts.push(`--variant ${result.variant}`);
  if (result.options.strategy !== "bfs") parts.push(`--strategy ${result.options.strategy}`);
  parts.push(...flag(asked.por, config?.por ?? true, "--por", "--no-por"));
  parts.push(...flag(asked.symmetry, config?.symmetry ?? false, "--symmetry", "--no-symmetry"));
  parts.push(...flag(asked.liveness, config?.liveness ?? true, "--liveness", "--no-liveness"));
  // There is no --deadlock: a configuration that turns the check off cannot be turned back on.
  parts.push(...flag(asked.checkDeadlock, config?.checkDeadlock ?? true, null, "--no-deadlock"));
  if (asked.audit === true) parts.push("--por-audit");
  const fairness = Object.entries(asked.fairness ?? {}).map(([name, kind]) => `${name}=${kind}`);
  if (fairness.length > 0) parts.push(`--fairness ${fairness.join(",")}`);
  const simulation = result.simulation;
  if (simulation) {
    // The walk's shape depends on the depth, so seed, depth and path reproduce it together.
    parts.push(`--seed ${simulation.seed}`, `--max-depth ${simulation.maxDepth}`);
    if (simulation.path !== null) parts.push(`--path ${simulation.path}`);
  } else if (asked.maxDepth !== undefined) {
    parts.push(`--max-depth ${asked.maxDepth}`);
  }
  if (asked.maxStates !== undefined) parts.push(`--max-states ${asked.maxStates}`);
  if (asked.timeLimitSeconds !== undefined) parts.push(`--time-limit ${asked.timeLimitSeconds}`);
  return parts.join(" ");
}

/**
 * A model's own parameters are always given: they say which instance ran. A network or fault
 * setting (`--drop 0`) is left out at its default, and with a configuration, any parameter at the
 * configuration's value.
 */
function isAssumed(model: ModelDefinition, config: ModelConfig | undefined, name: string, value: unknown) {
  if (config) return value === (config.params?.[name] ?? model.params[name]?.default);
  return isDefaultOption(model, name, value);
}

/** The parameters a run's header shows: the model's own, and network or fault settings changed. */
export function shownParams(
  model: ModelDefinition,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).filter(([name, value]) => !isDefaultOption(model, name, value)),
  );
}

function isDefaultOption(model: ModelDefinition, name: string, value: unknown): boolean {
  return ACTOR_OPTIONS.has(name) && value === model.params[name]?.default;
}

/** The flag for a setting that was given and differs from what the command assumes without it. */
function flag(asked: boolean | undefined, assumed: boolean, on: string | null, off: string): string[] {
  if (asked === undefined || asked === assumed) return [];
  const word = asked ? on : off;
  return word === null ? [] : [word];
}

/**
 * How the command line can name a model it was not given: by the file that defined it, relative to
 * the working directory; by its registered name for one of the checker's own models, for a model
 * defined in a test file (which `check` cannot load as a model), and where the file is unknown.
 */
export function commandTarget(model: ModelDefinition): string {
  const file = definingFile(model);
  if (file === undefined || isOwnModelFile(file) || TEST_FILE.test(file)) return model.name;
  const path = relative(process.cwd(), file);
  return path.startsWith("..") || isAbsolute(path) ? path : `.${sep}${path}`;
}

const TEST_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;

/** A word the shell passes through unchanged: quoted when it holds anything but a plain path. */
function shellWord(word: string): string {
  return /^[\w./:=,@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
