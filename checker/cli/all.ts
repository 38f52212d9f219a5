// `check --all`: every declared configuration of every registered model, each compared with the
// verdict (and pinned counts) it declares. One table on stdout; exit 0 only if every configuration
// matched. An incomplete run never counts as a pass.
//
// With --workers 1 configurations run here, one after another; with more, each runs in a child
// `check` process (so a large configuration's memory is its own) and its JSON result is read back.
import { match } from "ts-pattern";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pc from "picocolors";
import {
  checkModel,
  commandWords,
  describeMeasureExpectations,
  explainMeasureMismatches,
  measureMismatches,
  CORRECT_VARIANT,
  type Expectation,
  type ModelConfig,
  type ModelDefinition,
  type ResultJson,
  resultInCommandLineTerms,
  type RunRequest,
  toResultJson,
} from "../index.ts";
import { CHECK_BIN } from "../internal/own-files.ts";

const BIN = fileURLToPath(CHECK_BIN);

export interface AllOptions {
  readonly filter?: string;
  readonly workers: number;
  readonly maxStates?: number;
  readonly timeLimitSeconds?: number;
  /** Reductions for every configuration; undefined leaves each run's default. */
  readonly por?: boolean;
  readonly symmetry?: boolean;
  readonly quiet: boolean;
  readonly signal: AbortSignal;
}

/** One configuration's run, compared with what it declares. */
export interface ConfigOutcome {
  readonly model: string;
  readonly config: string;
  readonly variant: string;
  readonly expect: Expectation;
  /** Null when the run could not produce a result (it crashed, or was never started). */
  readonly result: ResultJson | null;
  readonly matched: boolean;
  /** Why it did not match, in one line; empty when it matched. */
  readonly mismatch: string;
  readonly seconds: number;
}

/** A model to run, with what names it on a command line (its registered name, or its file). */
export interface Target {
  readonly model: ModelDefinition;
  readonly target: string;
}

interface Job extends Target {
  readonly config: ModelConfig;
}

export function selectJobs(targets: readonly Target[], filter: string | undefined): Job[] {
  const matches = globMatcher(filter);
  return targets
    .filter((t) => matches(t.model.name))
    .flatMap((t) => (t.model.configs ?? []).map((config) => ({ ...t, config })));
}

