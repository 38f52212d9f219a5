// The command line (docs/architecture.md, "The command line"), parsed with node:util's parseArgs
// in two passes: the first finds the model (a parameter is only a known flag once its model is
// loaded), the second parses strictly with the model's parameters added as flags. Every mistake
// becomes a CheckerError with a one-line message naming the option and what it accepts.
import { availableParallelism } from "node:os";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { closest, distance } from "fastest-levenshtein";
import {
  ACTOR_OPTION_NAMES,
  CheckerError,
  describeAccepted,
  MAX_WORKERS,
  type ParamSpecs,
  type RunRequest,
  type Strategy,
} from "../index.ts";

type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

/** Options every run understands. */
const RUN_OPTIONS = {
  config: { type: "string" },
  variant: { type: "string" },
  strategy: { type: "string" },
  "max-states": { type: "string" },
  "max-depth": { type: "string" },
  "time-limit": { type: "string" },
  workers: { type: "string" },
  "memory-limit": { type: "string" },
  json: { type: "string" },
  itf: { type: "string" },
  seed: { type: "string" },
  runs: { type: "string" },
  path: { type: "string" },
  html: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  por: { type: "boolean" },
  "no-por": { type: "boolean" },
  symmetry: { type: "boolean" },
  "no-symmetry": { type: "boolean" },
  "por-audit": { type: "boolean" },
  fairness: { type: "string" },
  liveness: { type: "boolean" },
  "no-liveness": { type: "boolean" },
  measures: { type: "boolean" },
  "no-measures": { type: "boolean" },
  sweep: { type: "string", multiple: true },
  deadlock: { type: "boolean" },
  "no-deadlock": { type: "boolean" },
  list: { type: "boolean" },
  all: { type: "boolean" },
  junit: { type: "string" },
  filter: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const satisfies OptionSpecs;

export const RESERVED_OPTION_NAMES: ReadonlySet<string> = new Set(Object.keys(RUN_OPTIONS));

type OptionName = keyof typeof RUN_OPTIONS;

/** What each option that takes a value accepts, in words: the second half of its errors. */
const ACCEPTS: Readonly<Record<string, string>> = {
  config: "the name of one of the model's configurations (`check --list` shows them)",
  variant: "the name of one of the model's variants (`check --list` shows them)",
  strategy: "bfs, dfs or random",
  "max-states": "a positive integer",
  "max-depth": "a positive integer",
  "time-limit": "a positive number of seconds",
  workers: `an integer from 1 to ${MAX_WORKERS}`,
  "memory-limit": "a size such as 512M, 4G or 1.5GiB",
  json: "a file to write",
  itf: "a file to write",
  html: "a file to write (with --all, a directory)",
  junit: "a file to write",
  seed: "an integer from 0 to 4294967295",
  runs: "a positive integer",
  path: "fast-check's counterexample path, numbers separated by colons (e.g. 12:0:3)",
  fairness: "NAME=weak|strong|none, several separated by commas",
  sweep: "PARAM=V1,V2,… (values containing commas separated by ;), PARAM=A..B or PARAM=every",
  filter: "a pattern of model names (* and ?, several separated by commas)",
};

/** What `--all` takes; anything else is refused by name rather than silently ignored. */
const ALL_OPTIONS: readonly OptionName[] = [
  "all",
  "filter",
  "workers",
  "junit",
  "json",
  "html",
  "max-states",
  "time-limit",
  "por",
  "no-por",
  "symmetry",
  "no-symmetry",
  "quiet",
];

export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "list"; readonly json: boolean }
  | { readonly kind: "all"; readonly args: AllArgs }
  | { readonly kind: "run"; readonly target: string; readonly raw: readonly string[] };

/** A run's command line: the request it makes, and what the command line itself does with the result. */
export interface RunArgs {
  readonly request: RunRequest;
  readonly jsonFile?: string;
  readonly itfFile?: string;
  /** --html FILE: the self-contained HTML report. */
  readonly htmlFile?: string;
  /** --sweep PARAM=VALUES, as written, in order: a sweep instead of one run. */
  readonly sweeps: readonly string[];
  readonly quiet: boolean;
}

