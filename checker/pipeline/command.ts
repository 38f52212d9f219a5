// The command line's words for a run: the one table from request fields to flags, the one writer of
// the reproduce command (printed above a counterexample, in reports, at the head of a failing
// vitest helper, and used by `--all` to start a configuration in a child process), and the
// translation of what the engine says in request terms (`{ maxStates: 10 }`) into flags
// (`--max-states 10`) for people at a terminal. checker/cli/args.ts parses the same flags back into
// a request; a property test holds the two to each other (specs/reproduce.spec.ts).
import { isAbsolute, relative, sep } from "node:path";
import { ACTOR_OPTION_NAMES } from "../actors/define.ts";
import type { ModelDefinition } from "../model/contract.ts";
import { definingFile, isOwnModelFile } from "../model/defined-in.ts";
import type { CheckResult } from "../result.ts";
import type { RunRequest } from "./request.ts";
import { assumed, DEFAULT_RUNS, type ResolvedRun } from "./resolve.ts";

type Field = Exclude<keyof RunRequest, "params">;

/** How each field is written: a flag with a value, or a pair of flags for true and false. */
const FLAGS: { readonly [F in Field]-?: readonly [on: string, off?: string | null] } = {
  config: ["--config"],
  variant: ["--variant"],
  strategy: ["--strategy"],
  maxStates: ["--max-states"],
  maxDepth: ["--max-depth"],
  timeLimitSeconds: ["--time-limit"],
  memoryLimitBytes: ["--memory-limit"],
  checkDeadlock: ["--deadlock", "--no-deadlock"],
  por: ["--por", "--no-por"],
  symmetry: ["--symmetry", "--no-symmetry"],
  liveness: ["--liveness", "--no-liveness"],
  // Not auditing is what a run does unless told: there is nothing to write for false.
  audit: ["--por-audit", null],
  measures: ["--measures", "--no-measures"],
  fairness: ["--fairness"],
  workers: ["--workers"],
  seed: ["--seed"],
  runs: ["--runs"],
  path: ["--path"],
};

/** The words of one field's setting; none when the value says nothing (audit: false, no fairness). */
function words(field: Field, value: unknown): string[] {
  const [on, off] = FLAGS[field];
  if (off !== undefined) return value === true ? [on] : value === false && off !== null ? [off] : [];
  if (field === "fairness") {
    const parts = Object.entries(value as Record<string, string>).map(([name, kind]) => `${name}=${kind}`);
    return parts.length === 0 ? [] : [on, parts.join(",")];
  }
  if (field === "memoryLimitBytes" && typeof value === "number") return [on, byteSize(value)];
  return [on, String(value)];
}

/** The order settings are written in: what the run is, then how it searches, then its limits. */
const ORDER: readonly (Field | "params")[] = [
  "config",
  "params",
  "variant",
  "strategy",
  "por",
  "symmetry",
  "liveness",
  "checkDeadlock",
  "audit",
  "measures",
  "fairness",
  "seed",
  "runs",
  "maxDepth",
  "path",
  "maxStates",
  "timeLimitSeconds",
  "memoryLimitBytes",
  "workers",
];

/** A request as command-line words, in a fixed order. */
export function commandWords(request: RunRequest): string[] {
  const out: string[] = [];
  for (const field of ORDER) {
    if (field === "params") {
      for (const [name, v] of Object.entries(request.params ?? {})) out.push(`--${name}`, String(v));
      continue;
    }
    const value = request[field];
    if (value !== undefined) out.push(...words(field, value));
  }
  return out;
}

/**
 * The smallest request that resolves to `run` again: each setting the command would not assume
 * without it (the configuration's declarations when one ran, else the defaults). A model's own
 * parameters are always given, since they say which instance ran; network and fault settings only
 * when they differ from the default. Worker threads change how fast a run is, never what it finds,
 * so they are left to the machine that runs it.
 */
export function requestOf(run: ResolvedRun): RunRequest {
  const defaults = assumed(run.config);
  const params: Record<string, unknown> = {};
  // With a configuration, every parameter set away from its value is written, one the variant
  // does not read included (set back to its default, it is what lets the variant run).
  for (const [name, value] of Object.entries(run.config ? run.params : run.paramsRead)) {
    const given = run.config
      ? (run.config.params?.[name] ?? run.definition.params[name]?.default)
      : undefined;
    const isAssumed = run.config ? value === given : isDefaultOption(run.definition, name, value);
    if (!isAssumed) params[name] = value;
  }
  const walks = run.walks;
  const finite = (n: number) => (Number.isFinite(n) ? n : undefined);
  const changed = <T>(value: T, from: T) => (value === from ? undefined : value);
  const request: RunRequest = {
    config: run.config?.name,
    variant: changed(run.variant, defaults.variant),
    params,
    strategy: changed(run.strategy, "bfs"),
    maxStates: finite(run.maxStates),
    // The shape of a walk depends on its depth, so seed and depth reproduce it together.
    maxDepth: walks ? run.maxDepth : finite(run.maxDepth),
    timeLimitSeconds: finite(run.timeLimitSeconds),
    memoryLimitBytes: finite(run.memoryLimitBytes),
    checkDeadlock: changed(run.checkDeadlock, defaults.checkDeadlock),
    ...(walks
      ? { seed: walks.seed, runs: changed(walks.runs, DEFAULT_RUNS), path: walks.path ?? undefined }
      : {
          por: changed(run.por, defaults.por),
          symmetry: changed(run.symmetry, defaults.symmetry),
          liveness: changed(run.liveness, defaults.liveness),
          audit: run.audit || undefined,
          measures: changed(run.measures, defaults.measures),
          fairness: Object.keys(run.fairness).length > 0 ? run.fairness : undefined,
        }),
  };
  return Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as RunRequest;
}

