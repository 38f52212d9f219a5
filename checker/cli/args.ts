// The command line of DESIGN.md, parsed with node:util's parseArgs in two passes: the first finds
// the model (a parameter is only a known flag once its model is loaded), the second parses
// strictly with the model's parameters added as flags. Every mistake becomes a CheckerError with a
// one-line message naming the option and what it accepts.
import { availableParallelism } from "node:os";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { ACTOR_OPTION_NAMES, CheckerError, type ParamSpecs, type Strategy } from "../index.ts";

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
  "no-deadlock": { type: "boolean" },
  list: { type: "boolean" },
  all: { type: "boolean" },
  junit: { type: "string" },
  filter: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const satisfies OptionSpecs;

export const RESERVED_OPTION_NAMES: ReadonlySet<string> = new Set(Object.keys(RUN_OPTIONS));

export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "list"; readonly json: boolean }
  | { readonly kind: "all"; readonly args: AllArgs }
  | { readonly kind: "run"; readonly target: string; readonly raw: readonly string[] };

export interface RunArgs {
  readonly params: Readonly<Record<string, string>>;
  readonly config?: string;
  readonly variant?: string;
  readonly strategy: Strategy;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeLimitSeconds?: number;
  /** False with --no-deadlock; undefined leaves the configuration's choice (default true). */
  readonly checkDeadlock?: boolean;
  /** Worker threads for breadth-first search (default: the machine's cores). */
  readonly workers: number;
  /** --memory-limit: stop (incomplete) when the process grows past this many bytes. */
  readonly memoryLimitBytes?: number;
  readonly jsonFile?: string;
  readonly itfFile?: string;
  /** --html FILE: the self-contained HTML report. */
  readonly htmlFile?: string;
  /** Random simulation only. */
  readonly seed?: number;
  readonly runs?: number;
  readonly path?: string;
  /**
   * Partial-order reduction (default on) and symmetry reduction (default off), as asked;
   * undefined when the command line does not say, so that a configuration's own choice applies.
   */
  readonly por?: boolean;
  readonly symmetry?: boolean;
  /** --por-audit: run again without reductions and compare. */
  readonly audit: boolean;
  /** --no-liveness: check invariants (and deadlocks) only; --liveness: check them (undefined: the default). */
  readonly liveness?: boolean;
  /** --fairness NAME=weak|strong|none,…: overrides of the model's fairness families. */
  readonly fairness: Readonly<Record<string, "weak" | "strong" | "none">>;
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

/** Pass one: what is being asked for, without knowing the model's parameters yet. */
export function parseCommand(argv: readonly string[]): Command {
  const { values, positionals } = loose(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  if (values.list) {
    if (positionals.length > 0)
      throw new CheckerError("bad-option", `--list takes no model name (got "${positionals[0]}")`);
    return { kind: "list", json: typeof values.json === "string" || argv.includes("--json") };
  }
  if (values.all) return { kind: "all", args: parseAllArgs(argv) };
  for (const option of ["filter", "junit"]) {
    if (values[option] !== undefined) throw new CheckerError("bad-option", `--${option} goes with --all`);
  }
  if (positionals.length === 0) {
    throw new CheckerError(
      "bad-option",
      "no model given: run `check <model>` with a name from `check --list` or a path to a .ts/.js model file",
    );
  }
  return { kind: "run", target: positionals[0]!, raw: argv };
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
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CheckerError("bad-option", explainParseError(error, params, unsupported));
  }
  const { values, positionals } = parsed;
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
  const strategy = str(values.strategy) ?? "bfs";
  if (strategy !== "bfs" && strategy !== "dfs" && strategy !== "random") {
    throw new CheckerError(
      "bad-option",
      `--strategy ${strategy} is not accepted: expected bfs, dfs or random`,
    );
  }
  for (const option of ["seed", "runs", "path"]) {
    if (values[option] !== undefined && strategy !== "random") {
      throw new CheckerError("bad-option", `--${option} goes with --strategy random`);
    }
  }
  if (strategy === "random" && values["max-states"] !== undefined) {
    throw new CheckerError(
      "bad-option",
      "--max-states does not go with --strategy random: bound walks with --runs and --max-depth",
    );
  }
  const seed = str(values.seed);
  if (seed !== undefined && !/^\d+$/.test(seed)) {
    throw new CheckerError(
      "bad-option",
      `--seed ${JSON.stringify(seed)} is not accepted: expected an integer from 0 to 4294967295`,
    );
  }
  const reductions = reductionFlags(values);
  if (
    strategy === "random" &&
    (reductions.por === true || reductions.symmetry === true || values["por-audit"])
  ) {
    throw new CheckerError(
      "bad-option",
      "--por, --symmetry and --por-audit do not go with --strategy random: random walks explore no reduced graph",
    );
  }
  const workers = positiveInt("--workers", str(values.workers)) ?? availableParallelism();
  return {
    params: paramValues,
    config: str(values.config),
    variant: str(values.variant),
    strategy,
    maxStates: positiveInt("--max-states", str(values["max-states"])),
    maxDepth: positiveInt("--max-depth", str(values["max-depth"])),
    timeLimitSeconds: positiveSeconds(str(values["time-limit"])),
    checkDeadlock: values["no-deadlock"] === true ? false : undefined,
    workers,
    memoryLimitBytes: byteSize("--memory-limit", str(values["memory-limit"])),
    jsonFile: str(values.json),
    itfFile: str(values.itf),
    htmlFile: str(values.html),
    seed: seed === undefined ? undefined : Number(seed),
    runs: positiveInt("--runs", str(values.runs)),
    path: str(values.path),
    por: reductions.por,
    symmetry: reductions.symmetry,
    audit: values["por-audit"] === true,
    liveness: reductions.liveness,
    fairness: parseFairness(str(values.fairness)),
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
function parseFairness(raw: string | undefined): Record<string, "weak" | "strong" | "none"> {
  const fairness: Record<string, "weak" | "strong" | "none"> = {};
  if (raw === undefined) return fairness;
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

/** --por/--no-por, --symmetry/--no-symmetry, --liveness/--no-liveness; undefined when neither of a pair is given. */
function reductionFlags(values: Record<string, unknown>): {
  por?: boolean;
  symmetry?: boolean;
  liveness?: boolean;
} {
  const pair = (name: string): boolean | undefined => {
    const on = values[name] === true;
    const off = values[`no-${name}`] === true;
    if (on && off) {
      throw new CheckerError("bad-option", `--${name} and --no-${name} contradict each other: give one`);
    }
    return on ? true : off ? false : undefined;
  };
  return { por: pair("por"), symmetry: pair("symmetry"), liveness: pair("liveness") };
}

/** `check --all [--filter GLOB] [--workers N] [--junit FILE] [--json FILE] [limits]`. */
function parseAllArgs(argv: readonly string[]): AllArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: RUN_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CheckerError("bad-option", explainParseError(error, {}));
  }
  const { values, positionals } = parsed;
  for (const option of ["config", "variant", "strategy", "max-depth", "no-deadlock", "por-audit"]) {
    if (values[option] !== undefined) {
      throw new CheckerError(
        "bad-option",
        `--${option} does not go with --all: each configuration declares its own`,
      );
    }
  }
  return {
    targets: positionals,
    filter: str(values.filter),
    workers: positiveInt("--workers", str(values.workers)) ?? 1,
    junitFile: str(values.junit),
    jsonFile: str(values.json),
    htmlDir: str(values.html),
    maxStates: positiveInt("--max-states", str(values["max-states"])),
    timeLimitSeconds: positiveSeconds(str(values["time-limit"])),
    ...reductionFlags(values),
    quiet: values.quiet === true,
  };
}

function loose(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: RUN_OPTIONS, allowPositionals: true, strict: false });
  } catch (error) {
    throw new CheckerError("bad-option", explainParseError(error, {}));
  }
}