export interface AllArgs {
  /** Model names or files to run; none means every registered model. */
  readonly targets: readonly string[];
  readonly filter?: string;
  readonly workers: number;
  readonly junitFile?: string;
  readonly jsonFile?: string;
  /** --html DIR: one report per configuration run, and index.html. */
  readonly htmlDir?: string;
  readonly maxStates?: number;
  readonly timeLimitSeconds?: number;
  /** Reductions asked for on the command line; undefined leaves each run's default. */
  readonly por?: boolean;
  readonly symmetry?: boolean;
  readonly quiet: boolean;
}

/**
 * Pass one: what is being asked for, without knowing the model's parameters yet. `paramNames`
 * are the parameters of the registered models, so that one given to `--all` is recognised as such.
 */
export function parseCommand(argv: readonly string[], paramNames: ReadonlySet<string> = new Set()): Command {
  const { values, tokens } = loose(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (values.list) return { kind: "list", json: parseListArgs(argv) };
  if (values.all) return { kind: "all", args: parseAllArgs(argv, paramNames) };
  for (const option of ["filter", "junit"]) {
    if (values[option] !== undefined) throw new CheckerError("bad-option", `--${option} goes with --all`);
  }
  // An option pass one does not know (a model's parameter) takes the word after it as its value,
  // so `check --rm 3 two-phase-commit` names two-phase-commit, not "3".
  const unknown = tokens.filter((t) => t.kind === "option" && !(t.name in RUN_OPTIONS));
  const valueOfUnknown = new Set(
    unknown.filter((t) => t.kind === "option" && t.inlineValue !== true).map((t) => t.index + 1),
  );
  const target =
    tokens.find((t) => t.kind === "positional" && !valueOfUnknown.has(t.index)) ??
    tokens.find((t) => t.kind === "positional");
  if (target === undefined || target.kind !== "positional") {
    const first = unknown[0];
    if (first !== undefined && first.kind === "option") {
      throw new CheckerError(
        "unknown-option",
        `unknown option ${first.rawName}, and no model given: run \`check <model> [options]\` with a name from \`check --list\` or a path to a .ts/.js model file; \`check --help\` lists the options`,
      );
    }
    throw new CheckerError(
      "bad-option",
      "no model given: run `check <model>` with a name from `check --list` or a path to a .ts/.js model file",
    );
  }
  if (target.value.trim() === "") {
    throw new CheckerError(
      "bad-option",
      'the model named is "" (an empty argument): give a name from `check --list` or a path to a .ts/.js model file',
    );
  }
  return { kind: "run", target: target.value, raw: argv };
}

/** `check --list [--json]`: anything else is a mistake worth saying. */
function parseListArgs(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === "--list" || arg === "--json" || arg === "--quiet" || arg === "-q") continue;
    if (arg.startsWith("-"))
      throw new CheckerError("bad-option", `--list takes no option but --json (got ${arg.split("=")[0]})`);
    throw new CheckerError("bad-option", `--list takes no model name (got "${arg}")`);
  }
  return argv.includes("--json");
}

/** Fault and network flags: what an actor model takes (checker/actors). */
export const ACTOR_OPTIONS: ReadonlySet<string> = new Set(ACTOR_OPTION_NAMES);

