// Every kind of bad input the `check` command is known to meet, one row each: the command line,
// the error code, and a fragment of the one line it must print. Whatever the mistake, the answer
// is exit status 2, nothing on stdout, and exactly one line on stderr that names the offending
// thing, never a stack trace. The rows run in-process through `main`; the few that need a real
// process (a model file outside this package, loaded as tsx compiles it) spawn `check`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../checker/index.ts";
import { main } from "../checker/cli/main.ts";

const BIN = resolve(import.meta.dirname, "../bin/check.mjs");
const API = resolve(import.meta.dirname, "../checker/index.ts");
const FIXTURES = "specs/fixtures/bad-input";
const fixture = (name: string) => `${FIXTURES}/${name}`;

// Model files that cannot sit in the repository as they are (they would break the type check
// and the linters) are written once, outside the package.
const SCRATCH = mkdtempSync(join(tmpdir(), "check-bad-input-"));
const scratch = (name: string, text: string) => {
  const file = join(SCRATCH, name);
  writeFileSync(file, text);
  return file;
};
const SYNTAX_ERROR = scratch(
  "syntax-error.ts",
  'export default defineModel({ name: "syntax-error", params: { n: 3 ) });\n',
);
const MISSING_IMPORT = scratch("missing-import.ts", 'import x from "./nope.ts";\nexport default x;\n');

interface Run {
  readonly exit: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The CheckerError's code, when the run reported one in-process. */
  readonly code?: ErrorCode;
}

async function checkInProcess(argv: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  let code: ErrorCode | undefined;
  const exit = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    onBadInput: (error) => (code = error.code),
  });
  return { exit, stdout, stderr, code };
}

