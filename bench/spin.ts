// `npm run bench:spin`, or `tsx bench/spin.ts [quick]`: our checker side by side with SPIN on the
// same three algorithms, written a second time in Promela (bench/promela/*.pml, each with a header
// that says how it maps to our model). For each configuration it runs, alternately and in the same
// run, SPIN without and with its partial-order reduction and ours with --no-por and --por, and
// prints one markdown table, then sanity checks (counts at tiny sizes, broken variants caught by
// both) and notes on why counts differ where they do.
//
// SPIN is run exhaustively, for safety: `spin -a`, `gcc -O2 -DSAFETY [-DNOREDUCE]` (full state
// storage: no -DBITSTATE, no -DHC hash compaction, no -DCOLLAPSE), `./pan -m… -w…`. Ours runs
// through the real `check` command with --no-liveness (SPIN checks no liveness here) and one worker
// (pan is one process). A run under 10 s is repeated three times and the median is shown. `quick` skips Ricart–Agrawala at n = 4
// (some 28 million states: two minutes and 7 GB for SPIN; ours stops at its time limit).
// Not part of the test suite: machines here are shared and noisy, so figures are read, not asserted.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { ResultJson } from "../checker/index.ts";
import { ringIds } from "../models/election/chang-roberts.ts";

const BIN = resolve(import.meta.dirname, "../bin/check.mjs");
const PROMELA = resolve(import.meta.dirname, "promela");
const quick = process.argv.includes("quick");
const REPEAT_BELOW_SECONDS = 10;
const RUNS = 3;
// pan may use three quarters of the machine's memory, in megabytes.
const MEMLIM = Math.floor((totalmem() / 2 ** 20) * 0.75);

type ModelName = "two-phase-commit" | "ricart-agrawala" | "chang-roberts";

interface Config {
  readonly model: ModelName;
  /** Our command-line parameters. */
  readonly params: readonly string[];
  /** The same size for SPIN, as preprocessor definitions. */
  readonly defines: readonly string[];
  /** SPIN's hash table: 2^bits slots, at least as many as the states, so that chains stay short. */
  readonly hashBits: number;
  /** A time limit for our runs, where ours cannot finish in a few minutes. */
  readonly oursTimeLimit?: number;
}

/** Chang–Roberts: our --n and --ids, and the ids ours computes, as -DN and -DID0 … for SPIN. */
function changRoberts(n: number, ids: string, hashBits = 18): Config {
  return {
    model: "chang-roberts",
    params: ["--n", String(n), "--ids", ids],
    defines: [`-DN=${n}`, ...ringIds(n, ids).map((id, p) => `-DID${p}=${id}`)],
    hashBits,
  };
}

const twoPhase = (rm: number, hashBits: number): Config => ({
  model: "two-phase-commit",
  params: ["--rm", String(rm)],
  defines: [`-DN=${rm}`],
  hashBits,
});

const ricartAgrawala = (n: number, hashBits: number, oursTimeLimit?: number): Config => ({
  model: "ricart-agrawala",
  params: ["--n", String(n)],
  defines: [`-DN=${n}`],
  hashBits,
  oursTimeLimit,
});

const CONFIGS: readonly Config[] = [
  twoPhase(7, 20),
  twoPhase(8, 22),
  ricartAgrawala(3, 18),
  ...(quick ? [] : [ricartAgrawala(4, 26, 60)]),
  changRoberts(6, "random:1"),
  changRoberts(7, "random:1"),
  changRoberts(7, "decreasing"),
];

/** SPIN's stored states minus ours, by construction of the Promela models (see the notes). */
const EXTRA_STATES: Record<ModelName, number> = {
  "two-phase-commit": 0,
  "ricart-agrawala": 0,
  "chang-roberts": 1,
};

/** Our broken variant that each Promela model's -DBROKEN reproduces, and a size to catch it at. */
const BROKEN: Record<ModelName, { variant: string; config: Config }> = {
  "two-phase-commit": { variant: "commit-without-votes", config: twoPhase(3, 18) },
  "ricart-agrawala": { variant: "no-id-tiebreak", config: ricartAgrawala(3, 18) },
  "chang-roberts": { variant: "forward-smaller", config: changRoberts(4, "increasing") },
};

// ---------------------------------------------------------------------------------------------
// Running SPIN

function sh(command: string, args: readonly string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
}

/** The first line of what a failed command said. */
function firstLine(result: SpawnSyncReturns<string>): string {
  const text = `${result.stderr ?? ""}\n${result.stdout ?? ""}`.trim();
  return result.error ? result.error.message : (text.split("\n")[0] ?? `exit ${result.status}`);
}

