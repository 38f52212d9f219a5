// The reproduce command is written from a resolved run (checker/pipeline/command.ts) and read back by
// the command line's parser (checker/cli/args.ts): for every registered configuration, and for
// generated requests, parsing the command it writes and resolving that again gives the same run.
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommand, parseRunArgs } from "../checker/cli/args.ts";
import {
  type ModelDefinition,
  type ParamSpec,
  type ResolvedRun,
  reproduceCommand,
  resolveRun,
  type RunRequest,
  variantNames,
} from "../checker/index.ts";
import { inCommandLineTerms } from "../checker/pipeline/command.ts";
import { models } from "../models/index.ts";

/** What a run is, beside how many threads search it (which changes how fast, not what it finds). */
function meaning(run: ResolvedRun) {
  return {
    model: run.definition.name,
    config: run.config?.name ?? null,
    variant: run.variant,
    params: run.paramsRead,
    strategy: run.strategy,
    maxStates: run.maxStates,
    maxDepth: run.maxDepth,
    timeLimitSeconds: run.timeLimitSeconds,
    memoryLimitBytes: run.memoryLimitBytes,
    checkDeadlock: run.checkDeadlock,
    por: run.por,
    symmetry: run.symmetry,
    liveness: run.liveness,
    audit: run.audit,
    fairness: run.fairness,
    walks: run.walks,
  };
}

/** The words a POSIX shell makes of a command line the writer produced (plain words and '…' quotes). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    words.push(match[1] !== undefined ? match[1].replaceAll(`'\\''`, "'") : match[2]!);
  }
  return words;
}

/** Parses the command as `check` would, and resolves what it asks for. */
function parsedBack(model: ModelDefinition, command: string): ResolvedRun {
  const words = shellWords(command);
  expect(words.slice(0, 2)).toEqual(["npx", "check"]);
  const argv = words.slice(2);
  const parsed = parseCommand(argv);
  if (parsed.kind !== "run") throw new Error(`not a run: ${command}`);
  expect(parsed.target).toBe(model.name);
  const args = parseRunArgs(parsed.raw, model.params, model.unsupportedOptions);
  return resolveRun(model, args.request);
}

function expectRoundTrip(model: ModelDefinition, run: ResolvedRun): string {
  const command = reproduceCommand(run, model.name);
  expect(meaning(parsedBack(model, command)), command).toEqual(meaning(run));
  return command;
}