export async function runAll(targets: readonly Target[], options: AllOptions): Promise<ConfigOutcome[]> {
  const jobs = selectJobs(targets, options.filter);
  const outcomes: (ConfigOutcome | undefined)[] = new Array(jobs.length);
  let next = 0;
  const runOne = options.workers > 1 ? runInChild : runHere;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index]!;
      const started = performance.now();
      const run = options.signal.aborted ? { result: null } : await runOne(job, options);
      const outcome = compare(job, run, (performance.now() - started) / 1000, options.signal.aborted);
      outcomes[index] = outcome;
      if (!options.quiet)
        process.stderr.write(`${outcome.matched ? "✓" : "✗"} ${job.model.name} ${job.config.name}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.workers, jobs.length)) }, worker));
  return outcomes.map((o) => o!);
}

/** A configuration's result, or null with what the run said instead (a child's error line). */
interface Run {
  readonly result: ResultJson | null;
  readonly failure?: string;
}

/** What every configuration's run is asked for: its configuration, and --all's own limits and reductions. */
function requestFor(job: Job, options: AllOptions): RunRequest {
  return {
    config: job.config.name,
    maxStates: options.maxStates,
    timeLimitSeconds: options.timeLimitSeconds,
    por: options.por,
    symmetry: options.symmetry,
  };
}

async function runHere(job: Job, options: AllOptions): Promise<Run> {
  const result = await checkModel(job.model, { ...requestFor(job, options), signal: options.signal });
  return { result: toResultJson(resultInCommandLineTerms(result)) };
}

async function runInChild(job: Job, options: AllOptions): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), "check-all-"));
  const file = join(dir, "result.json");
  const args = [BIN, job.target, ...commandWords(requestFor(job, options)), "--quiet", "--json", file];
  // With --quiet, what a child writes on stderr is why it failed (a bad model is one line).
  let stderr = "";
  try {
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
      child.stderr.setEncoding("utf8");
      child.stderr.on("data", (text: string) => {
        if (stderr.length < 4096) stderr += text;
      });
      const stop = () => child.kill("SIGINT");
      options.signal.addEventListener("abort", stop, { once: true });
      child.on("close", () => {
        options.signal.removeEventListener("abort", stop);
        resolve();
      });
    });
    return { result: JSON.parse(await readFile(file, "utf8")) as ResultJson };
  } catch {
    const line = stderr
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.replace(/^error\[[a-z-]+\]: /, "");
    return { result: null, failure: line };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function compare(job: Job, run: Run, seconds: number, interrupted: boolean): ConfigOutcome {
  const result = run.result;
  const base = {
    model: job.model.name,
    config: job.config.name,
    variant: job.config.variant ?? CORRECT_VARIANT,
    expect: job.config.expect,
    result,
    seconds,
  };
  const mismatch =
    result === null && run.failure !== undefined && !interrupted
      ? `the run produced no result: ${run.failure}`
      : mismatchOf(job.config.expect, result, interrupted);
  return { ...base, matched: mismatch === "", mismatch };
}

function mismatchOf(expect: Expectation, result: ResultJson | null, interrupted: boolean): string {
  if (result === null) return interrupted ? "not run: interrupted" : "the run produced no result";
  if (result.verdict === "incomplete") return `incomplete: ${result.reason}`;
  if (expect.verdict === "holds" && result.verdict !== "holds") {
    return `expected holds, got ${result.violation?.kind} ${result.violation?.name}: ${result.violation?.message}`;
  }
  if (expect.verdict === "violated") {
    if (result.verdict !== "violated")
      return `expected a violation of ${expect.violates}, but every property holds`;
    if (result.violation?.name !== expect.violates) {
      return `expected a violation of ${expect.violates}, got ${result.violation?.kind} ${result.violation?.name}: ${result.violation?.message}`;
    }
  }
  const counts = countMismatch(expect, result.options, result.stats);
  if (counts !== null) return counts;
  return measureMismatches(expect.measures, result.stats.measures)
    .map((m) => m.message)
    .join("; ");
}

/** The witnesses of the measures a configuration's run did not meet (none when it failed otherwise). */
export function measureWitnesses(o: ConfigOutcome): string[] {
  if (o.result === null || o.result.verdict === "violated") return [];
  return explainMeasureMismatches(o.expect.measures, o.result.stats.measures).flatMap((m) => m.witnesses);
}

/**
 * Pinned counts against a run's. `states` and `depth` are counts without reductions; a reduced
 * run is held to `reducedStates` when pinned, and may never count more than `states`.
 */
export function countMismatch(
  expect: Expectation,
  options: { readonly por: boolean; readonly symmetry: boolean },
  stats: { readonly distinctStates: number; readonly depth: number },
): string | null {
  const reduced = options.por || options.symmetry;
  const count = stats.distinctStates;
  if (reduced) {
    if (expect.reducedStates !== undefined && count !== expect.reducedStates) {
      return `expected ${expect.reducedStates} distinct states with reductions, counted ${count}`;
    }
    if (expect.states !== undefined && count > expect.states) {
      return `counted ${count} distinct states with reductions, more than the ${expect.states} without them`;
    }
    return null;
  }
  if (expect.states !== undefined && count !== expect.states) {
    return `expected ${expect.states} distinct states, counted ${count}`;
  }
  if (expect.depth !== undefined && stats.depth !== expect.depth) {
    return `expected depth ${expect.depth}, got ${stats.depth}`;
  }
  return null;
}

export function describeExpectation(expect: Expectation): string {
  const verdict = expect.verdict === "holds" ? "holds" : `violates ${expect.violates}`;
  const pins = [
    expect.states === undefined ? "" : `${expect.states.toLocaleString("en-US")} states`,
    expect.depth === undefined ? "" : `depth ${expect.depth}`,
    describeMeasureExpectations(expect.measures),
  ]
    .filter(Boolean)
    .join(", ");
  return pins ? `${verdict} (${pins})` : verdict;
}

function describeGot(result: ResultJson | null): string {
  if (result === null) return "no result";
  return match(result)
    .with({ verdict: "holds" }, () => "holds")
    .with({ verdict: "violated", violation: { kind: "invariant" } }, (r) => `violates ${r.violation.name}`)
    .with({ verdict: "violated" }, (r) => `${r.violation?.kind} ${r.violation?.name}`)
    .with({ verdict: "incomplete" }, (r) => `incomplete (${r.limit})`)
    .exhaustive();
}

/** The table printed on stdout. */
export function renderTable(
  outcomes: readonly ConfigOutcome[],
  colors: ReturnType<typeof pc.createColors> = pc,
): string {
  const rows = outcomes.map((o) => [
    o.matched ? colors.green("✓") : colors.red("✗"),
    o.model,
    o.config,
    describeExpectation(o.expect),
    describeGot(o.result),
    o.result ? o.result.stats.distinctStates.toLocaleString("en-US") : "-",
    o.result ? String(o.result.stats.depth) : "-",
    `${o.seconds.toFixed(2)} s`,
  ]);
  const header = ["", "model", "config", "expected", "got", "states", "depth", "time"];
  const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ""); // eslint-disable-line no-control-regex
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => plain(r[i]!).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = " ".repeat(widths[i]! - plain(cell).length);
        return i >= 5 ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  const failed = outcomes.filter((o) => !o.matched);
  const lines = [colors.dim(line(header)), ...rows.map(line)];
  for (const o of failed) {
    lines.push("", `${colors.red("✗")} ${o.model} ${o.config}: ${o.mismatch}`);
    // A measure that missed its figures comes with the witnesses of the figures it got.
    lines.push(...measureWitnesses(o).map((line) => `  ${line}`));
  }
  const models = new Set(outcomes.map((o) => o.model)).size;
  lines.push(
    "",
    failed.length === 0
      ? colors.green(
          `all ${outcomes.length} configurations of ${models} model${models === 1 ? "" : "s"} matched their expected verdicts`,
        )
      : colors.red(`${failed.length} of ${outcomes.length} configurations did not match`),
  );
  return lines.join("\n");
}

/** `*` and `?` wildcards; several patterns separated by commas. No filter selects everything. */
function globMatcher(filter: string | undefined): (name: string) => boolean {
  if (filter === undefined || filter.trim() === "") return () => true;
  const patterns = filter.split(",").map((glob) => {
    const source = glob
      .trim()
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    return new RegExp(`^${source}$`);
  });
  return (name) => patterns.some((p) => p.test(name));
}
