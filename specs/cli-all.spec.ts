// `check --all`, the CI gate: every declared configuration against its expected verdict and pinned
// counts, one table, exit 0 only if everything matched, with JUnit and JSON for CI systems.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { models } from "../models/index.ts";

const BIN = resolve(import.meta.dirname, "../bin/check.mjs");
const FIXTURE = "specs/fixtures/expectations.ts";

function check(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const out = (name: string) => join(mkdtempSync(join(tmpdir(), "check-all-")), name);

describe("check --all", () => {
  it("runs every configuration of every registered model and exits 0 when all match", () => {
    const run = check("--all", "--quiet");
    expect(run.code).toBe(0);
    const total = models.reduce((sum, m) => sum + (m.configs?.length ?? 0), 0);
    for (const model of models) {
      for (const config of model.configs ?? [])
        expect(run.stdout).toMatch(new RegExp(`✓ +${model.name} +${config.name} `));
    }
    expect(run.stdout).toMatch(
      /✓ +two-phase-commit +default +holds \(288 states, depth 11\) +holds +288 +11/,
    );
    expect(run.stdout).toContain(`all ${total} configurations of ${models.length} models matched`);
    // The whole gate: 109 configurations of 15 models, about four and a half minutes alone on one
    // of two cores (paxos duel and large, and mutex-lamport default, take half), longer beside the
    // other suites. A bound on a hang, not on speed (that is npm run bench's).
  }, 900_000);

  it("exits 1 and says why when a configuration does not match its expectation", () => {
    const run = check("--all", FIXTURE, "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "✗ expectations wrong-verdict: expected holds, got invariant mutualExclusion",
    );
    expect(run.stdout).toContain("✗ expectations wrong-count: expected 5 distinct states, counted 4");
    expect(run.stdout).toContain("✗ expectations wrong-invariant: expected a violation of somethingElse");
    expect(run.stdout).toContain("3 of 5 configurations did not match");
  });

  it("fails a configuration whose measures miss their pinned figures, with the witnesses of the figures measured", () => {
    const junit = out("junit.xml");
    const run = check("--all", "specs/fixtures/wrong-measure.ts", "--quiet", "--junit", junit);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✓ +token-ring-expectations +right /);
    expect(run.stdout).toContain(
      "✗ token-ring-expectations wrong: measure messagesPerEntry: expected max 1, measured 2; measure exitToEntry: expected max ≤ 5, measured unbounded",
    );
    for (const witness of [
      "messagesPerEntry min 0 — witness (3 states):",
      "messagesPerEntry max 2 — witness (5 states):",
      "exitToEntry min 1 — witness (",
      "exitToEntry max unbounded — witness (",
    ])
      expect(run.stdout).toContain(witness);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('failures="1"');
    expect(xml).toContain("messagesPerEntry max 2 — witness (5 states):");
  });

  it("never counts an incomplete search as a pass", () => {
    const run = check("--all", "docs/examples/tiny-lock.ts", "--max-states", "2", "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("default: incomplete: stopped at --max-states 2");
  });

  it("writes JUnit XML with one testcase per configuration and the trace in each failure", () => {
    const file = out("junit.xml");
    check("--all", FIXTURE, "--junit", file, "--quiet");
    const xml = readFileSync(file, "utf8");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('<testsuites name="check --all" tests="5" failures="3"');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml.match(/<failure /g)).toHaveLength(3);
    expect(xml).toContain('<testcase classname="expectations" name="right: holds (4 states, depth 2)"');
    // the failure body holds the trace, escaped
    expect(xml).toMatch(
      /<failure message="expected holds, got invariant mutualExclusion[^"]*">[^<]*enter\(P0\)[^<]*enter\(P1\)/,
    );
    expect(xml).toContain("holder: null → 0");
  });

  it("writes a JSON summary", () => {
    const file = out("summary.json");
    check("--all", FIXTURE, "--json", file, "--quiet");
    const summary = JSON.parse(readFileSync(file, "utf8"));
    expect(summary.matched).toBe(false);
    expect(
      summary.configurations.map((c: { config: string; matched: boolean }) => [c.config, c.matched]),
    ).toEqual([
      ["right", true],
      ["right-violation", true],
      ["wrong-verdict", false],
      ["wrong-count", false],
      ["wrong-invariant", false],
    ]);
    expect(summary.configurations[0].result.stats.distinctStates).toBe(4);
  });

  it("gives the same outcomes with configurations run in parallel", () => {
    const one = out("one.json");
    const two = out("two.json");
    check("--all", FIXTURE, "--json", one, "--quiet");
    check("--all", FIXTURE, "--json", two, "--workers", "2", "--quiet");
    const outcomes = (file: string) =>
      JSON.parse(readFileSync(file, "utf8")).configurations.map(
        (c: {
          config: string;
          matched: boolean;
          mismatch: string;
          result: { stats: { distinctStates: number } };
        }) => [c.config, c.matched, c.mismatch, c.result.stats.distinctStates],
      );
    expect(outcomes(two)).toEqual(outcomes(one));
  });

  it("selects models with --filter, and refuses a filter that selects nothing", () => {
    const run = check("--all", FIXTURE, "docs/examples/tiny-lock.ts", "--filter", "tiny-*", "--quiet");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("expectations");
    const none = check("--all", "--filter", "nothing-*");
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe(
      `error[bad-option]: --filter nothing-* selects no configuration; models: ${models.map((m) => m.name).join(", ")}`,
    );
  });

  it("refuses options that each configuration declares for itself", () => {
    const run = check("--all", "--variant", "x");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--variant does not go with --all");
  });
});
