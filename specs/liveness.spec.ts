// Liveness end to end: fixtures whose lassos are known by hand — a real loop, an infinite stutter
// where nothing fair is enabled, a cycle fair under weak but not strong fairness — checked through
// checkModel (replayed, re-checked lassos with loopStart) and through the command line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  alwaysEventually,
  type CheckResult,
  checkModel,
  defineModel,
  eventually,
  eventuallyAlways,
  type Fairness,
  leadsTo,
  type LivenessProperty,
  stronglyFair,
  weaklyFair,
} from "../checker/index.ts";

const BIN = resolve(import.meta.dirname, "../bin/check.mjs");

type Ring = { readonly x: number };

/** x goes round 0 → 1 → 2 → 0 by one action, `step`. */
const ring = (liveness: LivenessProperty<Ring>[], fairness: Fairness<"step">[] = [weaklyFair("step")]) =>
  defineModel({
    name: "ring",
    family: "fixtures",
    description: "a counter that goes round forever",
    params: {},
    build: () => ({
      init: () => [{ x: 0 }],
      actions: () => ["step"] as const,
      next: (s: Ring) => ({ x: (s.x + 1) % 3 }),
      invariants: [],
      liveness,
      fairness,
    }),
  });

function lasso(result: CheckResult) {
  expect(result.verdict).toBe("violated");
  if (result.verdict !== "violated") throw new Error("no violation");
  expect(result.violation.kind).toBe("liveness");
  const loopStart = result.violation.loopStart;
  if (loopStart === null) throw new Error("no loop");
  return { ...result.violation, loopStart, xs: result.violation.trace.map((s) => (s.state as Ring).x) };
}

describe("liveness on a ring of three states", () => {
  it("holds: x is 0 again and again, and x = 1 leads to x = 2", async () => {
    const result = await checkModel(
      ring([
        alwaysEventually("zeroAgain", (s) => s.x === 0),
        leadsTo(
          "oneThenTwo",
          (s) => s.x === 1,
          (s) => s.x === 2,
        ),
      ]),
    );
    expect(result.verdict).toBe("holds");
    expect(result.options.liveness).toEqual(["zeroAgain", "oneThenTwo"]);
    expect(result.options.fairness).toEqual({ step: "weak" });
  });

  it("x = 3 never happens: the lasso is the ring itself, closed back to its start", async () => {
    const v = lasso(await checkModel(ring([eventually("reachesThree", (s) => s.x === 3)])));
    expect(v.name).toBe("reachesThree");
    expect(v.loopStart).toBe(0);
    expect(v.xs).toEqual([0, 1, 2, 0]);
    expect(v.message).toContain("a loop of 3 steps that repeats forever");
  });

  it("x is not 0 forever after: the loop passes through a state with x ≠ 0", async () => {
    const v = lasso(await checkModel(ring([eventuallyAlways("settlesAtZero", (s) => s.x === 0)])));
    expect(v.xs.slice(v.loopStart)).toEqual([0, 1, 2, 0]);
  });

  it("without fairness nothing is forced: the behaviour may stutter at the start forever", async () => {
    const v = lasso(await checkModel(ring([eventually("reachesOne", (s) => s.x === 1)], [])));
    expect(v.xs).toEqual([0]);
    expect(v.loopStart).toBe(0);
    expect(v.message).toContain("stuck here forever");
    expect(v.message).toContain("no fairness");
  });

  it("reductions are off for liveness, and say so; --no-liveness turns the check off", async () => {
    const model = ring([eventually("reachesThree", (s) => s.x === 3)]);
    const result = await checkModel(model, { symmetry: true });
    expect(result.options.por).toBe(false);
    expect(result.stats.reductions.partialOrder).toMatchObject({ active: false });
    const safetyOnly = await checkModel(model, { liveness: false });
    expect(safetyOnly.verdict).toBe("holds");
    expect(safetyOnly.options.liveness).toBeUndefined();
  });
});

// A light that `toggle` switches on and off forever, and `use`, enabled only while it is on, that
// sets `used`. Under weak fairness of `use` the behaviour may toggle forever without using the
// light (use is never *continuously* enabled); under strong fairness it may not.
type Light = { readonly on: boolean; readonly used: boolean };
const light = (useFairness: "weak" | "strong") =>
  defineModel({
    name: "light",
    family: "fixtures",
    description: "an action enabled only now and then",
    params: {},
    build: () => ({
      init: () => [{ on: false, used: false }],
      actions: () => ["toggle", "use"] as const,
      next: (s: Light, a: "toggle" | "use") =>
        a === "toggle" ? { ...s, on: !s.on } : s.on && !s.used ? { ...s, used: true } : null,
      invariants: [],
      liveness: [eventually("used", (s: Light) => s.used)],
      fairness: [
        weaklyFair<"toggle" | "use">("toggle", (a) => (a === "toggle" ? "toggle" : null)),
        (useFairness === "weak" ? weaklyFair : stronglyFair)<"toggle" | "use">("use", (a) =>
          a === "use" ? "use" : null,
        ),
      ],
    }),
  });