function spinVersion(): string | null {
  const result = sh("spin", ["-V"]);
  return result.status === 0 ? result.stdout.trim() : null;
}

/** SPIN's version, installing Debian's package first if it is missing; null when that fails. */
function ensureSpin(): string | null {
  const version = spinVersion();
  if (version !== null) return version;
  console.log("spin is not installed: running `apt-get install -y spin`");
  let install = spawnSync("apt-get", ["install", "-y", "spin"], { stdio: "inherit" });
  if (install.status !== 0) {
    console.log("apt-get install failed: running `apt-get update`, then `apt-get install -y spin` again");
    spawnSync("apt-get", ["update"], { stdio: "inherit" });
    install = spawnSync("apt-get", ["install", "-y", "spin"], { stdio: "inherit" });
  }
  return spinVersion();
}

interface SpinRun {
  readonly checker: "spin";
  readonly states: number;
  readonly verdict: string;
  /** spin -a, then gcc. */
  readonly generateSeconds: number;
  readonly compileSeconds: number;
  /** ./pan, wall clock. */
  readonly searchSeconds: number;
  readonly toVerdictSeconds: number;
}

/** Time a command, in seconds of wall clock. */
function timed(command: string, args: readonly string[], cwd: string) {
  const start = performance.now();
  const result = sh(command, args, cwd);
  return { result, seconds: (performance.now() - start) / 1000 };
}