function explainParseError(
  error: unknown,
  params: ParamSpecs,
  unsupported: Readonly<Record<string, string>> = {},
): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(--?[^']+)'/.exec(message);
  const name = unknown?.[1]?.replace(/^--?/, "");
  if (name !== undefined && unsupported[name] !== undefined)
    return `--${name} is not accepted: ${unsupported[name]}`;
  if (name !== undefined && ACTOR_OPTIONS.has(name) && !("network" in params)) {
    return `--${name} is not accepted: faults and --network apply to actor models (defineActorModel), and this model is not one`;
  }
  if (unknown) {
    const names = Object.keys(params);
    const accepted = names.length
      ? `this model's parameters are ${names.map((n) => `--${n}`).join(", ")}`
      : "this model has no parameters";
    return `unknown option ${unknown[1]}: ${accepted}; run \`check --help\` for the options every run understands`;
  }
  const missing = /Option '(--[^ ]+)[^']*' argument missing/.exec(message);
  if (missing) return `option ${missing[1]} needs a value`;
  return message.split("\n")[0]!;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function positiveInt(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.replace(/_/g, "");
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1) {
    throw new CheckerError(
      "bad-option",
      `${option} ${JSON.stringify(raw)} is not accepted: expected a positive integer`,
    );
  }
  return Number(trimmed);
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
  --json FILE            write the result as JSON (also when stopped by a limit or Ctrl-C)
  --itf FILE             write the counterexample in the Informal Trace Format (Apalache, Quint)
  --html FILE            write a self-contained HTML report (trace, space-time diagram, states)
  --workers N            worker threads for breadth-first search (default: the machine's cores,
                         ${availableParallelism()} here); partial-order reduction, liveness and dfs run on one
  --memory-limit SIZE    stop (verdict incomplete, exit 3) when the process grows past SIZE (512M, 4G)
  --por, --no-por        partial-order reduction (default on where the model allows it: footprints
                         for guarded actions, observe() for actor models; the output says when it is off)
  --symmetry, --no-symmetry
                         symmetry reduction over the model's declared interchangeable processes or
                         values (default off)
  --por-audit            run again without reductions and report any difference (exit 1 if one)
  --no-liveness          check invariants and deadlocks only, not the model's liveness properties
  --liveness             check them (the default; overrides a --config that declares liveness: false)
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
  --workers N            run N configurations at a time, each in its own process (default 1)
  --junit FILE           write JUnit XML: one testcase per configuration, the trace in each failure
  --json FILE            write a summary of every configuration as JSON
  --html DIR             write an HTML report per configuration and DIR/index.html linking them
  --no-por, --symmetry   the same reductions for every configuration

Exit status: 0 holds, 1 violation found, 2 bad input, 3 incomplete (a limit was reached).
With --all: 0 when every configuration matched its expected verdict, 1 otherwise.`;