function checkSpawned(argv: readonly string[]): Run {
  const run = spawnSync(process.execPath, [BIN, ...argv], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { exit: run.status, stdout: run.stdout, stderr: run.stderr };
}

function expectBadInput(run: Run, fragment: string, code?: ErrorCode): void {
  expect(run.stderr).toMatch(/^error\[[a-z-]+\]: [^\n]*\S[^\n]*\n$/);
  expect(run.stderr).toContain(fragment);
  expect(run.stderr).not.toMatch(/ {4}at /);
  expect(run.stderr).not.toContain("node:internal");
  expect(run.stderr).not.toContain("data:");
  expect(run.stderr).not.toContain("error[internal]");
  expect(run.stdout).toBe("");
  expect(run.exit).toBe(2);
  if (code !== undefined) {
    expect(run.code).toBe(code);
    expect(run.stderr.startsWith(`error[${code}]: `)).toBe(true);
  }
}

/** [what is wrong, argv, error code, fragment of the message that names it]. */
type Row = readonly [string, readonly string[], ErrorCode, string];

const TPC = "two-phase-commit";
const ACTORS = "two-phase-commit-actors";

const ROWS: readonly Row[] = [
  // The model: a name, a file, or nothing.
  ["no model", [], "bad-option", "no model given"],
  ["only options, no model", ["--quiet"], "bad-option", "no model given"],
  ["an unknown option and no model", ["--nope"], "unknown-option", "unknown option --nope, and no model"],
  ["an unknown short option", ["-x"], "unknown-option", "unknown option -x"],
  [
    "a misspelt model",
    ["two-phase-comit"],
    "unknown-model",
    'unknown model "two-phase-comit" (did you mean two-phase-commit?)',
  ],
  ["an unknown model", ["zzzz"], "unknown-model", 'unknown model "zzzz"'],
  ["an empty model name", [""], "bad-option", 'the model named is "" (an empty argument)'],
  [
    "a path to no file",
    ["./no/such/model.ts"],
    "bad-model-file",
    "cannot read model file ./no/such/model.ts",
  ],
  ["a path without an extension", ["./nope"], "bad-model-file", "cannot read model file ./nope"],
  ["a directory", [FIXTURES], "bad-model-file", `${FIXTURES} is a directory`],
  ["a .json file", [fixture("model.json")], "bad-model-file", "model.json: a model file is a .ts"],
  ["a markdown file", ["./README.md"], "bad-model-file", "./README.md: a model file is a .ts"],
  [
    "a module that exports no model",
    [fixture("no-model.ts")],
    "bad-model-file",
    "does not export a model (it exports answer, build)",
  ],
  [
    "a module that throws while loading",
    [fixture("import-throws.ts")],
    "bad-model-file",
    "it threw while loading: TypeError: Cannot read properties of undefined",
  ],
  ["a module with a syntax error", [SYNTAX_ERROR], "bad-model-file", `syntax error at ${SYNTAX_ERROR}:1:`],
  ["a module importing a missing file", [MISSING_IMPORT], "bad-model-file", "Cannot find module './nope.ts'"],
  [
    "a definition defineModel refuses",
    [fixture("bad-definition.ts")],
    "bad-model-file",
    'config "default" names variant "nope"',
  ],
  [
    "a build() that throws",
    [fixture("build-throws.ts")],
    "model-build-error",
    `the model's build() threw (model "build-throws", variant correct): the ring needs at least two nodes`,
  ],
  [
    "a build() that throws, for random walks",
    [fixture("build-throws.ts"), "--strategy", "random"],
    "model-build-error",
    "the model's build() threw",
  ],
  [
    "a build() that throws, for --all",
    ["--all", fixture("build-throws.ts"), "--quiet"],
    "model-build-error",
    "the model's build() threw",
  ],
  [
    "a build() that throws a string",
    [fixture("throws-string.ts")],
    "model-build-error",
    'build() threw (model "throws-string", variant correct): thrown value not ready',
  ],
  [
    "a build() that returns nothing",
    [fixture("build-returns-nothing.ts")],
    "model-build-error",
    'build() gave no state machine (model "build-returns-nothing", variant correct): it returned undefined',
  ],
  [
    "an argument after the model",
    [TPC, "extra"],
    "bad-option",
    'unexpected argument "extra": parameters are given as flags',
  ],

  // Parameters.
  [
    "a parameter out of range",
    [TPC, "--rm", "13"],
    "bad-param",
    '--rm "13" is not accepted: expected an integer from 1 to 12',
  ],
  [
    "a negative parameter",
    [TPC, "--rm", "-1"],
    "bad-param",
    '--rm "-1" is not accepted: expected an integer from 1 to 12',
  ],
  ["a parameter that is no number", [TPC, "--rm", "three"], "bad-param", '--rm "three"'],
  ["a fractional parameter", [TPC, "--rm", "3.5"], "bad-param", '--rm "3.5"'],
  ["an empty parameter", [TPC, "--rm="], "bad-param", '--rm "" is not accepted'],
  [
    "a parameter without its value",
    [TPC, "--rm"],
    "missing-value",
    "--rm needs a value: an integer from 1 to 12",
  ],
  ["a parameter followed by an option", [TPC, "--rm", "--quiet"], "missing-value", "--rm needs a value"],
  ["a parameter given twice", [TPC, "--rm", "3", "--rm", "4"], "bad-option", "--rm is given 2 times (3, 4)"],
  [
    "an unknown parameter",
    [TPC, "--nodes", "3"],
    "unknown-option",
    "unknown option --nodes: this model's parameters are --rm",
  ],
  [
    "a misspelt option",
    [TPC, "--max-state", "3"],
    "unknown-option",
    "unknown option --max-state (did you mean --max-states?)",
  ],
  [
    "an enum parameter's unknown value",
    [ACTORS, "--network", "nope"],
    "bad-param",
    '--network "nope" is not accepted: expected one of',
  ],
  [
    "a string parameter's bad value",
    ["chang-roberts", "--ids", "foo"],
    "bad-param",
    '--ids "foo" is not accepted: expected increasing',
  ],
  [
    "a boolean parameter's bad value",
    ["paxos", "--unbounded", "maybe"],
    "bad-param",
    '--unbounded "maybe" is not accepted: expected true or false',
  ],
  [
    "a fault on a model without faults",
    [TPC, "--crash", "1"],
    "unknown-option",
    "--crash is not accepted: faults and --network apply to actor models",
  ],

  // Variants and configurations.
  [
    "an unknown variant",
    [TPC, "--variant", "nope"],
    "bad-variant",
    'unknown variant "nope" for two-phase-commit: accepted correct',
  ],
  [
    "an unknown configuration",
    [TPC, "--config", "nope"],
    "bad-config",
    'unknown config "nope" for two-phase-commit: declared: default',
  ],
  [
    "an unknown configuration, for random walks",
    [TPC, "--strategy", "random", "--config", "nope"],
    "bad-config",
    'unknown config "nope"',
  ],
  [
    "--variant without its value",
    [TPC, "--variant"],
    "missing-value",
    "--variant needs a value: the name of one of the model's variants",
  ],
  ["--config without its value", [TPC, "--config", "--quiet"], "missing-value", "--config needs a value"],

  // Search options.
  [
    "an unknown strategy",
    [TPC, "--strategy", "bogus"],
    "bad-option",
    "--strategy bogus is not accepted: expected bfs, dfs or random",
  ],
  [
    "--strategy without its value",
    [TPC, "--strategy"],
    "missing-value",
    "--strategy needs a value: bfs, dfs or random",
  ],
  [
    "a negative --max-states",
    [TPC, "--max-states", "-1"],
    "bad-option",
    '--max-states "-1" is not accepted: expected a positive integer',
  ],
  ["a zero --max-states", [TPC, "--max-states", "0"], "bad-option", '--max-states "0"'],
  ["--max-states in exponent notation", [TPC, "--max-states", "1e3"], "bad-option", '--max-states "1e3"'],
  [
    "--max-states past exact integers",
    [TPC, "--max-states", "99999999999999999999"],
    "bad-option",
    '--max-states "99999999999999999999"',
  ],
  ["a zero --max-depth", [TPC, "--max-depth", "0"], "bad-option", '--max-depth "0"'],
  [
    "a negative --time-limit",
    [TPC, "--time-limit", "-5"],
    "bad-option",
    '--time-limit "-5" is not accepted: expected a positive number of seconds',
  ],
  ["a --time-limit that is no number", [TPC, "--time-limit", "abc"], "bad-option", '--time-limit "abc"'],
  ["an infinite --time-limit", [TPC, "--time-limit", "Infinity"], "bad-option", '--time-limit "Infinity"'],
  [
    "a negative --workers",
    [TPC, "--workers", "-3"],
    "bad-option",
    '--workers "-3" is not accepted: expected an integer from 1 to',
  ],
  ["a zero --workers", [TPC, "--workers", "0"], "bad-option", '--workers "0"'],
  [
    "a thousand --workers",
    [TPC, "--workers", "1000"],
    "bad-option",
    '--workers "1000" is not accepted: expected an integer from 1 to',
  ],
  ["a hundred thousand --workers", [TPC, "--workers", "100000"], "bad-option", "cores)"],
  ["a fractional --workers", [TPC, "--workers", "2.5"], "bad-option", '--workers "2.5"'],
  [
    "a --memory-limit in no unit",
    [TPC, "--memory-limit", "12X"],
    "bad-option",
    '--memory-limit "12X" is not accepted: expected a size',
  ],
  ["a --memory-limit below 1M", [TPC, "--memory-limit", "100"], "bad-option", "at least 1M"],
  ["a negative --memory-limit", [TPC, "--memory-limit", "-1G"], "bad-option", '--memory-limit "-1G"'],
  ["a value given to a flag", [TPC, "--quiet=yes"], "bad-option", "--quiet takes no value (got --quiet=yes)"],
  [
    "a value given to --no-deadlock",
    [TPC, "--no-deadlock=false"],
    "bad-option",
    "--no-deadlock takes no value",
  ],
  [
    "--por with --no-por",
    [TPC, "--por", "--no-por"],
    "bad-option",
    "--por and --no-por contradict each other",
  ],
  [
    "--symmetry with --no-symmetry",
    [TPC, "--symmetry", "--no-symmetry"],
    "bad-option",
    "--symmetry and --no-symmetry contradict",
  ],
  [
    "--liveness with --no-liveness",
    [TPC, "--liveness", "--no-liveness"],
    "bad-option",
    "--liveness and --no-liveness contradict",
  ],

  // Random walks.
  ["--seed without random walks", [TPC, "--seed", "3"], "bad-option", "--seed 3 goes with --strategy random"],
  ["--runs without random walks", [TPC, "--runs", "3"], "bad-option", "--runs 3 goes with --strategy random"],
  [
    "a negative --seed",
    [TPC, "--strategy", "random", "--seed", "-1"],
    "bad-option",
    '--seed "-1" is not accepted: expected an integer from 0 to 4294967295',
  ],
  [
    "a --seed past 32 bits",
    [TPC, "--strategy", "random", "--seed", "99999999999"],
    "bad-option",
    '--seed "99999999999"',
  ],
  [
    "a --seed that is no number",
    [TPC, "--strategy", "random", "--seed", "abc"],
    "bad-option",
    '--seed "abc"',
  ],
  ["a zero --runs", [TPC, "--strategy", "random", "--runs", "0"], "bad-option", '--runs "0"'],
  [
    "a --path that is no path",
    [TPC, "--strategy", "random", "--path", "xyz"],
    "bad-option",
    "--path xyz is not accepted: expected fast-check's counterexample path",
  ],
  [
    "a walk deeper than fast-check goes",
    [TPC, "--strategy", "random", "--max-depth", "9999999999"],
    "bad-option",
    "--max-depth 9999999999 is not accepted for random walks",
  ],
  [
    "--max-states with random walks",
    [TPC, "--strategy", "random", "--max-states", "5"],
    "bad-option",
    "--max-states 5 does not go with --strategy random",
  ],
  [
    "--por-audit with random walks",
    [TPC, "--strategy", "random", "--por-audit"],
    "bad-option",
    "--por-audit does not go with --strategy random",
  ],
  [
    "--symmetry with random walks",
    [TPC, "--strategy", "random", "--symmetry"],
    "bad-option",
    "--symmetry does not go with --strategy random",
  ],
  [
    "--workers with random walks",
    [TPC, "--strategy", "random", "--workers", "2"],
    "bad-option",
    "--workers 2 does not go with --strategy random",
  ],
  [
    "--memory-limit with random walks",
    [TPC, "--strategy", "random", "--memory-limit", "1G"],
    "bad-option",
    "--memory-limit 1G does not go with --strategy random",
  ],
  [
    "--liveness with random walks",
    [ACTORS, "--strategy", "random", "--liveness"],
    "bad-option",
    "--liveness does not go with --strategy random",
  ],
  [
    "--fairness with random walks",
    [ACTORS, "--strategy", "random", "--fairness", "delivery=weak"],
    "bad-option",
    "--fairness delivery=weak does not go with --strategy random",
  ],

  // Fairness.
  [
    "--fairness without a kind",
    [ACTORS, "--fairness", "delivery"],
    "bad-option",
    '--fairness "delivery" is not accepted: expected NAME=weak|strong|none',
  ],
  [
    "--fairness with an unknown kind",
    [ACTORS, "--fairness", "delivery=sometimes"],
    "bad-option",
    '--fairness "delivery=sometimes"',
  ],
  [
    "--fairness of an unknown family",
    [ACTORS, "--fairness", "nope=weak"],
    "bad-option",
    "the model declares no fairness named nope (it declares delivery, timers)",
  ],
  [
    "--fairness with --no-liveness",
    [ACTORS, "--no-liveness", "--fairness", "delivery=weak"],
    "bad-option",
    "--fairness delivery=weak does not go with --no-liveness",
  ],

  // Output files.
  [
    "--json under /proc",
    [TPC, "--json", "/proc/nope/x.json"],
    "bad-output",
    "--json /proc/nope/x.json: cannot be created in /proc",
  ],
  [
    "--itf under /sys",
    [TPC, "--itf", "/sys/nope.itf.json"],
    "bad-output",
    "--itf /sys/nope.itf.json: cannot be created in /sys",
  ],
  [
    "--json under a file",
    [TPC, "--json", "README.md/x.json"],
    "bad-output",
    "--json README.md/x.json: cannot be written",
  ],
  ["--html naming a directory", [TPC, "--html", "specs"], "bad-output", "--html specs: is a directory"],
  ["an empty --json", [TPC, "--json", ""], "bad-output", '--json "" names no file'],
  ["--json without its value", [TPC, "--json"], "missing-value", "--json needs a value: a file to write"],
  ["--json followed by a dash", [TPC, "--json", "-o.json"], "missing-value", "written --json=-o.json"],
  [
    "two outputs to one file",
    [TPC, "--json", "out.json", "--html", "./out.json"],
    "bad-output",
    "--json and --html both name ./out.json",
  ],
  [
    "--all --html naming a file",
    ["--all", "--html", "README.md"],
    "bad-output",
    "--html README.md: is a file; with --all, --html takes a directory",
  ],
  [
    "--all --junit under /proc",
    ["--all", "--junit", "/proc/nope/junit.xml"],
    "bad-output",
    "--junit /proc/nope/junit.xml",
  ],
  [
    "--all --json naming a directory",
    ["--all", "--json", "specs"],
    "bad-output",
    "--json specs: is a directory",
  ],

  // --all and --list.
  [
    "a model parameter for --all",
    ["--all", "--rm", "3"],
    "unknown-option",
    "--all does not take model parameters (got --rm)",
  ],
  [
    "a fault for --all",
    ["--all", "--crash", "1"],
    "unknown-option",
    "--all does not take model parameters (got --crash)",
  ],
  [
    "an unknown option for --all",
    ["--all", "--nope"],
    "unknown-option",
    "unknown option --nope: --all takes --filter",
  ],
  ["--config for --all", ["--all", "--config", "default"], "bad-option", "--config does not go with --all"],
  ["--strategy for --all", ["--all", "--strategy", "dfs"], "bad-option", "--strategy does not go with --all"],
  ["--por-audit for --all", ["--all", "--por-audit"], "bad-option", "--por-audit does not go with --all"],
  ["--itf for --all", ["--all", "--itf", "x.json"], "bad-option", "--itf does not go with --all"],
  [
    "--seed for --all",
    ["--all", "--seed", "1"],
    "bad-option",
    "--seed does not go with --all: --all runs no random walks",
  ],
  [
    "--memory-limit for --all",
    ["--all", "--memory-limit", "1G"],
    "bad-option",
    "--memory-limit does not go with --all",
  ],
  [
    "--no-liveness for --all",
    ["--all", "--no-liveness"],
    "bad-option",
    "--no-liveness does not go with --all",
  ],
  [
    "a --filter that matches nothing",
    ["--all", "--filter", "nothing*"],
    "bad-option",
    "--filter nothing* selects no configuration",
  ],
  ["an empty --filter", ["--all", "--filter", ""], "bad-option", '--filter "" names no model'],
  ["--filter without its value", ["--all", "--filter"], "missing-value", "--filter needs a value"],
  ["a thousand --workers for --all", ["--all", "--workers", "1000"], "bad-option", '--workers "1000"'],
  ["an unknown model for --all", ["--all", "nope"], "unknown-model", 'unknown model "nope"'],
  [
    "a file without a model for --all",
    ["--all", fixture("no-model.ts")],
    "bad-model-file",
    "does not export a model",
  ],
  [
    "a model without configurations for --all",
    ["--all", fixture("empty-init.ts")],
    "bad-option",
    "empty-init declares none",
  ],
  ["--filter without --all", [TPC, "--filter", "x"], "bad-option", "--filter goes with --all"],
  ["--junit without --all", [TPC, "--junit", "x.xml"], "bad-option", "--junit goes with --all"],
  ["a model name for --list", ["--list", "extra"], "bad-option", '--list takes no model name (got "extra")'],
  [
    "a parameter for --list",
    ["--list", "--rm", "3"],
    "bad-option",
    "--list takes no option but --json (got --rm)",
  ],
];

describe("bad input: exit 2, one line on stderr, no stack trace", () => {
  it("has a row for each kind of mistake", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ROWS.map(([what]) => what)).size).toBe(ROWS.length);
  });

  for (const [what, argv, code, fragment] of ROWS) {
    it(`${what}: check ${argv.join(" ")}`, async () => {
      const run = await checkInProcess(argv);
      expectBadInput(run, fragment, code);
    });
  }

  it("refuses output paths without leaving anything behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "check-outputs-"));
    // --json's path is tried (a directory made where a/ would go, and removed) before --html is refused.
    const run = await checkInProcess([TPC, "--json", join(dir, "a/b/result.json"), "--html", dir]);
    expectBadInput(run, `--html ${dir}: is a directory`, "bad-output");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a build() that throws in a model file outside this package: one line, no compiled source", () => {
    // tsx compiles such a file into a data: URL, which a stack trace would print whole.
    const file = scratch(
      "build-throws.ts",
      `import { defineModel } from ${JSON.stringify(API)};
export default defineModel({
  name: "outside", family: "mine", description: "build() throws", params: {},
  build: () => { throw new Error("the ring needs at least two nodes"); },
});
`,
    );
    expectBadInput(
      checkSpawned([file]),
      `the model's build() threw (model "outside", variant correct): the ring needs at least two nodes`,
    );
  });
});