describe("the reproduce command", () => {
  const configurations = models.flatMap((model) =>
    (model.configs ?? []).map((config) => [model.name, config.name, model] as const),
  );

  it.each(configurations)("resolves back to the same run: %s --config %s", (_, config, model) => {
    expectRoundTrip(model, resolveRun(model, { config }));
    expectRoundTrip(model, resolveRun(model, { config, strategy: "random", seed: 7 }));
  });

  it("covers every registered configuration", () => {
    expect(configurations.length).toBe(models.reduce((n, m) => n + (m.configs?.length ?? 0), 0));
    expect(configurations.length).toBeGreaterThan(50);
  });

  it("resolves back to the same run for generated requests", () => {
    fc.assert(
      fc.property(
        // Drawn by name, so that a counterexample reads as one.
        fc
          .constantFrom(...models.map((m) => m.name))
          .chain((name) => fc.tuple(fc.constant(name), requestFor(byName(name)))),
        ([name, request]) => {
          const model = byName(name);
          let run: ResolvedRun;
          try {
            run = resolveRun(model, request);
          } catch {
            // A request the checker refuses (a parameter of another variant, say) has no command.
            fc.pre(false);
            return;
          }
          expectRoundTrip(model, run);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("writes only what differs from what the configuration declares", () => {
    const model = models.find((m) => m.name === "two-phase-commit")!;
    const run = resolveRun(model, { config: "default", params: { rm: 2 }, por: true, liveness: true });
    expect(reproduceCommand(run, model.name)).toBe("npx check two-phase-commit --config default --rm 2");
    const limited = resolveRun(model, {
      maxStates: 10,
      maxDepth: 4,
      timeLimitSeconds: 1.5,
      memoryLimitBytes: 2 ** 29,
      checkDeadlock: false,
      audit: true,
    });
    expect(reproduceCommand(limited, model.name)).toBe(
      "npx check two-phase-commit --rm 3 --no-deadlock --por-audit --max-depth 4 --max-states 10 --time-limit 1.5 --memory-limit 512M",
    );
  });
});

describe("the engine's settings in the command line's words", () => {
  it.each([
    [
      "stopped at { maxStates: 10 }: the state space is larger",
      "stopped at --max-states 10: the state space is larger",
    ],
    ["turned off ({ por: false })", "turned off (--no-por)"],
    ["{ checkDeadlock: true } overrides it", "--deadlock overrides it"],
    ['{ params: { rm: "13" } } is not accepted', '--rm "13" is not accepted'],
    [
      '{ fairness: { delivery: "weak", timers: "none" } } does not go',
      "--fairness delivery=weak,timers=none does not go",
    ],
    ["stopped at { memoryLimitBytes: 314572800 }", "stopped at --memory-limit 300M"],
    ['{ strategy: "random" } walks', "--strategy random walks"],
    ["a { note: 1 } of the model's own is left alone", "a { note: 1 } of the model's own is left alone"],
  ])("%s", (engine, commandLine) => {
    expect(inCommandLineTerms(engine)).toBe(commandLine);
  });
});

function byName(name: string): ModelDefinition {
  return models.find((m) => m.name === name)!;
}

/** Requests over a model's own configurations, variants, parameters, fairness families and options. */
function requestFor(model: ModelDefinition): fc.Arbitrary<RunRequest> {
  const families = (resolveRun(model).machine.fairness ?? []).map((f: { name: string }) => f.name);
  const params = fc.record(
    Object.fromEntries(Object.entries(model.params).map(([name, spec]) => [name, paramValue(spec)])),
    { requiredKeys: [] },
  );
  const shared = {
    config: fc.constantFrom(...(model.configs ?? []).map((c) => c.name)),
    variant: fc.constantFrom(...variantNames(model)),
    params,
    maxDepth: fc.integer({ min: 1, max: 10_000 }),
    timeLimitSeconds: fc.oneof(
      fc.integer({ min: 1, max: 600 }),
      fc.double({ min: 0.01, max: 100, noNaN: true }),
    ),
    checkDeadlock: fc.boolean(),
  };
  const search = fc.record(
    {
      ...shared,
      strategy: fc.constantFrom("bfs" as const, "dfs" as const),
      maxStates: fc.integer({ min: 1, max: 10 ** 9 }),
      memoryLimitBytes: fc.oneof(
        fc.integer({ min: 1, max: 64 }).map((n) => n * 2 ** 20),
        fc.integer({ min: 2 ** 20, max: 2 ** 34 }),
      ),
      por: fc.boolean(),
      symmetry: fc.boolean(),
      liveness: fc.constant(true),
      audit: fc.boolean(),
      fairness: fc.dictionary(
        families.length ? fc.constantFrom(...families) : fc.constant("none-declared"),
        fc.constantFrom("weak" as const, "strong" as const, "none" as const),
        { maxKeys: families.length },
      ),
    },
    { requiredKeys: [] },
  );
  const walks = fc.record(
    {
      ...shared,
      strategy: fc.constant("random" as const),
      seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      runs: fc.integer({ min: 1, max: 10_000 }),
      path: fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 6 }).map((p) => p.join(":")),
    },
    { requiredKeys: ["strategy"] },
  );
  return fc.oneof(search, walks, fc.record({ liveness: fc.constant(false), por: fc.boolean() }));
}

function paramValue(spec: ParamSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case "int":
      return fc.integer({ min: spec.min, max: Math.min(spec.max, spec.min + 4) });
    case "bool":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...spec.values);
    case "string":
      return fc.constant(spec.default);
  }
}
