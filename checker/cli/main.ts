// `check`: the one place that joins the engine, the model registry and the renderers. It loads the
// model, runs it, prints and writes the result, and turns every user mistake into one line on
// stderr with exit status 2 (never a stack trace).
import { randomInt } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { models } from "../../models/index.ts";
import type { IndexEntry } from "../../reports/render.ts";
import {
  CheckerError,
  isCheckerError,
  type CheckResult,
  type ReductionLedger,
  checkModel,
  describeModel,
  instantiate,
  type ModelDefinition,
  RESULT_SCHEMA,
  simulateModel,
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
import { reproduceCommand, shownParams } from "../reproduce.ts";
import { DEFAULT_RUNS, DEFAULT_WALK_DEPTH } from "../simulate.ts";
import { loadModel, looksLikePath, modelModuleOf } from "./load-model.ts";
import { onInterrupt } from "./interrupt.ts";
import { ProgressLine } from "./progress.ts";
import { renderResult } from "./render-text.ts";

export const EXIT = { holds: 0, violated: 1, badInput: 2, incomplete: 3, internal: 70 } as const;

const VERSION = "0.1.0";

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case "help":
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case "version":
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case "list": {
        const json = argv.includes("--json");
        process.stdout.write(
          json ? `${JSON.stringify(models.map(describeModel), null, 2)}\n` : `${listModels(models)}\n`,
        );
        return 0;
      }
      case "all":
        return await all(command.args);
      case "run":
        return await run(command.target, command.raw);
    }
  } catch (error) {
    if (isCheckerError(error)) {
      process.stderr.write(`check: ${error.message}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(
      `check: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.internal;
  }
}

async function run(target: string, argv: readonly string[]): Promise<number> {
  const model = await loadModel(target, models);
  checkParamNames(model);
  const args = parseRunArgs(argv, model.params, model.unsupportedOptions);
  // Validate parameters and variant before any search starts, so a typo fails at once.
  const config = args.config === undefined ? undefined : model.configs?.find((c) => c.name === args.config);
  const variant = args.variant ?? config?.variant;
  const { machine } = instantiate(model, { ...(config?.params ?? {}), ...args.params }, variant);

  const controller = new AbortController();
  const stopListening = onInterrupt(
    () => {
      controller.abort();
      process.stderr.write(
        "\ninterrupted: finishing with the states explored so far (Ctrl-C again to quit at once)\n",
      );
    },
    () => process.exit(130),
  );
  const progress = new ProgressLine(process.stderr);
  let result: CheckResult;
  try {
    result =
      args.strategy === "random"
        ? await simulate(model, args, controller.signal)
        : await checkModel(model, {
            params: args.params,
            variant: args.variant,
            config: args.config,
            strategy: args.strategy,
            maxStates: args.maxStates,
            maxDepth: args.maxDepth,
            timeLimitSeconds: args.timeLimitSeconds,
            checkDeadlock: args.checkDeadlock,
            workers: args.workers,
            modelModule: modelModuleOf(target, model),
            memoryLimitBytes: args.memoryLimitBytes,
            por: args.por,
            symmetry: args.symmetry,
            audit: args.audit,
            liveness: args.liveness,
            fairness: args.fairness,
            signal: controller.signal,
            onProgress: args.quiet ? undefined : (p) => progress.show(p),
          });
  } finally {
    progress.done();
    stopListening();
  }

  const shown = shownParams(model, result.params);
  const checkDeadlock = args.checkDeadlock ?? config?.checkDeadlock ?? true;
  const command = reproduceCommand(model, result, args, looksLikePath(target) ? target : model.name);
  process.stdout.write(
    `${renderResult(result, { command, invariants: machine.invariants.map((i) => i.name), checkDeadlock, liveness: result.options.liveness, unchecked: uncheckedLiveness(machine, result), params: shown })}\n`,
  );
  if (args.jsonFile)
    await writeOutput("--json", args.jsonFile, `${JSON.stringify(toResultJson(result), null, 2)}\n`);
  if (args.htmlFile) {
    // The renderer is loaded only for runs that write a report.
    const { renderReport } = await import("../../reports/render.ts");
    const html = renderReport({
      result: toResultJson(result),
      command,
      generatedAt: new Date().toISOString(),
    });
    await writeOutput("--html", args.htmlFile, html);
  }
  if (args.itfFile) {
    const itf = toItf(result);
    if (itf === null)
      process.stderr.write(`--itf ${args.itfFile}: not written, there is no counterexample trace\n`);
    else await writeOutput("--itf", args.itfFile, `${JSON.stringify(itf, null, 2)}\n`);
  }
  return result.verdict === "holds"
    ? EXIT.holds
    : result.verdict === "violated"
      ? EXIT.violated
      : EXIT.incomplete;
}

async function all(args: AllArgs): Promise<number> {
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
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    controller.abort();
    process.stderr.write("\ninterrupted: configurations not yet run count as not matched\n");
  });
  let outcomes: ConfigOutcome[];
  try {
    outcomes = await runAll(targets, { ...args, signal: controller.signal });
  } finally {
    stopListening();
  }
  process.stdout.write(`${renderTable(outcomes)}\n`);
  if (args.junitFile) await writeOutput("--junit", args.junitFile, toJUnit(outcomes));
  if (args.htmlDir) await writeReports(args.htmlDir, outcomes, targets);
  if (args.jsonFile) {
    const summary = {
      schema: RESULT_SCHEMA,
      matched: outcomes.every((o) => o.matched),
      configurations: outcomes,
    };
    await writeOutput("--json", args.jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
  }
  return outcomes.every((o) => o.matched) ? 0 : 1;
}

/** --all --html DIR: a report per configuration that ran, and index.html linking them. */
async function writeReports(
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
      await writeFileQuietly(
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
  await writeOutput("--html", join(dir, "index.html"), renderIndex(entries));
}

async function writeOutput(option: string, file: string, text: string): Promise<void> {
  const path = resolve(file);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (error) {
    throw new CheckerError(
      "bad-option",
      `${option} ${file}: cannot write the file (${error instanceof Error ? error.message : error})`,
    );
  }
  process.stderr.write(`written to ${file}\n`);
}

/** Writes one of several files (the --all reports), saying nothing; a failure is still an error. */
async function writeFileQuietly(option: string, file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(resolve(file)), { recursive: true });
    await writeFile(resolve(file), text);
  } catch (error) {
    throw new CheckerError(
      "bad-option",
      `${option} ${file}: cannot write the file (${error instanceof Error ? error.message : error})`,
    );
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
async function simulate(model: ModelDefinition, args: RunArgs, signal: AbortSignal): Promise<CheckResult> {
  const seed = args.seed ?? randomInt(2 ** 32);
  if (!args.quiet) {
    process.stderr.write(
      `random simulation: seed ${seed}, ${args.runs ?? DEFAULT_RUNS} walks of at most ${args.maxDepth ?? DEFAULT_WALK_DEPTH} steps\n`,
    );
  }
  return simulateModel(model, {
    params: args.params,
    variant: args.variant,
    config: args.config,
    seed,
    runs: args.runs,
    maxDepth: args.maxDepth,
    path: args.path,
    checkDeadlock: args.checkDeadlock,
    timeLimitSeconds: args.timeLimitSeconds,
    signal,
  });
}
