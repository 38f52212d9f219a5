// Sweeps: the axes a user writes, the runs they make, the means across them (exact fractions), and
// the claim the course makes about Chang–Roberts that one run cannot check — over every arrangement
// of ids, N·H_N ELECTION messages on average, N(N + 1)/2 at worst, 2N − 1 at best.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CheckerError,
  describeMean,
  meanOf,
  parseSweepAxis,
  sweepModel,
  sweepRuns,
} from "../checker/index.ts";
import changRoberts, { everyArrangement } from "../models/election/chang-roberts.ts";

const BIN = resolve(import.meta.dirname, "../bin/check.mjs");
const LARGE = process.env.LARGE === "1";

function codeOf(thunk: () => unknown): string | null {
  try {
    thunk();
    return null;
  } catch (error) {
    return (error as CheckerError).code;
  }
}

/** N·H_N as a fraction in lowest terms. */
function nHarmonic(n: number): { numerator: number; denominator: number } {
  let [p, q] = [0, 1];
  for (let k = 1; k <= n; k++) [p, q] = [p * k + q, q * k];
  const g = (a: number, b: number): number => (b === 0 ? a : g(b, a % b));
  const d = g(p * n, q);
  return { numerator: (p * n) / d, denominator: q / d };
}

describe("sweep axes", () => {
  it("reads lists, lists of values holding commas, ranges and every", () => {
    expect(parseSweepAxis("n=3,5", changRoberts)).toEqual({ param: "n", values: ["3", "5"] });
    expect(parseSweepAxis("n=3..6", changRoberts).values).toEqual(["3", "4", "5", "6"]);
    expect(parseSweepAxis("ids=every", changRoberts).values).toBe("every");
    expect(parseSweepAxis("ids=4,1,2,3", changRoberts).values).toEqual(["4,1,2,3"]);
    expect(parseSweepAxis("ids=4,1,2,3;decreasing", changRoberts).values).toEqual(["4,1,2,3", "decreasing"]);
    expect(parseSweepAxis("network=fifo,unordered", changRoberts).values).toEqual(["fifo", "unordered"]);
  });

  it("refuses, as bad-sweep, what it cannot run", () => {
    for (const bad of ["n", "=3", "nodes=3", "n=1..3", "n=5..4", "ids=1..2", "n=3,", "n=x", "network=slow"])
      expect(
        codeOf(() => parseSweepAxis(bad, changRoberts)),
        bad,
      ).toBe("bad-sweep");
    const axis = parseSweepAxis("n=3,4", changRoberts);
    expect(codeOf(() => sweepRuns(changRoberts, { params: { n: 3 } }, [axis]))).toBe("bad-sweep");
    expect(codeOf(() => sweepRuns(changRoberts, {}, [axis, axis]))).toBe("bad-sweep");
  });

  it("runs every combination, the first axis slowest, with every worked out for each", () => {
    const runs = sweepRuns(changRoberts, {}, [
      parseSweepAxis("n=3..4", changRoberts),
      parseSweepAxis("ids=every", changRoberts),
    ]);
    expect(runs).toEqual([
      ...everyArrangement(3).map((ids) => ({ n: "3", ids })),
      ...everyArrangement(4).map((ids) => ({ n: "4", ids })),
    ]);
    // A configuration's parameters are what every is worked out from.
    expect(
      sweepRuns(changRoberts, { config: "decreasing-5" }, [parseSweepAxis("ids=every", changRoberts)]),
    ).toHaveLength(24);
  });

  it("every arrangement up to rotation: (n − 1)! of them, each a distinct ring", () => {
    const rotations = (ids: string) => {
      const xs = ids.split(",");
      return xs.map((_, i) => [...xs.slice(i), ...xs.slice(0, i)].join(","));
    };
    for (let n = 2; n <= 6; n++) {
      const all = everyArrangement(n);
      expect(all).toHaveLength([...Array(n - 1).keys()].reduce((f, k) => f * (k + 1), 1));
      const rings = new Set(all.map((ids) => rotations(ids).sort()[0]));
      expect(rings.size).toBe(all.length);
    }
  });
});