/** Pass two: strict parsing once the model's parameters are known. */
export function parseRunArgs(
  argv: readonly string[],
  params: ParamSpecs,
  unsupported: Readonly<Record<string, string>> = {},
): RunArgs {
  const options: OptionSpecs = { ...RUN_OPTIONS };
  for (const name of Object.keys(params)) options[name] = { type: "string" };
  const { values, positionals } = strictParse(argv, options, {
    accepts: (name) => {
      const spec = params[name];
      return spec === undefined ? ACCEPTS[name] : describeAccepted(spec);
    },
    flagParams: new Set(Object.keys(params).filter((name) => params[name]!.type === "bool")),
    unknown: (option) => explainUnknownOption(option, params, unsupported),
  });
  if (positionals.length > 1) {
    throw new CheckerError(
      "bad-option",
      `unexpected argument "${positionals[1]}": parameters are given as flags, e.g. --${Object.keys(params)[0] ?? "name"} 3`,
    );
  }
  const paramValues: Record<string, string> = {};
  for (const name of Object.keys(params)) {
    const value = values[name];
    if (typeof value === "string") paramValues[name] = value;
  }
  // Only the words are read here; what the values mean, and which go together, is
  // checker/pipeline/resolve.ts's to say, for every caller alike.
  const seed = str(values.seed);
  if (seed !== undefined && (!/^\d+$/.test(seed) || Number(seed) > 2 ** 32 - 1)) {
    throw new CheckerError(
      "bad-option",
      `--seed ${JSON.stringify(seed)} is not accepted: expected an integer from 0 to 4294967295`,
    );
  }
  const strategy = str(values.strategy);
  const flags = pairedFlags(values);
  const workers = workerCount(str(values.workers));
  const request: RunRequest = {
    config: str(values.config),
    variant: str(values.variant),
    params: paramValues,
    strategy: strategy as Strategy | undefined,
    maxStates: positiveInt("--max-states", str(values["max-states"])),
    maxDepth: positiveInt("--max-depth", str(values["max-depth"])),
    timeLimitSeconds: positiveSeconds(str(values["time-limit"])),
    memoryLimitBytes: byteSize("--memory-limit", str(values["memory-limit"])),
    checkDeadlock: flags.deadlock,
    por: flags.por,
    symmetry: flags.symmetry,
    liveness: flags.liveness,
    measures: flags.measures,
    audit: values["por-audit"] === true ? true : undefined,
    fairness: parseFairness(str(values.fairness)),
    // Without --workers, a search uses the machine's cores; random walks run on one thread.
    workers: workers ?? (strategy === "random" ? undefined : availableParallelism()),
    seed: seed === undefined ? undefined : Number(seed),
    runs: positiveInt("--runs", str(values.runs)),
    path: str(values.path),
  };
  return {
    request: Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as RunRequest,
    jsonFile: str(values.json),
    itfFile: str(values.itf),
    htmlFile: str(values.html),
    sweeps: (values.sweep as string[] | undefined) ?? [],
    quiet: values.quiet === true,
  };
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
};

/** `512M`, `4G`, `1.5GiB`, `2000000000` → bytes (units are powers of 1024). */
export function byteSize(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(raw);
  const bytes = match ? Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]! : NaN;
  if (!Number.isFinite(bytes) || bytes < 2 ** 20) {
    throw new CheckerError(
      "bad-option",
      `${option} ${JSON.stringify(raw)} is not accepted: expected a size of at least 1M, such as 512M, 4G or 1.5GiB`,
    );
  }
  return Math.floor(bytes);
}

/** `delivery=strong,timers=none` → { delivery: "strong", timers: "none" }. */
function parseFairness(raw: string | undefined): Record<string, "weak" | "strong" | "none"> | undefined {
  const fairness: Record<string, "weak" | "strong" | "none"> = {};
  if (raw === undefined) return undefined;
  for (const part of raw.split(",")) {
    const match = /^\s*([\w-]+)\s*=\s*(weak|strong|none)\s*$/.exec(part);
    if (!match) {
      throw new CheckerError(
        "bad-option",
        `--fairness ${JSON.stringify(raw)} is not accepted: expected NAME=weak|strong|none, several separated by commas (e.g. --fairness delivery=strong,timers=none)`,
      );
    }
    fairness[match[1]!] = match[2] as "weak" | "strong" | "none";
  }
  return fairness;
}

