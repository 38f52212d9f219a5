// `check`: the one place that joins the engine, the model registry and the renderers. It loads the
// model, runs it, prints and writes the result, and turns every user mistake into one line on
// stderr with exit status 2 (never a stack trace).
import { match } from "ts-pattern";
import { join, resolve } from "node:path";
import { models } from "../../models/index.ts";
import type { IndexEntry } from "../../reports/render.ts";
import {
  CheckerError,
  isCheckerError,
  type CheckResult,
  type ReductionLedger,
  checkResolved,
  describeModel,
  inCommandLineTerms,
  type ModelDefinition,
  reproduceCommand,
  type ResolvedRun,
  resolveRun,
  RESULT_SCHEMA,
  resultInCommandLineTerms,
  shownParams,
  parseSweepAxis,
  simulateResolved,
  sweepModel,
  type SweepResult,
  toItf,
  toResultJson,
} from "../index.ts";
import {
  type AllArgs,
  parseCommand,
  parseRunArgs,
  RESERVED_OPTION_NAMES,
  type RunArgs,
  USAGE,
} from "./args.ts";
import { renderSweep } from "./render-sweep.ts";
import {
  type ConfigOutcome,
  describeExpectation,
  renderTable,
  runAll,
  selectJobs,
  type Target,
} from "./all.ts";
import { toJUnit } from "./junit.ts";
import { listModels } from "./list.ts";
import { loadModel, looksLikePath, modelModuleOf } from "./load-model.ts";
import { checkOutputPath, type OutputKind, writeOutputFile } from "./output-path.ts";
import { onInterrupt } from "./interrupt.ts";
import { ProgressLine } from "./progress.ts";
import { renderResult } from "./render-text.ts";

export const EXIT = { holds: 0, violated: 1, badInput: 2, incomplete: 3, internal: 70 } as const;

const VERSION = "0.1.0";

/** Where the command writes: the process's streams, or (in specs) buffers. */
export interface Io {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Told of each bad input as it is reported, so that specs can assert its code. */
  readonly onBadInput?: (error: CheckerError) => void;
}

