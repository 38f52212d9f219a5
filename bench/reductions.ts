// `npm run bench` (second part), or `tsx bench/reductions.ts`: distinct states with and without
// each reduction, and whether the verdict stays the same, for the configurations the reductions
// are measured on. Each run is a fresh process through the real `check` command with --json.
// A run that does not finish within its time limit shows as "> n" (the states it reached).
// `tsx bench/reductions.ts quick` skips the runs that take minutes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ResultJson } from "../checker/index.ts";

const BIN = resolve(import.meta.dirname, "../bin/check.mjs");
const dir = mkdtempSync(join(tmpdir(), "bench-reductions-"));
const quick = process.argv.includes("quick");
const TIME_LIMIT = quick ? 30 : 600;

interface Row {
  readonly model: string;
  readonly args: readonly string[];
  /** Seconds per run, for rows that cannot finish unreduced (the table then shows "> n"). */
  readonly timeLimit?: number;
}

const rows: Row[] = [
  ...[5, 6, 7].map((n) => ({ model: "chang-roberts", args: ["--n", String(n)] })),
  ...[5, 6, 7].map((n) => ({ model: "chang-roberts", args: ["--n", String(n), "--ids", "decreasing"] })),
  { model: "ricart-agrawala", args: ["--n", "3"] },
  { model: "ricart-agrawala", args: ["--n", "3", "--network", "fifo"] },
  // More than 7 million states either way: bounded, to compare how far each run gets.
  { model: "ricart-agrawala", args: ["--n", "4", "--network", "fifo"], timeLimit: 120 },
  { model: "ricart-agrawala", args: ["--n", "4"], timeLimit: 120 },
  ...[5, 6, 7, 8, 9].map((rm) => ({ model: "two-phase-commit", args: ["--rm", String(rm)] })),
  { model: "two-phase-commit-actors", args: ["--rm", "3"] },
].filter((row) => !quick || !isSlow(row));

function isSlow(row: Row): boolean {
  const size = Number(row.args[1]);
  return (row.model === "two-phase-commit" && size >= 8) || (row.model === "ricart-agrawala" && size >= 4);
}

type Mode = "none" | "por" | "symmetry" | "both";
// Liveness properties turn both reductions off, so these runs check invariants and deadlocks only.
const MODES: Record<Mode, readonly string[]> = {
  none: ["--no-por", "--no-liveness"],
  por: ["--por", "--no-liveness"],
  symmetry: ["--no-por", "--symmetry", "--no-liveness"],
  both: ["--por", "--symmetry", "--no-liveness"],
};

let run = 0;
function check(row: Row, mode: Mode): ResultJson | string {
  const file = join(dir, `run-${run++}.json`);
  const child = spawnSync(
    process.execPath,
    [
      BIN,
      row.model,
      ...row.args,
      ...MODES[mode],
      "--quiet",
      "--time-limit",
      String(Math.min(row.timeLimit ?? TIME_LIMIT, TIME_LIMIT)),
      "--json",
      file,
    ],
    { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=8192" } },
  );
  if (child.status === 2) return `bad input: ${child.stderr.trim().split("\n")[0]}`;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ResultJson;
  } catch {
    return `exit ${child.status}: ${child.stderr.trim().split("\n").at(-1)}`;
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const verdictOf = (r: ResultJson) =>
  r.verdict === "violated"
    ? `violated ${r.violation?.name}`
    : r.verdict === "incomplete"
      ? `incomplete`
      : "holds";

/** One cell: the distinct states, "> n" when incomplete, or why the reduction did not run. */
function cell(result: ResultJson | string, mode: Mode, baseline: ResultJson | string): string {
  if (typeof result === "string") return result;
  const ledger = result.stats.reductions;
  if (mode !== "none") {
    const off = [
      mode !== "symmetry" && ledger.partialOrder?.active === false ? ledger.partialOrder.reason : null,
      mode !== "por" && ledger.symmetry?.active === false ? ledger.symmetry.reason : null,
    ].filter((x) => x !== null);
    // The reason up to its first comma: the table has little room.
    if (off.length === (mode === "both" ? 2 : 1))
      return `off (${off.map((r) => r.split(",")[0]).join("; ")})`;
  }
  const count = `${result.verdict === "incomplete" ? "> " : ""}${fmt(result.stats.distinctStates)}`;
  if (mode === "none" || typeof baseline === "string" || result.verdict === "incomplete") return count;
  const factor = baseline.stats.distinctStates / result.stats.distinctStates;
  const atLeast = baseline.verdict === "incomplete" ? "≥ " : "";
  return `${count} (${atLeast}${factor.toFixed(1)}×, ${result.stats.seconds.toFixed(1)} s)`;
}

console.log(
  `distinct states with and without each reduction — ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString().slice(0, 10)}; time limit ${TIME_LIMIT} s per run`,
);
console.log("| model | parameters | no reduction | partial order | symmetry | both | verdicts |");
console.log("|---|---|---:|---:|---:|---:|---|");
for (const row of rows) {
  const results = {} as Record<Mode, ResultJson | string>;
  for (const mode of Object.keys(MODES) as Mode[]) results[mode] = check(row, mode);
  const baseline = results.none;
  const verdicts = new Set(
    Object.values(results)
      .filter((r): r is ResultJson => typeof r !== "string" && r.verdict !== "incomplete")
      .map(verdictOf),
  );
  const none =
    typeof baseline === "string"
      ? baseline
      : `${cell(baseline, "none", baseline)} (${baseline.stats.seconds.toFixed(1)} s)`;
  console.log(
    `| ${row.model} | ${row.args.join(" ")} | ${none} | ${cell(results.por, "por", baseline)} | ${cell(results.symmetry, "symmetry", baseline)} | ${cell(results.both, "both", baseline)} | ${verdicts.size === 1 ? `same: ${[...verdicts][0]}` : verdicts.size === 0 ? "none complete" : `DIFFERENT: ${[...verdicts].join(" / ")}`} |`,
  );
}