function runSpin(config: Config, reduce: boolean, extraDefines: readonly string[] = []): SpinRun | string {
  const dir = mkdtempSync(join(tmpdir(), "bench-spin-"));
  try {
    copyFileSync(join(PROMELA, `${config.model}.pml`), join(dir, "model.pml"));
    const generate = timed("spin", ["-a", ...config.defines, ...extraDefines, "model.pml"], dir);
    if (generate.result.status !== 0) return `spin -a failed: ${firstLine(generate.result)}`;
    const flags = ["-O2", "-w", "-DSAFETY", `-DMEMLIM=${MEMLIM}`, ...(reduce ? [] : ["-DNOREDUCE"])];
    const compile = timed("gcc", [...flags, "-o", "pan", "pan.c"], dir);
    if (compile.result.status !== 0) return `gcc failed: ${firstLine(compile.result)}`;
    const search = timed("./pan", ["-m100000", `-w${config.hashBits}`], dir);
    const out = search.result.stdout ?? "";
    const stored = /^\s*([\d.e+]+) states, stored/m.exec(out);
    const errors = /errors: (\d+)/.exec(out);
    if (stored === null || errors === null) return `pan failed: ${firstLine(search.result)}`;
    const firstError = /^pan:1: (.*?)(?: \(at depth \d+\))?$/m.exec(out)?.[1]?.trim();
    const cutShort = /max search depth too small|out of memory|Search not completed/.test(out);
    const verdict =
      Number(errors[1]) > 0 ? `violated: ${firstError ?? "error"}` : cutShort ? "incomplete" : "holds";
    return {
      checker: "spin",
      states: Number(stored[1]),
      verdict,
      generateSeconds: generate.seconds,
      compileSeconds: compile.seconds,
      searchSeconds: search.seconds,
      toVerdictSeconds: generate.seconds + compile.seconds + search.seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Running ours

interface OursRun {
  readonly checker: "ours";
  readonly states: number;
  readonly verdict: string;
  readonly searchSeconds: number;
  /** The whole `check` process, wall clock: node start, model load, search, JSON. */
  readonly toVerdictSeconds: number;
  /** Why partial-order reduction did not run, when it was asked for and did not. */
  readonly porOff: string | null;
}

const oursDir = mkdtempSync(join(tmpdir(), "bench-spin-ours-"));
let oursRuns = 0;

function runOurs(
  config: Config,
  por: boolean,
  extraArgs: readonly string[] = [],
  workers = 1,
): OursRun | string {
  const file = join(oursDir, `run-${oursRuns++}.json`);
  const limit = config.oursTimeLimit === undefined ? [] : ["--time-limit", String(config.oursTimeLimit)];
  const args = [BIN, config.model, ...config.params, ...extraArgs, por ? "--por" : "--no-por"];
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    [...args, "--no-liveness", "--workers", String(workers), ...limit, "--quiet", "--json", file],
    {
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=8192" },
    },
  );
  const toVerdictSeconds = (performance.now() - start) / 1000;
  let result: ResultJson;
  try {
    result = JSON.parse(readFileSync(file, "utf8")) as ResultJson;
  } catch {
    return `check failed with exit ${child.status}: ${firstLine(child)}`;
  }
  const partialOrder = result.stats.reductions.partialOrder;
  return {
    checker: "ours",
    states: result.stats.distinctStates,
    verdict:
      result.verdict === "violated"
        ? `violated: ${result.violation?.name}`
        : result.verdict === "incomplete"
          ? `incomplete (${result.limit ?? "limit"})`
          : "holds",
    searchSeconds: result.stats.seconds,
    toVerdictSeconds,
    porOff: por && partialOrder?.active === false ? partialOrder.reason : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring: the four ways, alternately, three times each where a run is short

type Way = "spin" | "spin-por" | "ours" | "ours-por" | "ours-parallel";
const WAYS: readonly Way[] = ["spin", "spin-por", "ours", "ours-por", "ours-parallel"];

function runWay(config: Config, way: Way): SpinRun | OursRun | string {
  switch (way) {
    case "spin":
      return runSpin(config, false);
    case "spin-por":
      return runSpin(config, true);
    case "ours":
      return runOurs(config, false);
    case "ours-por":
      return runOurs(config, true);
    case "ours-parallel":
      return runOurs(config, false, [], PARALLEL_WORKERS);
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The median of each timing over the runs (the states and verdict are those of the first run). */
function summarise(runs: readonly (SpinRun | OursRun)[]): Measured {
  const times = (pick: (r: SpinRun | OursRun) => number) => median(runs.map(pick));
  const first = runs[0]!;
  const common = {
    searchSeconds: times((r) => r.searchSeconds),
    toVerdictSeconds: times((r) => r.toVerdictSeconds),
    runs: runs.length,
  };
  if (first.checker === "ours") return { ...first, ...common };
  const spinRuns = runs as readonly SpinRun[];
  return {
    ...first,
    ...common,
    generateSeconds: median(spinRuns.map((r) => r.generateSeconds)),
    compileSeconds: median(spinRuns.map((r) => r.compileSeconds)),
  };
}

type Measured = (SpinRun | OursRun) & { readonly runs: number };

function measure(config: Config): Record<Way, Measured | string> {
  const runs: Record<Way, (SpinRun | OursRun)[]> = {
    spin: [],
    "spin-por": [],
    ours: [],
    "ours-por": [],
    "ours-parallel": [],
  };
  const failed: Partial<Record<Way, string>> = {};
  for (let round = 0; round < RUNS; round++) {
    for (const way of WAYS) {
      if (failed[way] !== undefined) continue;
      const done = runs[way];
      // Long runs (and runs that stopped at a limit) are not repeated: noise matters less there.
      if (done.length > 0 && (done[0]!.toVerdictSeconds >= REPEAT_BELOW_SECONDS || isIncomplete(done[0]!)))
        continue;
      const run = runWay(config, way);
      if (typeof run === "string") failed[way] = run;
      else done.push(run);
    }
  }
  const result = {} as Record<Way, Measured | string>;
  for (const way of WAYS) result[way] = failed[way] ?? summarise(runs[way]);
  return result;
}

const isIncomplete = (run: SpinRun | OursRun) => run.verdict.startsWith("incomplete");

// ---------------------------------------------------------------------------------------------
// The table

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const seconds = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const ratio = (x: number) => `${x < 10 ? x.toPrecision(2) : Math.round(x)}×`;

const LABEL: Record<Way, string> = {
  spin: "SPIN, no POR (-DNOREDUCE)",
  "spin-por": "SPIN, POR (default)",
  ours: "ours, --no-por",
  "ours-por": "ours, --por",
  "ours-parallel": "ours, --no-por, all cores",
};

/** The parallel row: every core, which SPIN's pan (one process here) does not use. */
const PARALLEL_WORKERS = cpus().length;

function row(config: Config, way: Way, run: Measured | string, spin: Measured | string): string {
  const head = `| ${config.model} | ${config.params.join(" ")} |`;
  if (typeof run === "string") return `${head} ${LABEL[way]} | ${run} | | | | | | | |`;
  const incomplete = isIncomplete(run);
  const states = `${incomplete ? "> " : ""}${count(run.states)}`;
  const perSecond = count(run.states / Math.max(run.searchSeconds, 1e-6));
  const runs = run.runs > 1 ? ` (median of ${run.runs})` : "";
  if (run.checker === "spin") {
    const compile = `${seconds(run.generateSeconds)} + ${seconds(run.compileSeconds)}`;
    return `${head} ${LABEL[way]} | ${states} | ${compile} | ${seconds(run.searchSeconds)} | ${perSecond} | ${seconds(run.toVerdictSeconds)}${runs} | | | ${run.verdict} |`;
  }
  const label = run.porOff === null ? LABEL[way] : `${LABEL[way]} (inactive)`;
  const against = typeof spin === "string" || incomplete || isIncomplete(spin as Measured) ? null : spin;
  const toVerdict = against === null ? "n/a" : ratio(run.toVerdictSeconds / against.toVerdictSeconds);
  const search = against === null ? "n/a" : ratio(run.searchSeconds / against.searchSeconds);
  return `${head} ${label} | ${states} | — | ${seconds(run.searchSeconds)} | ${perSecond} | ${seconds(run.toVerdictSeconds)}${runs} | ${toVerdict} | ${search} | ${run.verdict} |`;
}

// ---------------------------------------------------------------------------------------------

const version = ensureSpin();
if (version === null) {
  console.log("SPIN is not available and could not be installed with apt-get: no comparison table.");
  process.exit(0);
}
const gcc = sh("gcc", ["--version"]);
if (gcc.status !== 0) {
  console.log("gcc is not available, and SPIN's verifiers are C programs: no comparison table.");
  process.exit(0);
}

console.log(
  `ours vs SPIN, safety, exhaustive — ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, node ${process.version}, ${version}, ${gcc.stdout.split("\n")[0]}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  "SPIN: `spin -a`, `gcc -O2 -DSAFETY [-DNOREDUCE]`, `./pan -m100000 -w<bits>` (a hash table with a slot per state or more); compile = spin -a + gcc, search = ./pan alone (wall clock), to verdict = spin -a + gcc + pan. " +
    "Ours: `check <model> … --no-liveness --workers 1 --json` (one core, as pan); search = stats.seconds, to verdict = the whole `check` process (node start, model load, search). " +
    "The last row of each configuration is ours with `--workers <cores>` (parallel search). " +
    "Ratios: ours with --por against SPIN with POR, ours with --no-por (one worker or all) against SPIN without; below 1× ours is faster.",
);
console.log();
console.log(
  "| model | parameters | checker, reduction | distinct states | compile s | search s | states/s | to verdict s | ours/SPIN to verdict | ours/SPIN search | verdict |",
);
console.log("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|");

const measured: { config: Config; results: Record<Way, Measured | string> }[] = [];
for (const config of CONFIGS) {
  const results = measure(config);
  measured.push({ config, results });
  for (const way of WAYS) {
    const spin = way === "ours" || way === "ours-parallel" ? results.spin : results["spin-por"];
    console.log(row(config, way, results[way], spin));
  }
}

// ---------------------------------------------------------------------------------------------
// Sanity: the Promela models count what ours counts, and are not vacuous

console.log();
console.log("Sanity checks");
const states = (r: SpinRun | OursRun | string) => (typeof r === "string" ? r : count(r.states));
const tiny: Config[] = [
  twoPhase(1, 18),
  twoPhase(2, 18),
  ricartAgrawala(2, 18),
  changRoberts(3, "increasing"),
];
for (const config of [...tiny, ...measured.map((m) => m.config)]) {
  const known = measured.find((m) => m.config === config)?.results;
  const spin = known?.spin ?? runSpin(config, false);
  const ours = known?.ours ?? runOurs(config, false);
  const extra = EXTRA_STATES[config.model];
  const agrees =
    typeof spin !== "string" &&
    typeof ours !== "string" &&
    !isIncomplete(ours) &&
    spin.states === ours.states + extra;
  const why = extra === 0 ? "equal" : `ours + ${extra}`;
  const verdicts =
    typeof spin !== "string" && typeof ours !== "string"
      ? `; verdicts ${spin.verdict} / ${ours.verdict}`
      : "";
  console.log(
    `- ${agrees ? "ok" : typeof ours !== "string" && isIncomplete(ours) ? "n/a" : "MISMATCH"}: ${config.model} ${config.params.join(" ")}, no reduction: SPIN ${states(spin)} states, ours ${states(ours)} (expected ${why})${verdicts}`,
  );
}
for (const [model, broken] of Object.entries(BROKEN) as [ModelName, (typeof BROKEN)[ModelName]][]) {
  const spin = runSpin(broken.config, true, ["-DBROKEN"]);
  const ours = runOurs(broken.config, false, ["--variant", broken.variant]);
  const caught = (r: SpinRun | OursRun | string) => typeof r !== "string" && r.verdict.startsWith("violated");
  const show = (r: SpinRun | OursRun | string) => (typeof r === "string" ? r : r.verdict);
  console.log(
    `- ${caught(spin) && caught(ours) ? "ok" : "NOT CAUGHT"}: broken ${model} ${broken.config.params.join(" ")} (-DBROKEN = our variant ${broken.variant}): SPIN ${show(spin)}; ours ${show(ours)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Notes

const sameUnderSpinPor = measured.filter(
  ({ results: r }) =>
    typeof r.spin !== "string" && typeof r["spin-por"] !== "string" && r.spin.states === r["spin-por"].states,
);
console.log();
console.log("Notes on the counts");
console.log(
  "- Two-phase commit and Ricart–Agrawala: SPIN stores exactly our distinct states. Each of our steps is one d_step leaving from the head of a process's loop and returning to it, so program counters never vary; scratch variables are `hidden` (outside the state vector) or zeroed at the end of the step; a value kept twice (RA's phase and ts, as a local for the steps and a global for the invariants) is a function of the other; and our timers are functions of the local state, so they are guards, not variables. RA's unordered network is one capacity-1 channel per ordered pair and kind of message: at most one REQUEST and one OK are ever in flight between two processes in each direction, so the channels hold exactly our multiset.",
);
console.log(
  "- Chang–Roberts: SPIN stores one state more than ours. Ours starts where every process has already sent ELECTION(own id); SPIN starts with empty channels and no processes, and `init` sends those messages and starts the processes in one atomic sequence (SPIN does not store the states inside it), so its own initial state is the one extra. The FIFO links are channels, whose contents are sequences, as ours are.",
);
console.log(
  "- Deadlocks: ours reports a state with no enabled step that is not a proper end. SPIN's `timeout` is enabled exactly in the states where no process can move, so a watchdog asserts there what ours requires of an end (RA: every entry done; Chang–Roberts: everyone knows the leader), with the message counts that ours measures over every execution (messagesPerEntry, electionMessages and messages) asserted there from counters the Promela keeps, which add no states (each is a function of the rest of the state); ours measures them as it searches (`measures: false` would leave them out); every loop head is an end label. The watchdog's loop returns to its head, so it adds no states. Invariants over several processes are asserted at the end of every step that writes what they read; TPTypeOK holds by Promela's types.",
);
const inactive = measured.flatMap(({ config, results }) => {
  const run = results["ours-por"];
  return typeof run === "string" || run.checker !== "ours" || run.porOff === null
    ? []
    : [`${config.model} ${config.params.join(" ")} (${run.porOff})`];
});
if (sameUnderSpinPor.length === measured.length) {
  console.log(
    "- SPIN's partial-order reduction stored as many states as no reduction in every configuration. SPIN decides statically, per control state: a process's moves are an ample set only if every transition leaving its current program counter touches nothing but local variables and exclusive (xr/xs) channels. Here every step is a branch of one loop, and at every loop head some branch writes a global that an invariant reads (phase[]/ts[], leader[]; in two-phase commit every variable is global), so no control state is safe; splitting steps so that SPIN could see the safe ones would break the one-step-one-transition correspondence. Ours decides per state and per step, from what the invariants observe: it prunes Chang–Roberts (on a FIFO ring only the head of a link can be delivered, so a forwarded ELECTION is independent of everyone else's steps), but not Ricart–Agrawala (on an unordered network every process may still send to every other).",
  );
} else {
  console.log(
    `- SPIN's partial-order reduction stored as many states as no reduction in ${sameUnderSpinPor.length} of ${measured.length} configurations.`,
  );
}
if (inactive.length > 0) console.log(`- Ours' --por was inactive for ${inactive.join("; ")}.`);
console.log(
  "- Timing: SPIN's time to verdict includes generating and compiling a verifier for each model and size (spin -a + gcc), which dominates on small state spaces; ours includes starting node and loading the model. States/s is distinct states per second of search (for SPIN, of ./pan's wall clock, which includes its start). SPIN's search is depth-first, with full state vectors in a hash table; ours is breadth-first (its default), with 64-bit fingerprints.",
);
const stopped = measured.filter(({ results: r }) =>
  (["ours", "ours-por"] as const).some((way) => {
    const run = r[way];
    return typeof run !== "string" && isIncomplete(run);
  }),
);
for (const { config } of stopped) {
  console.log(
    `- ${config.model} ${config.params.join(" ")}: ours stopped at its time limit of ${config.oursTimeLimit} s, so the row shows how far it got, and no ratio.`,
  );
}