/**
 * The command that runs `run` again, as a user would type it. `target` names the model as the
 * command line takes it (what the user typed, or `commandTarget`). A random simulation that
 * found a failure is reproduced by fast-check's path to the shrunk walk, which only its result knows.
 */
export function reproduceCommand(run: ResolvedRun, target: string, result?: CheckResult): string {
  const request = requestOf(run);
  const path = result?.simulation?.path;
  const words = commandWords(path ? { ...request, path } : request);
  return ["npx check", target, ...words].map(shellWord).join(" ");
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

const ACTOR_OPTIONS: ReadonlySet<string> = new Set(ACTOR_OPTION_NAMES);

function isDefaultOption(model: ModelDefinition, name: string, value: unknown): boolean {
  return ACTOR_OPTIONS.has(name) && value === model.params[name]?.default;
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
  return word === "npx check" || /^[\w./:=,@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Bytes as --memory-limit takes them: 512M, 4G, or a plain number. */
function byteSize(bytes: number): string {
  if (bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30}G`;
  if (bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20}M`;
  return String(bytes);
}

// A setting as the engine writes it (./setting.ts): `{ field: value }`, or `{ params: { name: value } }`;
// a value is a literal, or for fairness an object of literals.
const PARAM_SETTING = /\{ params: \{ ([\w-]+): ((?:[^{}]|\{[^{}]*\})*?) \} \}/g;
const SETTING = /\{ (\w+): ((?:[^{}]|\{[^{}]*\})*?) \}/g;

/** What the engine said, with each setting written as the command line's flags. */
export function inCommandLineTerms(text: string): string {
  return text
    .replace(PARAM_SETTING, (_, name: string, value: string) => `--${name} ${value}`)
    .replace(SETTING, (whole, field: string, value: string) => {
      if (!(field in FLAGS) || field === "params") return whole;
      const parsed = parseLiteral(value);
      if (parsed === NOT_A_LITERAL) return whole;
      const written = words(field as Field, parsed);
      // A setting that writes as nothing (audit: false) still needs naming in a sentence.
      return written.length > 0 ? written.join(" ") : `${FLAGS[field as Field][0]} off`;
    });
}

/** The prose of a result (reasons, notes, messages) in the command line's terms; states are left alone. */
export function resultInCommandLineTerms<R extends CheckResult>(result: R): R {
  const t = inCommandLineTerms;
  const ledger = result.stats.reductions;
  const reasonOf = <L extends object>(entry: L | undefined): L | undefined =>
    entry && "reason" in entry && typeof entry.reason === "string"
      ? { ...entry, reason: t(entry.reason) }
      : entry;
  const options =
    result.options.workersNote === undefined
      ? result.options
      : { ...result.options, workersNote: t(result.options.workersNote) };
  const stats = {
    ...result.stats,
    reductions: {
      ...ledger,
      partialOrder: reasonOf(ledger.partialOrder),
      symmetry: reasonOf(ledger.symmetry),
    },
  };
  const measures = result.measures?.map((m) => ({ ...m, notes: m.notes.map(t) }));
  const translated = { ...result, options, stats, ...(measures === undefined ? {} : { measures }) };
  if (result.verdict === "incomplete") return { ...translated, reason: t(result.reason) } as R;
  if (result.verdict === "violated") {
    return { ...translated, violation: { ...result.violation, message: t(result.violation.message) } } as R;
  }
  return translated as R;
}

const NOT_A_LITERAL = Symbol("not a literal");

function parseLiteral(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (trimmed === "undefined") return undefined;
  if (/^-?(\d+(\.\d+)?(e[+-]?\d+)?|Infinity|NaN)$/i.test(trimmed)) return Number(trimmed);
  if (trimmed.startsWith('"')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return NOT_A_LITERAL;
    }
  }
  if (trimmed.startsWith("{")) {
    const object: Record<string, unknown> = {};
    const body = trimmed.slice(1, -1).trim();
    for (const part of body === "" ? [] : body.split(",")) {
      const m = /^\s*([\w-]+): (.*)$/.exec(part);
      if (!m) return NOT_A_LITERAL;
      const v = parseLiteral(m[2]!);
      if (v === NOT_A_LITERAL) return NOT_A_LITERAL;
      object[m[1]!] = v;
    }
    return object;
  }
  return NOT_A_LITERAL;
}
