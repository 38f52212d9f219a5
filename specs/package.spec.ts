// The package as a user gets it: `npm pack` (whose prepack script compiles dist/), installed with
// vitest and TypeScript into a project outside the repository, whose own model files import the
// checker by its package name. Everything runs as the user would run it there: `npx check`, the
// installed bin, `npx vitest run`, `tsc`. Needs npm; the registry is asked only for what its cache
// lacks (--prefer-offline).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const NAME = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { name: string }).name;
const versionOf = (pkg: string) =>
  (JSON.parse(readFileSync(join(REPO, "node_modules", pkg, "package.json"), "utf8")) as { version: string })
    .version;

// The children run as in a user's shell: without the npm and vitest variables of this test run.
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(npm_|VITEST|NODE_OPTIONS$)/i.test(name)),
);
ENV.NO_COLOR = "1";

const npmVersion = spawnSync("npm", ["--version"], { env: ENV, encoding: "utf8" });
const HAS_NPM = npmVersion.status === 0;
if (!HAS_NPM) console.warn("specs/package.spec.ts: skipped, npm is not on PATH");

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env = ENV): Run {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The code blocks of the README's section on using the package: the model file, then its test. */
function readmeExample(): { model: string; test: string } {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Use it in your own project"));
  const blocks = [...section.slice(0, section.indexOf("\n## ", 1)).matchAll(/```ts\n([^]*?)```/g)];
  return { model: blocks[0]![1]!, test: blocks[1]![1]! };
}

// Counters that only go up: (max + 1)^n states in wide levels, large enough at the defaults that
// worker threads are ready long before the search ends, and at --n 9 for a Ctrl-C to land in it.
const COUNTERS_MODEL = `import { defineModel, intParam } from "${NAME}";

type State = readonly number[];

export const model = defineModel({
  name: "counters",
  family: "examples",
  description: "n counters that only go up, to max",
  params: { n: intParam({ min: 1, max: 9, default: 7 }), max: intParam({ min: 1, max: 9, default: 5 }) },
  build: ({ n, max }) => ({
    init: () => [Array.from({ length: n }, () => 0)],
    actions: () => Array.from({ length: n }, (_, i) => i),
    next: (s: State, i: number) => (s[i]! < max ? s.map((v, j) => (j === i ? v + 1 : v)) : null),
    terminal: (s: State) => s.every((v) => v === max),
    invariants: [{ name: "bounded", holds: (s: State) => s.every((v) => v <= max) }],
  }),
});
`;

const REPRODUCE_TEST = `import { expect, it } from "vitest";
import { expectModel } from "${NAME}/testing";
import twoInside from "./model.ts";

it("says how to reproduce a failure, naming this project's file", async () => {
  await expect(expectModel(twoInside, { variant: "no-limit" }).toHold()).rejects.toThrow(
    /^two-inside n=3, variant no-limit — reproduce: npx check \\.\\/model\\.ts --n 3 --variant no-limit\\n/,
  );
});
`;

// The package's types reach a user's tsc: a wrong declaration is an error there.
const TYPE_PROBE = `import { intParam } from "${NAME}";

export const wrong = () =>
  // @ts-expect-error min is a number
  intParam({ min: "one", max: 3, default: 1 });
`;

describe.skipIf(!HAS_NPM)(
  `the package installed in a project of its own${HAS_NPM ? "" : " (npm missing)"}`,
  () => {
    let work: string;
    let project: string;

    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), "check-package-"));
      const packed = run("npm", ["pack", "--pack-destination", work, "--silent"], REPO);
      expect(packed.code, packed.stderr).toBe(0);
      const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
      expect(tarball, packed.stdout).toBeDefined();

      project = join(work, "my-models");
      mkdirSync(project);
      writeFileSync(
        join(project, "package.json"),
        JSON.stringify({ name: "my-models", private: true, type: "module" }, null, 2),
      );
      const installed = run(
        "npm",
        [
          "install",
          "--save-dev",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          join(work, tarball!),
          `vitest@${versionOf("vitest")}`,
          `typescript@${versionOf("typescript")}`,
        ],
        project,
      );
      expect(installed.code, installed.stderr).toBe(0);
      const example = readmeExample();
      writeFileSync(join(project, "model.ts"), example.model);
      writeFileSync(join(project, "model.test.ts"), example.test);
      writeFileSync(join(project, "reproduce.test.ts"), REPRODUCE_TEST);
      writeFileSync(join(project, "type-probe.ts"), TYPE_PROBE);
      writeFileSync(join(project, "counters.ts"), COUNTERS_MODEL);
      writeFileSync(
        join(project, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            noEmit: true,
            allowImportingTsExtensions: true,
            skipLibCheck: false,
            types: [],
          },
        }),
      );
    }, 300_000);

    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it("ships compiled JavaScript with its types, and no TypeScript sources", () => {
      const installed = join(project, "node_modules", NAME);
      expect(existsSync(join(installed, "dist", "checker", "index.js"))).toBe(true);
      expect(existsSync(join(installed, "dist", "checker", "index.d.ts"))).toBe(true);
      expect(existsSync(join(installed, "dist", "checker", "testing.d.ts"))).toBe(true);
      expect(existsSync(join(installed, "checker"))).toBe(false);
    });

    it("checks a model file that imports the package by name: holds, exit 0", () => {
      const holds = run("npx", ["check", "./model.ts", "--quiet"], project);
      expect(holds.stderr).toBe("");
      expect(holds.code).toBe(0);
      expect(holds.stdout).toContain("✓ holds  7 distinct states");
    });

    it("a broken variant: exit 1, the file to reproduce it with, and the trace", () => {
      const broken = run("npx", ["check", "./model.ts", "--variant", "no-limit", "--quiet"], project);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain("✗ violated  invariant atMostTwo");
      expect(broken.stdout).toContain("reproduce: npx check ./model.ts --n 3 --variant no-limit\n");
      expect(broken.stdout).toMatch(
        /Trace: 4 states, a shortest one\n {2}1 {2}init\n[^]* {2}4 {2}enter\(who=2\)/,
      );
    });

    it("writes an HTML report from the installed package, its script bundled from the shipped sources", () => {
      const report = join(project, "report.html");
      const broken = run(
        "npx",
        ["check", "./model.ts", "--variant", "no-limit", "--quiet", "--html", report],
        project,
      );
      expect(broken.code).toBe(1);
      const html = readFileSync(report, "utf8");
      expect(html).toContain("atMostTwo");
      expect(html).toMatch(/<script>[^]{1000,}<\/script>/);
    });

    it("runs a registered model and lists the catalogue, from the compiled registry", () => {
      const registered = run("npx", ["check", "two-phase-commit", "--rm", "2", "--quiet"], project);
      expect(registered.code).toBe(0);
      expect(registered.stdout).toContain("✓ holds  56 distinct states");
      expect(run("npx", ["check", "--list"], project).stdout).toMatch(/^two-phase-commit {2}commit$/m);
    });

    it("check --all checks every configuration, here and in child processes", () => {
      for (const workers of ["1", "2"]) {
        const all = run("npx", ["check", "--all", "./model.ts", "--workers", workers, "--quiet"], project);
        expect(all.code, all.stderr).toBe(0);
        expect(all.stdout).toMatch(/✓ {2}two-inside {2}default .* holds /);
        expect(all.stdout).toMatch(/✓ {2}two-inside {2}crowded .* violates atMostTwo /);
        expect(all.stdout).toContain("all 2 configurations of 1 model matched their expected verdicts");
      }
    });

    it("searches with worker threads, which load the user's model and the compiled engine", () => {
      const result = join(work, "counters.json");
      const parallel = run(
        "npx",
        ["check", "./counters.ts", "--workers", "2", "--quiet", "--json", result],
        project,
      );
      expect(parallel.code, parallel.stderr).toBe(0);
      expect(parallel.stdout).toContain("searched by 2 worker threads");
      const json = JSON.parse(readFileSync(result, "utf8")) as {
        options: { workers: number };
        stats: { distinctStates: number };
      };
      expect(json.options.workers).toBe(2);
      expect(json.stats.distinctStates).toBe(6 ** 7);
    });

    it("runs the user's vitest suite with the helpers imported from the package", () => {
      const tests = run("npx", ["vitest", "run"], project);
      expect(tests.code, tests.stdout + tests.stderr).toBe(0);
      expect(tests.stdout).toMatch(/Test Files +2 passed \(2\)\n +Tests +5 passed \(5\)/);
    });

    it("type-checks the user's model and tests against the package's declarations", () => {
      const tsc = run("npx", ["tsc", "-p", "."], project);
      expect(tsc.stdout + tsc.stderr).toBe("");
      expect(tsc.code).toBe(0);
    });

    describe("Ctrl-C", () => {
      /** Starts `command` in a process group of its own, as a shell starts a foreground job. */
      function job(
        command: string,
        args: readonly string[],
        env = ENV,
      ): ChildProcess & { done: Promise<Run> } {
        const child = spawn(command, args, { cwd: project, env, detached: true });
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
        const done = new Promise<Run>((resolve) =>
          child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
        );
        return Object.assign(child, { done });
      }

      /** Waits for the first progress line, then sends SIGINT to the job's group, as the terminal does. */
      async function interrupt(command: string, args: readonly string[], env = ENV): Promise<Run> {
        const child = job(command, args, env);
        await new Promise<void>((resolve) => {
          const seen = (d: Buffer) => {
            if (!d.toString().includes("states/s")) return;
            child.stderr!.off("data", seen);
            resolve();
          };
          child.stderr!.on("data", seen);
        });
        process.kill(-child.pid!, "SIGINT");
        return child.done;
      }

      const search = (json: string) => ["./counters.ts", "--n", "9", "--workers", "1", "--json", json];

      function expectPartialResult(r: Run, json: string) {
        expect(r.stdout).toContain("… incomplete  interrupted before the search finished");
        expect(r.stderr).toContain("written to");
        const result = JSON.parse(readFileSync(json, "utf8")) as { verdict: string; limit: string };
        expect(result).toMatchObject({ verdict: "incomplete", limit: "interrupted" });
      }

      it("the installed bin exits 3 with what it found", async () => {
        const json = join(work, "bin.json");
        const r = await interrupt(join(project, "node_modules", ".bin", "check"), search(json));
        expectPartialResult(r, json);
        expect(r.code).toBe(3);
      });

      it("through npx the command still finishes; npm passes its status on unless its shell died of the signal", async () => {
        // npm forwards the SIGINT it got to the command, which also got the terminal's: one Ctrl-C.
        // Under a shell that runs the command in its place (bash), npx exits with the command's 3.
        if (existsSync("/bin/bash")) {
          const json = join(work, "npx-bash.json");
          const r = await interrupt("npx", ["check", ...search(json)], {
            ...ENV,
            npm_config_script_shell: "/bin/bash",
          });
          expectPartialResult(r, json);
          expect(r.code).toBe(3);
        }
        // Under dash (Debian's /bin/sh), the shell between npm and the command ends itself with the
        // SIGINT once the command is done, and npm then does the same: the shell sees 130.
        const json = join(work, "npx.json");
        const r = await interrupt("npx", ["check", ...search(json)]);
        expectPartialResult(r, json);
        const dash = spawnSync("sh", ["-c", "readlink -f /bin/sh"], { encoding: "utf8" }).stdout.includes(
          "dash",
        );
        if (dash) expect(r.signal).toBe("SIGINT");
        else expect(r.code).toBe(3);
      });
    });
  },
);