describe("check --all with a broken model in a child process", () => {
  // The child's one line is all there is to say why its configuration has no result.
  it("names the model's mistake in the configuration's row", async () => {
    const run = await checkInProcess(["--all", fixture("build-throws.ts"), "--workers", "2", "--quiet"]);
    expect(run.exit).toBe(1);
    expect(run.stdout).toContain(
      'build-throws default: the run produced no result: the model\'s build() threw (model "build-throws", variant correct): the ring needs at least two nodes',
    );
  });
});

describe("a model whose init() gives nothing to check", () => {
  // Nothing was searched: bad input (exit 2, one line), though the result file still says why.
  it("says init() returned no state, without a constraint the model does not have", async () => {
    const run = await checkInProcess([fixture("empty-init.ts"), "--quiet"]);
    expectBadInput(run, "init() returned no state: nothing was checked");
    expect(run.stderr).not.toContain("constraint");
  });

  it("blames the constraint when the model has one and it excludes every initial state", async () => {
    const run = await checkInProcess([fixture("empty-init-constraint.ts"), "--quiet"]);
    expectBadInput(run, "init() returned 1 state, none inside the model's constraint");
  });

  it("says what init() returned when it is not an array, for search and random walks alike", async () => {
    for (const strategy of ["bfs", "random"]) {
      const run = await checkInProcess([fixture("init-not-array.ts"), "--quiet", "--strategy", strategy]);
      expectBadInput(run, "init() returned the number 0, not an array of initial states");
    }
  });

  it("still writes the result file, which names the model error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "empty-init-"));
    const file = join(dir, "result.json");
    const run = await checkInProcess([fixture("empty-init.ts"), "--quiet", "--json", file]);
    expect(run.exit).toBe(2);
    const json = JSON.parse(readFileSync(file, "utf8")) as { violation: { name: string } };
    expect(json.violation.name).toBe("no-initial-state");
    rmSync(dir, { recursive: true, force: true });
  });
});
