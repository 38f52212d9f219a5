// Parallel breadth-first search against one thread: the same verdicts, the same counts (distinct
// states, generated states, depth) where the property holds, and counterexamples no longer, on
// generated models and on the registered ones. The workers are made to take over from the first
// level (`handover`), so that even tiny models are searched by them.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { type CheckRequest, type CheckResult, checkModel, type ModelDefinition } from "../checker/index.ts";
import { loadModel } from "../checker/cli/load-model.ts";
import { models } from "../models/index.ts";
import { GENERATED_MODULE, generatedCases } from "./fixtures/generated-models.ts";
import { IDENTITY_MODULE, identityModel } from "./fixtures/identity-model.ts";
import { RECORD_MODULE, recordModel } from "./fixtures/record-model.ts";

const REGISTRY = new URL("../models/index.ts", import.meta.url).href;
const HANDOVER = { states: 1, waitForWorkers: true } as const;

function outcome(result: CheckResult) {
  return result.verdict === "violated"
    ? { verdict: result.verdict, traceLength: result.violation.trace.length }
    : {
        verdict: result.verdict,
        distinct: result.stats.distinctStates,
        generated: result.stats.generatedStates,
        depth: result.stats.depth,
      };
}

async function compare(definition: ModelDefinition, module: string, request: CheckRequest) {
  const one = await checkModel(definition, { ...request, workers: 1 });
  const two = await checkModel(definition, {
    ...request,
    workers: 2,
    modelModule: module,
    handover: HANDOVER,
  });
  return { one, two };
}

function expectAlike(one: CheckResult, two: CheckResult) {
  expect(two.options.workers, two.options.workersNote).toBe(2);
  const a = outcome(one);
  const b = outcome(two);
  expect(b.verdict).toBe(a.verdict);
  if (a.verdict === "violated") expect(b.traceLength).toBeLessThanOrEqual(a.traceLength!);
  else expect(b).toEqual(a);
}

describe("parallel search on generated models", () => {
  it.each(generatedCases.map((c) => [c.definition.name, c] as const))(
    "%s: the same outcome with two workers as with one",
    async (name, testCase) => {
      const { one, two } = await compare(testCase.definition, GENERATED_MODULE, {
        params: testCase.params,
        // Half the cases look for deadlocks too.
        checkDeadlock: name.length % 2 === 0,
        por: false,
        liveness: false,
        symmetry: name.startsWith("symmetric"),
      });
      expectAlike(one, two);
    },
  );
});

describe("parallel search on the registered models", () => {
  const runs: [string, Record<string, unknown>, string | undefined][] = [
    ["two-phase-commit", { rm: 5 }, undefined],
    ["two-phase-commit", { rm: 4 }, "commit-without-votes"],
    ["ricart-agrawala", { n: 3 }, undefined],
    ["chang-roberts", { n: 5 }, undefined],
    ["mutex-lamport", { n: 2 }, undefined],
    ["mutex-lamport", { n: 2 }, "head-only"],
    ["two-phase-commit-actors", {}, undefined],
  ];
  it.each(runs)("%s %j %s", async (name, params, variant) => {
    const definition = models.find((m) => m.name === name)!;
    const { one, two } = await compare(definition, REGISTRY, {
      params,
      ...(variant === undefined ? {} : { variant }),
      por: false,
      liveness: false,
    });
    expectAlike(one, two);
  });
});

describe("a frontier spilled to disk", () => {
  it("gives the same search as one kept in memory", async () => {
    const definition = models.find((m) => m.name === "two-phase-commit")!;
    const one = await checkModel(definition, { params: { rm: 6 }, workers: 1 });
    const spilled = await checkModel(definition, {
      params: { rm: 6 },
      workers: 2,
      modelModule: REGISTRY,
      // Chunks of 4 KiB, each spilled when full: most of every level goes through files.
      handover: { ...HANDOVER, spillAboveBytes: 0, chunkBytes: 4096 },
    });
    expectAlike(one, spilled);
  });
});

describe("when a search stays on one thread", () => {
  it("says why: partial-order reduction, liveness, depth-first search, no module", async () => {
    const definition = models.find((m) => m.name === "chang-roberts")!;
    const por = await checkModel(definition, { workers: 2, modelModule: REGISTRY, liveness: false });
    expect(por.options).toMatchObject({ workers: 1, workersNote: expect.stringContaining("partial-order") });
    const live = await checkModel(definition, { workers: 2, modelModule: REGISTRY, por: false });
    expect(live.options.workersNote).toContain("liveness");
    const dfs = await checkModel(definition, {
      workers: 2,
      modelModule: REGISTRY,
      strategy: "dfs",
      liveness: false,
    });
    expect(dfs.options.workersNote).toContain("depth-first");
    const noModule = await checkModel(definition, { workers: 2, por: false, liveness: false });
    expect(noModule.options.workersNote).toContain("module");
  });

  it("stops with one clear error when a later state cannot cross threads", async () => {
    const one = await checkModel(recordModel, {});
    expect(one.stats.distinctStates).toBe(21);
    const run = checkModel(recordModel, { workers: 2, modelModule: RECORD_MODULE, handover: HANDOVER });
    await expect(run).rejects.toMatchObject({
      code: "bad-state-value",
      message: expect.stringMatching(/cannot be sent between threads .*Record.*\{ workers: 1 \}/),
    });
  });

  it("refuses a model whose actions compare objects by identity, which copies in workers break", async () => {
    const result = await checkModel(identityModel, {
      workers: 2,
      modelModule: IDENTITY_MODULE,
      handover: HANDOVER,
    });
    expect(result.verdict).toBe("holds");
    expect(result.options.workers).toBe(1);
    expect(result.options.workersNote).toContain("behaves differently on copies");
    expect(result.stats.distinctStates).toBe(4);
  });

  it("loads a user's model file from outside any package in the workers too", async () => {
    // A .ts file with no package.json declaring "type": "module" above it: the main thread loads it
    // as an ES module, and so must every worker, or the search silently stays on one thread.
    const dir = mkdtempSync(join(tmpdir(), "user-model-"));
    try {
      const checker = new URL("../checker/index.ts", import.meta.url).href;
      const file = join(dir, "counter.ts");
      writeFileSync(
        file,
        `import { defineModel, intParam } from ${JSON.stringify(checker)};
export default defineModel({
  name: "counter", family: "user", description: "two counters up to a bound",
  params: { n: intParam({ min: 1, max: 50, default: 6, description: "bound" }) },
  build: ({ n }) => ({
    init: () => [{ a: 0, b: 0 }],
    actions: () => ["a", "b"] as const,
    next: (s: { a: number; b: number }, x: "a" | "b") =>
      s[x] < n ? { ...s, [x]: s[x] + 1 } : null,
    invariants: [],
  }),
});
`,
      );
      const definition = await loadModel(file, []);
      const { one, two } = await compare(definition, pathToFileURL(file).href, { params: { n: 6 } });
      expectAlike(one, two);
      expect(two.stats.distinctStates).toBe(49);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