/** --por/--no-por, --symmetry/--no-symmetry, --liveness/--no-liveness, --measures/--no-measures, --deadlock/--no-deadlock; undefined when neither of a pair is given. */
function pairedFlags(values: Record<string, unknown>): {
  por?: boolean;
  symmetry?: boolean;
  liveness?: boolean;
  measures?: boolean;
  deadlock?: boolean;
} {
  const pair = (name: string): boolean | undefined => {
    const on = values[name] === true;
    const off = values[`no-${name}`] === true;
    if (on && off) {
      throw new CheckerError("bad-option", `--${name} and --no-${name} contradict each other: give one`);
    }
    return on ? true : off ? false : undefined;
  };
  return {
    por: pair("por"),
    symmetry: pair("symmetry"),
    liveness: pair("liveness"),
    measures: pair("measures"),
    deadlock: pair("deadlock"),
  };
}

/** `check --all [--filter GLOB] [--workers N] [--junit FILE] [--json FILE] [limits]`. */
function parseAllArgs(argv: readonly string[], paramNames: ReadonlySet<string>): AllArgs {
  const { values, positionals } = strictParse(argv, RUN_OPTIONS, {
    accepts: (name) => ACCEPTS[name],
    flagParams: new Set(),
    unknown: (option) =>
      paramNames.has(option.replace(/^--?/, ""))
        ? allTakesNoParams(option)
        : `unknown option ${option}: --all takes ${ALL_OPTIONS.filter((o) => o !== "all")
            .map((o) => `--${o}`)
            .join(", ")}`,
  });
  for (const option of Object.keys(values)) {
    if (ALL_OPTIONS.includes(option as OptionName) || values[option] === undefined) continue;
    const why = ["seed", "runs", "path"].includes(option)
      ? "--all runs no random walks"
      : option === "itf"
        ? "--all writes no counterexample files; --junit FILE has the trace of each failure"
        : option === "memory-limit"
          ? "run the large configuration alone, `check <model> --config NAME --memory-limit SIZE`"
          : "each configuration declares its own";
    throw new CheckerError("bad-option", `--${option} does not go with --all: ${why}`);
  }
  const allFlags = pairedFlags(values);
  const filter = str(values.filter);
  if (filter !== undefined && filter.split(",").every((glob) => glob.trim() === "")) {
    throw new CheckerError(
      "bad-option",
      `--filter ${JSON.stringify(filter)} names no model: expected ${ACCEPTS.filter}, such as two-phase-*`,
    );
  }
  return {
    targets: positionals,
    filter,
    workers: workerCount(str(values.workers)) ?? 1,
    junitFile: str(values.junit),
    jsonFile: str(values.json),
    htmlDir: str(values.html),
    maxStates: positiveInt("--max-states", str(values["max-states"])),
    timeLimitSeconds: positiveSeconds(str(values["time-limit"])),
    por: allFlags.por,
    symmetry: allFlags.symmetry,
    quiet: values.quiet === true,
  };
}

function allTakesNoParams(option: string): string {
  return `--all does not take model parameters (got ${option}): it runs the configurations the models declare; run one with \`check <model> --config NAME\`, or choose parameters with \`check <model> ${option} VALUE\``;
}

function loose(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: RUN_OPTIONS,
      allowPositionals: true,
      strict: false,
      tokens: true,
    });
  } catch (error) {
    throw new CheckerError(
      "bad-option",
      error instanceof Error ? error.message.split("\n")[0]! : String(error),
    );
  }
}

interface StrictContext {
  /** What an option that takes a value accepts, for the error when it is given none. */
  readonly accepts: (name: string) => string | undefined;
  /** Boolean parameters: given alone (`--unbounded`), they mean true. */
  readonly flagParams: ReadonlySet<string>;
  /** The message for an option nothing declares. */
  readonly unknown: (rawName: string) => string;
}

/**
 * parseArgs in strict mode, with its errors put in our words. Before it runs, the words after
 * each option that takes a value are read as we mean them: a negative number is a value (so
 * that `--rm -1` is refused for its range, not as a missing value), and a following option or
 * the end of the line means the value is missing.
 */