interface Writer {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const PROCESS_IO: Io = { stdout: process.stdout, stderr: process.stderr };

/** Parameter names of the registered models: given to --all, they get their own explanation. */
const REGISTERED_PARAMS: ReadonlySet<string> = new Set(models.flatMap((m) => Object.keys(m.params)));

export async function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  try {
    const command = parseCommand(argv, REGISTERED_PARAMS);
    // Exhaustive: a command kind added to args.ts without a branch here is a type error.
    return await match(command)
      .with({ kind: "help" }, () => written(io, USAGE))
      .with({ kind: "version" }, () => written(io, VERSION))
      .with({ kind: "list" }, ({ json }) =>
        written(io, json ? JSON.stringify(models.map(describeModel), null, 2) : listModels(models)),
      )
      .with({ kind: "all" }, ({ args }) => all(args, io))
      .with({ kind: "run" }, ({ target, raw }) => run(target, raw, io))
      .exhaustive();
  } catch (error) {
    if (isCheckerError(error)) {
      io.onBadInput?.(error);
      // A message may quote a model's own error text, which can run over several lines.
      const message = inCommandLineTerms(error.message);
      io.stderr.write(`error[${error.code}]: ${message.replace(/\s*\n\s*/g, " ").trim()}\n`);
      return EXIT.badInput;
    }
    io.stderr.write(
      `error[internal]: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.internal;
  }
}

/** Writes a line of output for a command that only prints: exit 0. */
function written(io: Io, text: string): number {
  io.stdout.write(`${text}\n`);
  return 0;
}

async function run(target: string, argv: readonly string[], io: Io): Promise<number> {
  const model = await loadModel(target, models);
  checkParamNames(model);
  const args = parseRunArgs(argv, model.params, model.unsupportedOptions);
  // The request is resolved (parameters, variant, options) and output files checked before any
  // search starts, so that a typo fails at once.
  const resolved = resolveRun(model, args.request);
  if (args.sweeps.length > 0) return sweep(target, argv, model, args, io);
  const { machine } = resolved;
  await checkOutputs([
    ["--json", args.jsonFile, "file"],
    ["--html", args.htmlFile, "file"],
    ["--itf", args.itfFile, "file"],
  ]);

  const controller = new AbortController();
  const stopListening = onInterrupt(
    () => {
      controller.abort();
      io.stderr.write(
        "\ninterrupted: finishing with the states explored so far (Ctrl-C again to quit at once)\n",
      );
    },
    () => process.exit(130),
  );
  const progress = new ProgressLine(io.stderr);
  let result: CheckResult;
  try {
    result =
      resolved.walks !== null
        ? await simulate(resolved, resolved.walks, controller.signal, io, args.quiet)
        : await checkResolved(resolved, {
            modelModule: modelModuleOf(target, model),
            signal: controller.signal,
            onProgress: args.quiet ? undefined : (p) => progress.show(p),
          });
  } finally {
    progress.done();
    stopListening();
  }
  result = resultInCommandLineTerms(result);

  if (result.verdict === "violated" && result.violation.name === "no-initial-state") {
    // Nothing was searched, so there is no verdict to print: the model is unusable as written,
    // which is bad input (exit 2). The result file still says so, for tools that read it.
    if (args.jsonFile)
      await writeOutput(io, "--json", args.jsonFile, `${JSON.stringify(toResultJson(result), null, 2)}\n`);
    throw new CheckerError("bad-model", `model "${model.name}": ${result.violation.message}`);
  }
  const shown = shownParams(model, result.params);
  const checkDeadlock = resolved.checkDeadlock;
  const command = reproduceCommand(resolved, looksLikePath(target) ? target : model.name, result);
  io.stdout.write(
    `${renderResult(result, { command, invariants: machine.invariants.map((i) => i.name), checkDeadlock, liveness: result.options.liveness, unchecked: uncheckedLiveness(machine, result), params: shown })}\n`,
  );
  if (args.jsonFile)
    await writeOutput(io, "--json", args.jsonFile, `${JSON.stringify(toResultJson(result), null, 2)}\n`);
  if (args.htmlFile) {
    // The renderer is loaded only for runs that write a report.
    const { renderReport } = await import("../../reports/render.ts");
    const html = renderReport({
      result: toResultJson(result),
      command,
      generatedAt: new Date().toISOString(),
    });
    await writeOutput(io, "--html", args.htmlFile, html);
  }
  if (args.itfFile) {
    const itf = toItf(result);
    if (itf === null)
      io.stderr.write(`--itf ${args.itfFile}: not written, there is no counterexample trace\n`);
    else await writeOutput(io, "--itf", args.itfFile, `${JSON.stringify(itf, null, 2)}\n`);
  }
  return result.verdict === "holds"
    ? EXIT.holds
    : result.verdict === "violated"
      ? EXIT.violated
      : EXIT.incomplete;
}

/**
 * `--sweep PARAM=VALUES …`: a run at every combination, one table of measures across them. A
 * sweep writes its table as JSON; a report or a trace is of one run, so --html and --itf are
 * refused, as are random walks, which measure nothing.
 */
async function sweep(
  target: string,
  argv: readonly string[],
  model: ModelDefinition,
  args: RunArgs,
  io: Io,
): Promise<number> {
  for (const [option, given] of [
    ["--html", args.htmlFile],
    ["--itf", args.itfFile],
  ] as const) {
    if (given !== undefined)
      throw new CheckerError(
        "bad-option",
        `${option} does not go with --sweep: it writes one run; run the one you want without --sweep, or write the sweep with --json FILE`,
      );
  }
  if (args.request.strategy === "random")
    throw new CheckerError(
      "bad-option",
      "--strategy random does not go with --sweep: random walks measure nothing; sweep an exhaustive search",
    );
  const axes = args.sweeps.map((text) => parseSweepAxis(text, model));
  await checkOutputs([["--json", args.jsonFile, "file"]]);
  const controller = new AbortController();
  const stopListening = onInterrupt(
    () => {
      controller.abort();
      io.stderr.write(
        "\ninterrupted: the table shows the runs that finished (Ctrl-C again to quit at once)\n",
      );
    },
    () => process.exit(130),
  );
  const progress = new ProgressLine(io.stderr);
  let result: SweepResult;
  try {
    // About once a second, as a search's progress is.
    let shownAt = 0;
    result = await sweepModel(model, args.request, axes, {
      signal: controller.signal,
      onRun: args.quiet
        ? undefined
        : (i, planned, params) => {
            if (Date.now() - shownAt < 1000) return;
            shownAt = Date.now();
            const values = Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
            progress.showText(`run ${i + 1} of ${planned}: ${values.join(" ")}`);
          },
    });
  } finally {
    progress.done();
    stopListening();
  }
  const words = [looksLikePath(target) ? target : model.name, ...argv.filter((a) => a !== target)];
  const command = `check ${words.map((w) => (/^[\w./,=:+-]+$/.test(w) ? w : `'${w}'`)).join(" ")}`;
  io.stdout.write(`${renderSweep(result, command)}\n`);
  if (args.jsonFile)
    await writeOutput(
      io,
      "--json",
      args.jsonFile,
      `${JSON.stringify({ schema: RESULT_SCHEMA, kind: "sweep", ...result }, null, 2)}\n`,
    );
  if (result.runs.some((r) => r.verdict === "violated")) return EXIT.violated;
  if (result.interrupted || result.runs.some((r) => r.verdict === "incomplete")) return EXIT.incomplete;
  return EXIT.holds;
}

async function all(args: AllArgs, io: Io): Promise<number> {
  const targets: Target[] =
    args.targets.length === 0
      ? models.map((model) => ({ model, target: model.name }))
      : await Promise.all(
          args.targets.map(async (target) => ({ model: await loadModel(target, models), target })),
        );
  if (selectJobs(targets, args.filter).length === 0) {
    const names = targets.map((t) => t.model.name).join(", ");
    throw new CheckerError(
      "bad-option",
      args.filter === undefined
        ? `no configuration to run: ${names} declare${targets.length === 1 ? "s" : ""} none`
        : `--filter ${args.filter} selects no configuration; models: ${names}`,
    );
  }
  await checkOutputs([
    ["--junit", args.junitFile, "file"],
    ["--json", args.jsonFile, "file"],
    ["--html", args.htmlDir, "directory"],
  ]);
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    controller.abort();
    io.stderr.write("\ninterrupted: configurations not yet run count as not matched\n");
  });
  let outcomes: ConfigOutcome[];
  try {
    outcomes = await runAll(targets, { ...args, signal: controller.signal });
  } finally {
    stopListening();
  }
  io.stdout.write(`${renderTable(outcomes)}\n`);
  if (args.junitFile) await writeOutput(io, "--junit", args.junitFile, toJUnit(outcomes));
  if (args.htmlDir) await writeReports(io, args.htmlDir, outcomes, targets);
  if (args.jsonFile) {
    const summary = {
      schema: RESULT_SCHEMA,
      matched: outcomes.every((o) => o.matched),
      configurations: outcomes,
    };
    await writeOutput(io, "--json", args.jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
  }
  return outcomes.every((o) => o.matched) ? 0 : 1;
}

/** --all --html DIR: a report per configuration that ran, and index.html linking them. */
async function writeReports(
  io: Io,
  dir: string,
  outcomes: readonly ConfigOutcome[],
  targets: readonly Target[],
): Promise<void> {
  const { renderIndex, renderReport } = await import("../../reports/render.ts");
  const entries: IndexEntry[] = [];
  const generatedAt = new Date().toISOString();
  for (const outcome of outcomes) {
    const target = targets.find((t) => t.model.name === outcome.model)?.target ?? outcome.model;
    const file = `${outcome.model}--${outcome.config}.html`.replace(/[^\w.-]+/g, "_");
    const command = `npx check ${target} --config ${outcome.config}`;
    if (outcome.result !== null) {
      await writeOutputFile(
        "--html",
        join(dir, file),
        renderReport({ result: outcome.result, command, generatedAt }),
      );
    }
    const ledger = outcome.result?.stats.reductions;
    entries.push({
      model: outcome.model,
      config: outcome.config,
      variant: outcome.variant,
      expected: describeExpectation(outcome.expect),
      got: outcome.result === null ? "no result" : outcome.mismatch === "" ? "as expected" : outcome.mismatch,
      matched: outcome.matched,
      distinctStates: outcome.result?.stats.distinctStates ?? null,
      depth: outcome.result?.stats.depth ?? null,
      seconds: outcome.seconds,
      reductions: ledger ? reductionSummary(ledger) : "",
      href: outcome.result === null ? null : file,
    });
  }
  await writeOutput(io, "--html", join(dir, "index.html"), renderIndex(entries));
}

async function writeOutput(io: Io, option: string, file: string, text: string): Promise<void> {
  await writeOutputFile(option, file, text);
  io.stderr.write(`written to ${file}\n`);
}

/** Refuses, before anything runs, output paths that cannot be written or that two options share. */
async function checkOutputs(outputs: readonly [string, string | undefined, OutputKind][]): Promise<void> {
  const seen = new Map<string, string>();
  for (const [option, file, kind] of outputs) {
    if (file === undefined) continue;
    const other = seen.get(resolve(file));
    if (other !== undefined) {
      throw new CheckerError(
        "bad-output",
        `${other} and ${option} both name ${file}: give each its own file`,
      );
    }
    seen.set(resolve(file), option);
    await checkOutputPath(option, file, kind);
  }
}

/** A model whose parameter shadows one of the command line's own options could never be set. */
function checkParamNames(model: ModelDefinition): void {
  for (const name of Object.keys(model.params)) {
    if (RESERVED_OPTION_NAMES.has(name)) {
      throw new CheckerError(
        "bad-model",
        `model "${model.name}": parameter --${name} clashes with the command line's own --${name}; rename it`,
      );
    }
  }
}

