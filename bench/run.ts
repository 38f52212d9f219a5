// `npm run bench:speed`: distinct states per second and bytes per stored state for two-phase-commit
// at --rm 7, 8 and 9, with one worker thread and with two, run alternately (1, 2, 1, 2, …) in fresh
// processes through the real `check` command, so that both see the same machine load.
// `npm run bench:speed -- 6 7` runs other sizes.
// Not part of the test suite: machines here are shared and noisy, so figures are read, not asserted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ResultJson } from "../checker/index.ts";

const BIN = resolve(import.meta.dirname, "../bin/check.mjs");
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rms = sizes.length ? sizes : [7, 8, 9];
const WORKERS = [1, 2];
const dir = mkdtempSync(join(tmpdir(), "bench-"));

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
// Each size runs several times per worker count and the table gives the median with the range;
// the largest size runs once each (minutes).
const runsFor = (rm: number) => (rm >= 9 ? 1 : 3);

function run(rm: number, workers: number, index: number): ResultJson | string {
  const file = join(dir, `rm${rm}-w${workers}-${index}.json`);
  const child = spawnSync(
    process.execPath,
    [BIN, "two-phase-commit", "--rm", String(rm), "--workers", String(workers), "--quiet", "--json", file],
    { encoding: "utf8" },
  );
  if (child.status !== 0) return `exit ${child.status}: ${child.stderr.trim().split("\n")[0]}`;
  return JSON.parse(readFileSync(file, "utf8")) as ResultJson;
}

console.log(
  `two-phase-commit, bfs, 1 and 2 workers alternately — ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  "| --rm | distinct states | generated | depth | workers | runs | seconds (median) | distinct states/s (median, range) | speed-up | bytes/state | peak RSS MiB |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const rm of rms) {
  const results = new Map<number, ResultJson[]>(WORKERS.map((w) => [w, []]));
  let failure: string | null = null;
  for (let index = 0; index < runsFor(rm) && failure === null; index++) {
    for (const workers of WORKERS) {
      const result = run(rm, workers, index);
      if (typeof result === "string") {
        failure = result;
        break;
      }
      results.get(workers)!.push(result);
    }
  }
  if (failure !== null) console.log(`| ${rm} | failed: ${failure} |`);
  const medianSeconds = new Map<number, number>();
  for (const workers of WORKERS) {
    const stats = results.get(workers)!.map((r) => r.stats);
    if (stats.length === 0) continue;
    const bySpeed = [...stats].sort((a, b) => a.statesPerSecond - b.statesPerSecond);
    const median = bySpeed[Math.floor(bySpeed.length / 2)]!;
    medianSeconds.set(workers, median.seconds);
    const range =
      stats.length > 1
        ? ` (${fmt(bySpeed[0]!.statesPerSecond)}–${fmt(bySpeed.at(-1)!.statesPerSecond)})`
        : "";
    const used = results.get(workers)![0]!.options.workers;
    const speedUp = workers === 1 ? "1.00×" : `${(medianSeconds.get(1)! / median.seconds).toFixed(2)}×`;
    console.log(
      `| ${rm} | ${fmt(median.distinctStates)} | ${fmt(median.generatedStates)} | ${median.depth} | ${used} | ${stats.length} | ${median.seconds.toFixed(2)} | ${fmt(median.statesPerSecond)}${range} | ${speedUp} | ${median.storeBytesPerState} | ${fmt(Math.max(...stats.map((s) => s.peakMemoryBytes)) / 2 ** 20)} |`,
    );
  }
}
console.log(
  "\nspeed-up: the median time with one worker over the median time with this many, from runs taken in turn.",
);