describe("weak and strong fairness", () => {
  it("weak fairness of an intermittently enabled action allows it never to be taken", async () => {
    const v = lasso(await checkModel(light("weak")));
    const loop = v.trace.slice(v.loopStart + 1).map((s) => s.label);
    expect(loop.every((label) => label.startsWith("toggle"))).toBe(true);
    expect(loop.length).toBeGreaterThan(0);
  });

  it("strong fairness forces it", async () => {
    expect((await checkModel(light("strong"))).verdict).toBe("holds");
  });

  it("--fairness overrides the model's declaration", async () => {
    expect((await checkModel(light("weak"), { fairness: { use: "strong" } })).verdict).toBe("holds");
    await expect(checkModel(light("weak"), { fairness: { nosuch: "weak" } })).rejects.toThrow(
      "declares no fairness named nosuch (it declares toggle, use)",
    );
  });
});

// A request that is granted only if `grant` happens before `close`; after `close` nothing is
// enabled, so a behaviour that closes first stops there forever with the request pending.
type Desk = { readonly asked: boolean; readonly granted: boolean; readonly closed: boolean };
const desk = defineModel({
  name: "desk",
  family: "fixtures",
  description: "a request that may be left pending",
  params: {},
  build: () => ({
    init: () => [{ asked: false, granted: false, closed: false }],
    actions: () => ["ask", "grant", "close"] as const,
    next: (s: Desk, a: "ask" | "grant" | "close") => {
      if (s.closed) return null;
      if (a === "ask") return s.asked ? null : { ...s, asked: true };
      if (a === "grant") return s.asked && !s.granted ? { ...s, granted: true } : null;
      return { ...s, closed: true };
    },
    invariants: [],
    liveness: [
      leadsTo(
        "askedIsGranted",
        (s: Desk) => s.asked,
        (s: Desk) => s.granted,
        { explain: () => "the request is never granted" },
      ),
    ],
    fairness: [weaklyFair("next")],
  }),
});

describe("leads-to and the stutter at an end state", () => {
  it("a state with nothing enabled is stuck there forever, the lasso loops on it", async () => {
    const result = await checkModel(desk, { checkDeadlock: false });
    const v = lasso(result);
    expect(v.name).toBe("askedIsGranted");
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.trace.map((s) => s.label)).toEqual(["init", "ask", "close"]);
    expect(v.message).toMatch(/^the request is never granted — stuck here forever/);
  });

  it("with the deadlock check on, the end state is a deadlock first", async () => {
    const result = await checkModel(desk);
    expect(result.verdict === "violated" && result.violation.kind).toBe("deadlock");
  });
});

describe("liveness on the command line", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, "specs/fixtures/liveness-ring.ts", ...args], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });

  it("marks where the loop starts and where it goes back to, and writes loopStart", () => {
    const dir = mkdtempSync(join(tmpdir(), "check-liveness-"));
    const file = join(dir, "result.json");
    const out = run("--json", file);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(
      "✗ violated  liveness (reachesThree): x goes round without reaching 3 (from 0)",
    );
    expect(out.stdout).toContain("Trace: 4 states, a lasso: its loop from state 1 repeats forever");
    expect(out.stdout).toContain("↻ the loop starts here: the steps below repeat forever");
    expect(out.stdout).toContain("↩ back to state 1, and round again");
    expect(out.stdout).toContain("partial-order reduction off: liveness properties are checked");
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(json.violation).toMatchObject({ kind: "liveness", name: "reachesThree", loopStart: 0 });
    expect(json.violation.trace).toHaveLength(4);
    expect(json.options.fairness).toEqual({ step: "weak" });
  });

  it("says a stutter is stuck there forever; --fairness and --no-liveness change what is checked", () => {
    const stutter = run("--fair", "false");
    expect(stutter.status).toBe(1);
    expect(stutter.stdout).toContain("⟳ stuck here forever: no step that fairness forces is enabled");
    expect(run("--fairness", "step=none").stdout).toContain("⟳ stuck here forever");
    const safetyOnly = run("--no-liveness");
    expect(safetyOnly.status).toBe(0);
    expect(safetyOnly.stdout).toContain("not checked in this run: reachesThree (liveness)");
    expect(run("--strategy", "random", "--runs", "5").stdout).toContain(
      "not checked in this run: reachesThree (liveness)",
    );
    const bad = run("--fairness", "step=sometimes");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("expected NAME=weak|strong|none");
  });
});