describe("means", () => {
  it("are exact fractions in lowest terms where the figures are integers", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 50 }), (xs) => {
        const mean = meanOf(xs);
        const sum = xs.reduce((a, b) => a + b, 0);
        expect(mean.fraction!.numerator * xs.length).toBe(sum * mean.fraction!.denominator);
        const g = (a: number, b: number): number => (b === 0 ? a : g(b, a % b));
        expect(g(mean.fraction!.numerator, mean.fraction!.denominator)).toBe(1);
        expect(mean.value).toBeCloseTo(sum / xs.length, 12);
      }),
    );
    expect(describeMean(meanOf([7, 8, 8, 8, 9, 10]))).toBe("25/3 = 8.333333333");
    expect(describeMean(meanOf([2, 4]))).toBe("3");
    expect(meanOf([0.5, 1]).fraction).toBeNull();
  });
});

describe("Chang–Roberts over every arrangement of ids", () => {
  it.each(LARGE ? [3, 4, 5, 6, 7] : [3, 4, 5, 6])(
    "n = %i: mean N·H_N ELECTION messages, worst N(N + 1)/2, best 2N − 1",
    async (n) => {
      const result = await sweepModel(changRoberts, { params: { n }, liveness: false }, [
        parseSweepAxis("ids=every", changRoberts),
      ]);
      expect(result.runs).toHaveLength(everyArrangement(n).length);
      expect(result.runs.every((r) => r.verdict === "holds")).toBe(true);
      const [summary] = result.summaries;
      const election = summary!.measures.find((m) => m.name === "electionMessages")!;
      expect(election.exactPerRun).toBe(true);
      expect(election.meanOfMin!.fraction).toEqual(nHarmonic(n));
      expect(election.min).toEqual({ value: 2 * n - 1, params: { ids: everyArrangement(n)[0] } });
      expect(election.max!.value).toBe((n * (n + 1)) / 2);
      // The worst arrangement is the decreasing one: n, n − 1, …, 1 clockwise.
      expect(election.max!.params).toEqual({ ids: everyArrangement(n).at(-1) });
      const messages = summary!.measures.find((m) => m.name === "messages")!;
      expect(messages.meanOfMin!.value).toBeCloseTo(election.meanOfMin!.value + n, 9);
    },
  );

  it("summarises per value of the axes before the last", async () => {
    const result = await sweepModel(changRoberts, { liveness: false }, [
      parseSweepAxis("n=3..4", changRoberts),
      parseSweepAxis("ids=every", changRoberts),
    ]);
    expect(result.summaries.map((s) => [s.fixed, s.runs])).toEqual([
      [{ n: 3 }, 2],
      [{ n: 4 }, 6],
    ]);
  });

  it("stops at the interrupt, keeping the runs that finished", async () => {
    const controller = new AbortController();
    const result = await sweepModel(
      changRoberts,
      { params: { n: 5 }, liveness: false },
      [parseSweepAxis("ids=every", changRoberts)],
      { signal: controller.signal, onRun: (i) => (i === 3 ? controller.abort() : undefined) },
    );
    expect([result.runs.length, result.planned, result.interrupted]).toEqual([3, 24, true]);
  });
});

describe("check --sweep", () => {
  const check = (...args: string[]) => {
    const run = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it("prints a row per run and the mean across them, and writes them with --json", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sweep-")), "sweep.json");
    const run = check("chang-roberts", "--n", "4", "--sweep", "ids=every", "--json", file, "--quiet");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("6 runs, all hold");
    expect(run.stdout).toMatch(/4,3,2,1 +holds +46 +10 +14/);
    expect(run.stdout).toContain("electionMessages: min 7 at ids=4,1,2,3; max 10 at ids=4,3,2,1");
    expect(run.stdout).toContain("mean 25/3 = 8.333333333");
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(json.kind).toBe("sweep");
    expect(json.runs).toHaveLength(6);
    expect(json.summaries[0].measures[0].meanOfMin.fraction).toEqual({ numerator: 25, denominator: 3 });
  });

  it("exits 1 when a run finds a violation, naming it in its row", () => {
    const run = check("chang-roberts", "--n", "3", "--ids", "increasing", "--sweep", "drop=0,1", "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("1 holds, 1 violated");
    expect(run.stdout).toMatch(/1 +violated \(deadlock\)/);
  });

  it("refuses a bad sweep, and options that write one run, with one line and exit 2", () => {
    for (const args of [
      ["--sweep", "nodes=3"],
      ["--sweep", "n=9"],
      ["--sweep", "n=3,4", "--n", "3"],
      ["--sweep", "n=3,4", "--html", "x.html"],
      ["--sweep", "n=3,4", "--strategy", "random"],
    ]) {
      const run = check("chang-roberts", ...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^error\[(bad-sweep|bad-option)\]: /);
    }
  });
});