/** The ledger in a few words, for the index's table (each report has the reasons). */
function reductionSummary(ledger: ReductionLedger): string {
  const po = ledger.partialOrder;
  const sym = ledger.symmetry;
  return [
    po?.active
      ? `partial order: ${po.prunedTransitions.toLocaleString("en-US")} transitions pruned`
      : "partial order off",
    sym?.active ? `symmetry: ${sym.renamedStates.toLocaleString("en-US")} states renamed` : null,
  ]
    .filter((part) => part !== null)
    .join("; ");
}

/** Liveness properties the model declares that this run did not check (random walks, --no-liveness). */
function uncheckedLiveness(
  machine: { readonly liveness?: readonly { readonly name: string }[] },
  result: CheckResult,
): string[] {
  const checked = new Set(result.options.liveness ?? []);
  return (machine.liveness ?? []).map((p) => p.name).filter((name) => !checked.has(name));
}

/** Random simulation: the seed comes first on stderr, so even a run that never ends can be redone. */
async function simulate(
  resolved: ResolvedRun,
  walks: NonNullable<ResolvedRun["walks"]>,
  signal: AbortSignal,
  io: Io,
  quiet: boolean,
): Promise<CheckResult> {
  if (!quiet) {
    io.stderr.write(
      `random simulation: seed ${walks.seed}, ${walks.runs} walks of at most ${resolved.maxDepth} steps\n`,
    );
  }
  return simulateResolved(resolved, { signal });
}