function strictParse(argv: readonly string[], options: OptionSpecs, context: StrictContext) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      args.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
    if (name === undefined || options[name]?.type !== "string") {
      args.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && /^-\.?\d/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else if (next === undefined || (next.startsWith("-") && next !== "-")) {
      if (context.flagParams.has(name)) {
        args.push(`${arg}=true`);
        continue;
      }
      const accepted = context.accepts(name);
      throw new CheckerError(
        "missing-value",
        `${arg} needs a value${accepted === undefined ? "" : `: ${accepted}`}${next === undefined ? "" : ` (got ${next}, an option; a value that starts with a dash is written ${arg}=${next})`}`,
      );
    } else {
      args.push(arg);
    }
  }
  let parsed: ReturnType<
    typeof parseArgs<{ options: OptionSpecs; tokens: true; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw explainParseError(error, args, context);
  }
  const given = new Map<string, string[]>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option" || token.value === undefined) continue;
    given.set(token.rawName, [...(given.get(token.rawName) ?? []), token.value]);
  }
  for (const [option, values] of given) {
    if (values.length > 1 && options[option.replace(/^--/, "")]?.multiple !== true) {
      throw new CheckerError(
        "bad-option",
        `${option} is given ${values.length} times (${values.join(", ")}): give it once`,
      );
    }
  }
  return parsed;
}

function explainParseError(error: unknown, args: readonly string[], context: StrictContext): CheckerError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const unknown = /Unknown option '(--?[^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown !== undefined) {
    return new CheckerError("unknown-option", context.unknown(unknown));
  }
  // parseArgs names a flag as "-q, --quiet"; the long name is the one to show.
  const option = /Option '(?:-\w, )?(--[^' ]+)/.exec(message)?.[1];
  if (option !== undefined && /does not take an argument/.test(message)) {
    const given = args.find((a) => a.startsWith(`${option}=`)) ?? option;
    return new CheckerError("bad-option", `${option} takes no value (got ${given}): give it alone`);
  }
  if (option !== undefined) {
    const accepted = context.accepts(option.slice(2));
    return new CheckerError(
      "missing-value",
      `${option} needs a value${accepted === undefined ? "" : `: ${accepted}`}; a value that starts with a dash is written ${option}=-VALUE`,
    );
  }
  return new CheckerError("bad-option", message.split("\n")[0]!);
}

function explainUnknownOption(
  rawName: string,
  params: ParamSpecs,
  unsupported: Readonly<Record<string, string>>,
): string {
  const name = rawName.replace(/^--?/, "");
  if (unsupported[name] !== undefined) return `--${name} is not accepted: ${unsupported[name]}`;
  if (ACTOR_OPTIONS.has(name) && !("network" in params)) {
    return `--${name} is not accepted: faults and --network apply to actor models (defineActorModel), and this model is not one`;
  }
  const names = Object.keys(params);
  const near = closest(name, [...names, ...Object.keys(RUN_OPTIONS)]);
  const hint = distance(name, near) <= Math.max(1, name.length / 3) ? ` (did you mean --${near}?)` : "";
  const accepted = names.length
    ? `this model's parameters are ${names.map((n) => `--${n}`).join(", ")}`
    : "this model has no parameters";
  return `unknown option ${rawName}${hint}: ${accepted}; run \`check --help\` for the options every run understands`;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function positiveInt(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.replace(/_/g, "");
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || !Number.isSafeInteger(Number(trimmed))) {
    throw new CheckerError(
      "bad-option",
      `${option} ${JSON.stringify(raw)} is not accepted: expected a positive integer`,
    );
  }
  return Number(trimmed);
}

/** --workers: threads for a run, processes for --all; past MAX_WORKERS they only crowd the cores. */
function workerCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new CheckerError(
      "bad-option",
      `--workers ${JSON.stringify(raw)} is not accepted: expected an integer from 1 to ${MAX_WORKERS} (4 × this machine's ${availableParallelism()} cores)`,
    );
  }
  return n;
}

