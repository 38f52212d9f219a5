// `npm run bench`: distinct states per second and bytes per stored state for two-phase-commit at
// --rm 7, 8 and 9 with one worker, each run in a fresh process through the real `check` command.
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
console.log(
  `two-phase-commit, bfs, 1 worker — ${cpus()[0]?.model ?? "unknown CPU"}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  "| --rm | distinct states | generated | depth | seconds | distinct states/s | bytes/state | peak RSS MiB |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const rm of rms) {
  const file = join(dir, `rm${rm}.json`);
  const run = spawnSync(
    process.execPath,
    [BIN, "two-phase-commit", "--rm", String(rm), "--quiet", "--json", file],
    { encoding: "utf8" },
  );
  if (run.status !== 0) {
    console.log(`| ${rm} | failed with exit ${run.status}: ${run.stderr.trim().split("\n")[0]} |`);
    continue;
  }
  const { stats } = JSON.parse(readFileSync(file, "utf8")) as ResultJson;
  console.log(
    `| ${rm} | ${fmt(stats.distinctStates)} | ${fmt(stats.generatedStates)} | ${stats.depth} | ${stats.seconds.toFixed(2)} | ${fmt(stats.statesPerSecond)} | ${stats.storeBytesPerState} | ${fmt(stats.peakMemoryBytes / 2 ** 20)} |`,
  );
}
