// The `check` command as a user runs it: exit codes, the one-line errors for bad input, the
// summary on stdout, and the JSON result file. Each case spawns the real command.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/check.mjs");

function check(...args: string[]) {
  return checkWith({}, ...args);
}

function checkWith(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
/** A user mistake: exit 2, exactly one line on stderr, no stack trace. */
function expectBadInput(run: ReturnType<typeof check>, mentions: string) {
  expect(run.code).toBe(2);
  const lines = run.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error\[[a-z-]+\]: /);
  expect(run.stderr).toContain(mentions);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe("check <model>", () => {
  it("writes what each step sent as the model writes its messages", () => {
    const run = check("ricart-agrawala", "--config", "tiebreak-bug", "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("sends REQUEST(ts=1, from=P0) → P1");
    expect(run.stdout).toContain("sends OK → P0");
  });

  it("writes the network as messages in flight, listing only what a step's action does not say", () => {
    const run = check("ricart-agrawala", "--config", "duplicated-ok", "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("in flight: nothing");
    // The duplicate is the one change to the network no action or send explains.
    expect(run.stdout).toMatch(/duplicate OK P1→P0 +\[network\]\n.*\n +in flight: \+ OK P1→P0\n/);
    expect(run.stdout).not.toContain("network[");
  });

  it("runs a configuration with the reductions it declares, unless a flag says otherwise", () => {
    const fixture = "specs/fixtures/declared-options.ts";
    const reduced = check(fixture, "--config", "reduced", "--quiet");
    expect(reduced.code).toBe(0);
    expect(reduced.stdout).toMatch(/symmetry reduction: \d+ successors replaced/);
    const plain = check(fixture, "--config", "reduced", "--no-symmetry", "--quiet");
    expect(plain.stdout).not.toContain("symmetry reduction:");
    // 6^4 + 4^4 + 2^4 states (specs/models/two-phase-commit.spec.ts).
    expect(plain.stdout).toContain("1,568 distinct states");
    const broken = check(fixture, "--config", "broken-reduced", "--quiet");
    expect(broken.code).toBe(1);
    // The configuration carries its variant and its symmetry, so the command needs no more.
    expect(broken.stdout).toContain(`reproduce: npx check ${fixture} --config broken-reduced\n`);
  });

  it("exits 0 and prints the verdict and counts when every property holds", () => {
    const run = check("two-phase-commit", "--rm", "2", "--quiet");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✓ holds");
    expect(run.stdout).toMatch(/distinct states/);
    expect(run.stdout).toContain("TCConsistent");
  });

  it("exits 1 on a violation, says how to reproduce it, and prints the trace", () => {
    const run = check("two-phase-commit", "--rm", "2", "--variant", "commit-without-votes", "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ violated  invariant TCConsistent");
    expect(run.stdout).toContain(
      "reproduce: npx check two-phase-commit --rm 2 --variant commit-without-votes",
    );
    expect(run.stdout).toMatch(/Trace: \d+ states, a shortest one/);
    expect(run.stdout).toContain("TMCommit");
  });

  it("exits 3 with the partial counts when a limit stops the search", () => {
    const run = check("two-phase-commit", "--rm", "4", "--max-states", "100", "--quiet");
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("incomplete");
    expect(run.stdout).toContain("--max-states 100");
  });

  it("stops near the heap limit with a partial result instead of dying out of memory", () => {
    const run = checkWith(
      { NODE_OPTIONS: "--max-old-space-size=128" },
      "two-phase-commit",
      "--rm",
      "9",
      "--workers",
      "1",
      "--quiet",
    );
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("stopped near the JavaScript heap limit");
    expect(run.stdout).toMatch(/[\d,]+ distinct states/);
  });

  it("stops at --memory-limit with a partial result, searching in parallel", () => {
    const run = check("two-phase-commit", "--rm", "9", "--memory-limit", "300M", "--workers", "2", "--quiet");
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("stopped at --memory-limit 300M");
    expect(run.stdout).toMatch(/[\d,]+ distinct states/);
  });

  it("runs a declared configuration", () => {
    const run = check("two-phase-commit", "--config", "abort-after-prepare", "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("config abort-after-prepare");
  });

  it("writes the result JSON of docs/architecture.md, with the trace's states in tagged JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "check-json-"));
    const file = join(dir, "out", "result.json");
    const run = check(
      "two-phase-commit",
      "--rm",
      "2",
      "--variant",
      "commit-without-votes",
      "--json",
      file,
      "--quiet",
    );
    expect(run.code).toBe(1);
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(json).toMatchObject({
      schema: 1,
      model: "two-phase-commit",
      params: { rm: 2 },
      config: null,
      options: { por: false, symmetry: false, strategy: "bfs", workers: 1 },
      verdict: "violated",
      violation: { kind: "invariant", name: "TCConsistent", loopStart: null },
    });
    expect(json.violation.trace[0]).toMatchObject({
      action: "init",
      state: { tmState: "init", msgs: { "#set": [] } },
    });
    for (const key of [
      "distinctStates",
      "generatedStates",
      "depth",
      "seconds",
      "statesPerSecond",
      "storeBytesPerState",
      "peakMemoryBytes",
    ]) {
      expect(typeof json.stats[key]).toBe("number");
    }
  });

  it("writes the counterexample in the Informal Trace Format with --itf", () => {
    const file = join(mkdtempSync(join(tmpdir(), "check-itf-")), "trace.itf.json");
    const run = check(
      "two-phase-commit",
      "--rm",
      "2",
      "--variant",
      "commit-without-votes",
      "--itf",
      file,
      "--quiet",
    );
    expect(run.code).toBe(1);
    const itf = JSON.parse(readFileSync(file, "utf8"));
    expect(itf["#meta"].format).toBe("ITF");
    expect(itf.vars).toEqual(["msgs", "rmState", "tmPrepared", "tmState"]);
    expect(itf.states.map((s: { "#meta": { action: string } }) => s["#meta"].action)).toEqual([
      "init",
      "TMCommit",
      "RMChooseToAbort(r1)",
      "RMRcvCommitMsg(r2)",
    ]);
    expect(itf.states[1].msgs).toEqual({ "#set": ["Commit"] });
  });

  it("loads a user's own model from a TypeScript file", () => {
    const dir = mkdtempSync(join(tmpdir(), "check-user-"));
    const file = join(dir, "light.ts");
    const api = resolve(import.meta.dirname, "../checker/index.ts");
    writeFileSync(
      file,
      `import { defineModel, intParam } from ${JSON.stringify(api)};
type S = { on: boolean; flips: number };
export default defineModel({
  name: "light", family: "mine", description: "a switch flipped a bounded number of times",
  params: { max: intParam({ min: 1, max: 9, default: 3 }) },
  build: ({ max }) => ({
    init: (): S[] => [{ on: false, flips: 0 }],
    actions: () => ["flip"],
    next: (s: S) => (s.flips < max ? { on: !s.on, flips: s.flips + 1 } : null),
    invariants: [{ name: "fewFlips", holds: (s: S) => s.flips < 3, explain: (s: S) => \`flipped \${s.flips} times\` }],
    terminal: (s: S) => s.flips === max,
  }),
});
`,
    );
    const run = check(file, "--max", "5", "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("invariant fewFlips: flipped 3 times");
    expect(run.stdout).toContain(`reproduce: npx check ${file} --max 5`);
  });
});

describe("check with reductions", () => {
  it("--symmetry: fewer states, the same verdict, the ledger in the summary and the JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "check-sym-"));
    const file = join(dir, "result.json");
    const run = check(
      "two-phase-commit",
      "--rm",
      "4",
      "--symmetry",
      "--por-audit",
      "--json",
      file,
      "--quiet",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /symmetry reduction: [\d,]+ successors replaced by their orbit's representative/,
    );
    expect(run.stdout).toContain("partial-order reduction off: the model declares no footprint()");
    expect(run.stdout).toContain("audit: the same verdict without reductions (holds, 1,568 distinct states)");
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(json.options).toMatchObject({ por: false, symmetry: true });
    // 166 orbits of the 1,568 states of --rm 4: counted by brute force in specs/symmetry.spec.ts.
    expect(json.stats.distinctStates).toBe(166);
    expect(json.stats.reductions.symmetry).toMatchObject({ active: true, approximate: 0 });
    expect(json.stats.reductions.partialOrder.active).toBe(false);
    expect(json.stats.reductions.audit).toMatchObject({ agrees: true, unreducedStates: 1568 });
  });

  it("shows a counterexample found on representatives as the concrete run, and reproduces it", () => {
    const run = check("two-phase-commit", "--rm", "4", "--variant", "commit-without-votes", "--symmetry");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "reproduce: npx check two-phase-commit --rm 4 --variant commit-without-votes --symmetry",
    );
    expect(run.stdout).toContain("Trace: 4 states, a shortest one");
  });

  it("refuses contradictory or meaningless reduction flags", () => {
    expectBadInput(
      check("two-phase-commit", "--por", "--no-por"),
      "--por and --no-por contradict each other",
    );
    expectBadInput(
      check("two-phase-commit", "--strategy", "random", "--symmetry"),
      "--symmetry does not go with --strategy random",
    );
    expectBadInput(check("--all", "--por-audit"), "--por-audit does not go with --all");
  });
});

describe("check --strategy random", () => {
  it("prints the seed first, shrinks a failing walk, and its reproduce command gives the same trace", () => {
    const run = check(
      "two-phase-commit",
      "--rm",
      "3",
      "--variant",
      "commit-without-votes",
      "--strategy",
      "random",
      "--seed",
      "42",
    );
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe("random simulation: seed 42, 1000 walks of at most 100 steps");
    const reproduce = /reproduce: npx check (.*)/.exec(run.stdout)![1]!;
    expect(reproduce).toMatch(/--strategy random --seed 42 --max-depth 100 --path [\d:]+$/);
    const again = check(...reproduce.split(" "), "--quiet");
    expect(again.code).toBe(1);
    const trace = (stdout: string) => stdout.slice(stdout.indexOf("Trace:"));
    expect(trace(again.stdout)).toBe(trace(run.stdout));
  });

  it("never says holds: walks that find nothing are an incomplete search (exit 3)", () => {
    const run = check(
      "two-phase-commit",
      "--rm",
      "3",
      "--strategy",
      "random",
      "--runs",
      "50",
      "--seed",
      "1",
      "--quiet",
    );
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("random simulation is not exhaustive");
  });

  it("refuses random-walk options without --strategy random, and a bad seed", () => {
    expectBadInput(check("two-phase-commit", "--seed", "3"), "--seed 3 goes with --strategy random");
    expectBadInput(
      check("two-phase-commit", "--strategy", "random", "--seed", "x"),
      '--seed "x" is not accepted',
    );
  });
});

describe("the README's example model", () => {
  it("holds as written, with the counts worked out by hand", () => {
    // nobody inside, or one of three holders: 4 states; 1 initial + 3 enters + 3 leaves = 7 generated
    const run = check("docs/examples/tiny-lock.ts", "--n", "3", "--quiet");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✓ holds  4 distinct states · 7 generated · depth 2");
  });
  it("its broken configuration is caught with a two-step trace", () => {
    const run = check("docs/examples/tiny-lock.ts", "--config", "broken", "--quiet");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("invariant mutualExclusion: P0 and P1 are both in the critical section");
    expect(run.stdout).toMatch(/enter\(P0\)[\s\S]*enter\(P1\)/);
  });
});

describe("bad input: one line, exit 2", () => {
  it("an unknown model, with the closest names", () => {
    expectBadInput(
      check("two-phase"),
      'unknown model "two-phase" (did you mean two-phase-commit or two-phase-commit-actors?)',
    );
    expectBadInput(check("ricart-agrawal"), 'unknown model "ricart-agrawal" (did you mean ricart-agrawala?)');
  });
  it("a parameter out of range", () => {
    expectBadInput(
      check("two-phase-commit", "--rm", "13"),
      '--rm "13" is not accepted: expected an integer from 1 to 12',
    );
  });
  it("a parameter that is not a number", () => {
    expectBadInput(check("two-phase-commit", "--rm", "three"), "expected an integer from 1 to 12");
  });
  it("an unknown parameter", () => {
    expectBadInput(
      check("two-phase-commit", "--nodes", "3"),
      "unknown option --nodes: this model's parameters are --rm",
    );
  });
  it("an unknown variant", () => {
    expectBadInput(
      check("two-phase-commit", "--variant", "nope"),
      'unknown variant "nope" for two-phase-commit: accepted correct',
    );
  });
  it("an unknown config", () => {
    expectBadInput(check("two-phase-commit", "--config", "nope"), 'unknown config "nope"');
  });
  it("an unreadable model file", () => {
    expectBadInput(check("./no/such/model.ts"), "cannot read model file ./no/such/model.ts");
  });
  it("a file that is not a model", () => {
    const dir = mkdtempSync(join(tmpdir(), "check-notmodel-"));
    const file = join(dir, "plain.ts");
    writeFileSync(file, "export const x = 1;\n");
    expectBadInput(check(file), "does not export a model");
  });
  it("a file that does not compile", () => {
    const dir = mkdtempSync(join(tmpdir(), "check-broken-"));
    const file = join(dir, "broken.ts");
    writeFileSync(file, "export default {{{;\n");
    expectBadInput(check(file), "cannot load model file");
  });
  it("a limit that is not a positive integer", () => {
    expectBadInput(check("two-phase-commit", "--max-states", "-5"), "--max-states");
  });
  it("a worker count or a memory limit that is no number of workers or no size", () => {
    expectBadInput(check("two-phase-commit", "--workers", "0"), "--workers");
    expectBadInput(check("two-phase-commit", "--memory-limit", "12X"), "--memory-limit");
    expectBadInput(check("two-phase-commit", "--memory-limit", "100"), "at least 1M");
  });
  it("a mistake in a model file outside this package: one line, not an internal error", () => {
    // Such a file gets its own copy of the checker's modules, so its CheckerError is not the CLI's.
    const dir = mkdtempSync(join(tmpdir(), "check-user-"));
    const file = join(dir, "pair.ts");
    const api = resolve(import.meta.dirname, "../checker/index.ts");
    writeFileSync(
      file,
      `import { defineActorModel } from ${JSON.stringify(api)};
const idle = { start: () => 0, onMessage: (l: number) => l };
export default defineActorModel({
  name: "pair", family: "mine", description: "two idle processes", params: {}, network: "fifo",
  build: () => ({
    processes: [{ id: "a", behaviour: idle }, { id: "b", behaviour: idle }],
    invariants: [], symmetric: ["a", "zz"], terminal: () => true,
  }),
});
`,
    );
    expectBadInput(
      check(file, "--symmetry"),
      "symmetric processes [a, zz]: zz not a process (processes: a, b)",
    );
  });
  it("no model at all", () => {
    expectBadInput(check(), "no model given");
  });
});

describe("check --list", () => {
  it("lists every model with parameters, variants and configurations", () => {
    const run = check("--list");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("two-phase-commit");
    expect(run.stdout).toContain("--rm  an integer from 1 to 12, default 3");
    expect(run.stdout).toContain("config commit-without-votes");
    // A configuration lists the parameters its variant reads, and the options it declares.
    expect(run.stdout).toContain("config tla: --acceptors 1 --values 1 --ballots 2 --variant tla → holds");
    expect(run.stdout).toMatch(/config large: --acceptors 3 --proposers 3 .* --symmetry → holds/);
  });
  it("--json gives the catalogue of docs/architecture.md", () => {
    const run = check("--list", "--json");
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout);
    const tpc = list.find((m: { name: string }) => m.name === "two-phase-commit");
    expect(tpc.family).toBe("commit");
    expect(tpc.params).toEqual([
      { name: "rm", type: "int", min: 1, max: 12, default: 3, description: "number of resource managers" },
    ]);
    expect(tpc.variants[0]).toEqual({ name: "correct" });
    expect(tpc.configs).toContainEqual({
      name: "commit-without-votes",
      params: { rm: 3 },
      variant: "commit-without-votes",
      expect: { verdict: "violated", violates: "TCConsistent" },
    });
    const lamport = list.find((m: { name: string }) => m.name === "mutex-lamport");
    expect(lamport.configs).toContainEqual(
      expect.objectContaining({
        name: "large",
        params: expect.objectContaining({ n: 3, entries: 1 }),
        options: { liveness: false },
      }),
    );
  });
});