function positiveSeconds(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new CheckerError(
      "bad-option",
      `--time-limit ${JSON.stringify(raw)} is not accepted: expected a positive number of seconds`,
    );
  }
  return n;
}

export const USAGE = `Usage:
  check <model> [--<param> <value> ...] [options]   model: a name from --list, or a path to a .ts/.js module
  check --list [--json]                             every model, its parameters, variants and configurations
  check --all [<model|file.ts> ...] [--filter GLOB] [--workers N] [--junit FILE] [--json FILE] [--html DIR]
                                                    every declared configuration (of every registered
                                                    model, or of those named) against its expected verdict

Options:
  --config NAME          run a declared configuration (its parameters and variant; flags override them)
  --variant NAME         run a variant of the model (default: correct)
  --strategy bfs|dfs|random
                         breadth-first (default; shortest counterexamples), depth-first search, or
                         random walks (not exhaustive; a failing walk is shrunk)
  --seed S, --runs N, --path P
                         random walks: the seed (printed first), how many walks (default 1000), and
                         fast-check's path to replay one shrunk failure; --max-depth is steps per walk
  --max-states N         stop after N distinct states (verdict incomplete, exit 3)
  --max-depth N          do not expand states at depth N (verdict incomplete if any were cut, exit 3)
  --time-limit SECONDS   stop after this long (verdict incomplete, exit 3)
  --no-deadlock          do not report states without enabled actions as deadlocks
  --deadlock             report them (the default; overrides a --config that declares checkDeadlock: false)
  --json FILE            write the result as JSON (also when stopped by a limit or Ctrl-C)
  --itf FILE             write the counterexample in the Informal Trace Format (Apalache, Quint)
  --html FILE            write a self-contained HTML report (trace, space-time diagram, states)
  --workers N            worker threads for breadth-first search (default: the machine's cores,
                         ${availableParallelism()} here; at most ${MAX_WORKERS}); partial-order reduction, liveness and dfs
                         run on one
  --memory-limit SIZE    stop (verdict incomplete, exit 3) when the process grows past SIZE (512M, 4G)
  --por, --no-por        partial-order reduction (default on where the model allows it: footprints
                         for guarded actions, observe() for actor models; the output says when it is off)
  --symmetry, --no-symmetry
                         symmetry reduction over the model's declared interchangeable processes or
                         values (default off)
  --por-audit            run again without reductions and report any difference (exit 1 if one)
  --no-liveness          check invariants and deadlocks only, not the model's liveness properties
  --liveness             check them (the default; overrides a --config that declares liveness: false)
  --no-measures          do not measure the model's measures (messages per entry, per election, …)
  --measures             measure them (the default; overrides a --config that declares measures: false)
  --sweep PARAM=VALUES   check at each value and print one table of measures across the runs, with
                         the mean of each: V1,V2,… (values holding commas separated by ;), A..B for
                         an integer, or every (every value the parameter declares worth running);
                         several --sweep run every combination; --json FILE writes the table
                         (--por, --symmetry, --liveness and their --no- forms override what a
                         --config declares)
  --fairness NAME=weak|strong|none[,...]
                         override the fairness the model declares for its liveness properties
                         (actor models: delivery and timers, both weak by default)
  -q, --quiet            no progress on stderr
  -h, --help             this text
  --version              the checker's version

With --all:
  --filter GLOB          only models whose name matches (* and ?, several patterns separated by commas)
  --workers N            run N configurations at a time, each in its own process (default 1, at
                         most ${MAX_WORKERS})
  --junit FILE           write JUnit XML: one testcase per configuration, the trace in each failure
  --json FILE            write a summary of every configuration as JSON
  --html DIR             write an HTML report per configuration and DIR/index.html linking them
  --no-por, --symmetry   the same reductions for every configuration

Exit status: 0 holds, 1 violation found, 2 bad input, 3 incomplete (a limit was reached).
With --all: 0 when every configuration matched its expected verdict, 1 otherwise.`;
