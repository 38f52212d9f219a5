// `npm run bench`: distinct states per second and bytes per stored state for two-phase-commit at
// --rm 7, 8 and 9 with one worker, each run in a fresh process through the real `check` command.
// `npm run bench -- 6 7` runs other sizes.
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
const dir = mkdtempSync(join(tmpdir(), "bench-"));

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
// Machines here are shared and noisy: each size runs several times, and the table gives the median
// with the range. The largest size runs once (a minute).
const runsFor = (rm: number) => (rm >= 9 ? 1 : 3);

console.log(
  `two-phase-commit, bfs, 1 worker — ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  "| --rm | distinct states | generated | depth | runs | seconds (median) | distinct states/s (median, range) | bytes/state | peak RSS MiB |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const rm of rms) {
  const results: ResultJson["stats"][] = [];
  for (let run = 0; run < runsFor(rm); run++) {
    const file = join(dir, `rm${rm}-${run}.json`);
    const child = spawnSync(
      process.execPath,
      [BIN, "two-phase-commit", "--rm", String(rm), "--quiet", "--json", file],
      {
        encoding: "utf8",
      },
    );
    if (child.status !== 0) {
      console.log(`| ${rm} | failed with exit ${child.status}: ${child.stderr.trim().split("\n")[0]} |`);
      break;
    }
    results.push((JSON.parse(readFileSync(file, "utf8")) as ResultJson).stats);
  }
  if (results.length === 0) continue;
  const bySpeed = [...results].sort((a, b) => a.statesPerSecond - b.statesPerSecond);
  const median = bySpeed[Math.floor(bySpeed.length / 2)]!;
  const range =
    results.length > 1
      ? ` (${fmt(bySpeed[0]!.statesPerSecond)}–${fmt(bySpeed.at(-1)!.statesPerSecond)})`
      : "";
  console.log(
    `| ${rm} | ${fmt(median.distinctStates)} | ${fmt(median.generatedStates)} | ${median.depth} | ${results.length} | ${median.seconds.toFixed(2)} | ${fmt(median.statesPerSecond)}${range} | ${median.storeBytesPerState} | ${fmt(Math.max(...results.map((r) => r.peakMemoryBytes)) / 2 ** 20)} |`,
  );
}
