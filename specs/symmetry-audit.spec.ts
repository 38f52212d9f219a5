// Symmetry reduction never turns a wrong symmetry declaration into a wrong verdict: an invariant
// that names one of the interchangeable elements, or a permutation that is no automorphism of the
// model, stops the reduced search with a model error that names the cause, on one thread and on
// two, through checkModel, the test helpers and the command line. Sound declarations (every
// registered model's, checked in specs/symmetry.spec.ts and specs/reductions.spec.ts) still hold.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkModel, type CheckResult } from "../checker/index.ts";
import { expectModel } from "../checker/testing.ts";
import { instantiate } from "../checker/model/define.ts";
import { brokenSymmetryOn } from "../checker/reductions/symmetry-audit.ts";
import { tokenActors, tokenGuarded, tokenWrongPermutation } from "./fixtures/symmetry-traps.ts";

const TRAPS = new URL("./fixtures/symmetry-traps.ts", import.meta.url);
const TRAP_FILE = fileURLToPath(new URL("./fixtures/symmetry-trap-actors.ts", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/check.mjs", import.meta.url));
const HANDOVER = { states: 1, waitForWorkers: true } as const;

function modelError(result: CheckResult): { name: string; message: string } {
  expect(result.verdict).toBe("violated");
  if (result.verdict !== "violated") throw new Error("unreachable");
  expect(result.violation.kind).toBe("model-error");
  return result.violation;
}

describe("an invariant that names one of the interchangeable elements", () => {
  it.each([
    ["actors", tokenActors, "p0NeverHolds"],
    ["guarded actions", tokenGuarded, "client2NeverHolds"],
  ] as const)("%s: violated without symmetry, an error naming it with symmetry", async (_, model, name) => {
    const plain = await checkModel(model, { symmetry: false });
    expect(plain.verdict === "violated" && plain.violation.name).toBe(name);

    const reduced = modelError(await checkModel(model, { symmetry: true }));
    expect(reduced.name).toBe("asymmetric-invariant");
    expect(reduced.message).toContain(`invariant ${name} is false in`);
    expect(reduced.message).toContain("({ symmetry: false })");
  });

  it("is an error with two workers too", async () => {
    for (const model of [tokenActors, tokenGuarded]) {
      const result = await checkModel(model, {
        symmetry: true,
        workers: 2,
        modelModule: TRAPS.href,
        handover: HANDOVER,
      });
      expect(modelError(result).name).toBe("asymmetric-invariant");
    }
  });

  it("fails expectModel(…).toViolate under symmetry, saying why", async () => {
    await expect(expectModel(tokenActors, { symmetry: true }).toViolate("p0NeverHolds")).rejects.toThrow(
      /asymmetric-invariant/,
    );
    await expect(expectModel(tokenActors, { symmetry: true }).toHold()).rejects.toThrow(
      /asymmetric-invariant/,
    );
  });

  it("exits 1 on the command line with the invariant named, never 0", () => {
    const run = spawnSync(process.execPath, [BIN, TRAP_FILE, "--symmetry", "--quiet"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("asymmetric-invariant");
    expect(run.stdout).toContain("p0NeverHolds");
    expect(run.stdout).not.toContain("✓ holds");
  });
});

describe("a permutation that is not an automorphism of the model", () => {
  it("holds without symmetry, and is reported as a broken symmetry with it, naming the law", async () => {
    expect((await checkModel(tokenWrongPermutation, { symmetry: false })).verdict).toBe("holds");
    const reduced = modelError(await checkModel(tokenWrongPermutation, { symmetry: true }));
    expect(reduced.name).toBe("broken-symmetry");
    expect(reduced.message).toMatch(/next\(permute\(s, p\), .*\) is not permute\(next\(s, .*\), p\)/);
    expect(reduced.message).not.toMatch(/not deterministic/);
  });

  it("is named as the cause when a trace found under it does not replay", () => {
    const { machine } = instantiate(tokenWrongPermutation, {});
    const start = machine.init();
    const after = machine.next(start[0]!, { kind: "request", client: 0 })!;
    expect(brokenSymmetryOn(machine, [start[0]!, after])).toMatch(
      /declared symmetry of clients does not hold/,
    );
    const { machine: sound } = instantiate(tokenGuarded, {});
    expect(brokenSymmetryOn(sound, [sound.init()[0]!])).toBeNull();
  });
});
