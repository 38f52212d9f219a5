// two-phase-commit-actors: its declared configurations, counts cross-checked between strategies
// and against a hand count, every fault kind seen in a trace, its broken variant caught with
// real deliveries, and liveness: every live RM decides, except when the TM crashes between the
// phases.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import {
  type CheckResult,
  checkModel,
  inFlight,
  instantiate,
  type Invariant,
  type ModelDefinition,
} from "../../checker/index.ts";
import model, { type State } from "../../models/commit/two-phase-commit-actors.ts";

/** The model with its invariants replaced, to ask the search one precise question. */
function withInvariants(
  invariants: (original: readonly Invariant<State>[]) => readonly Invariant<State>[],
): ModelDefinition {
  const probe: typeof model = {
    ...model,
    build(params, variant) {
      const machine = model.build(params, variant);
      return { ...machine, invariants: invariants(machine.invariants) };
    },
  };
  return probe;
}

const labels = (result: Awaited<ReturnType<typeof checkModel>>) =>
  result.verdict === "violated" ? result.violation.trace.map((step) => step.label) : [];

/** The violation of a liveness property, with its loop's start and the state the loop starts at. */
function lasso(result: CheckResult) {
  expect(result.verdict).toBe("violated");
  if (result.verdict !== "violated") throw new Error(`expected a violation, got ${result.verdict}`);
  const v = result.violation;
  expect(v.kind).toBe("liveness");
  if (v.loopStart === null) throw new Error("a liveness violation without a loop");
  return { ...v, loopStart: v.loopStart, at: v.trace[v.loopStart]!.state as State };
}

/** The kinds of the steps enabled in `state`. */
function enabledKinds(params: Record<string, unknown>, state: State): string[] {
  const { machine } = instantiate(model, params);
  return machine
    .actions(state)
    .filter((a) => machine.next(state, a) !== null)
    .map((a) => (a as { kind: string }).kind);
}

describe("two-phase-commit-actors", () => {
  it("with one RM and no faults has the 41 states counted by hand", async () => {
    // TM: u (undecided, "timeout" armed), c, a. r1: W (working), W* (vote timers armed), P (voted
    // YES, in doubt; P+ with "ask" armed), N (voted NO), A (aborted before voting), Ay (voted YES,
    // then aborted), C. Each state as (r1, messages in flight):
    //   TM undecided, 6: (W,{PREPARE}) (W*,{}) (N,{NO}), and r1 in doubt with its YES in flight and
    //     its ask cycle at one of three stages: (P+,{YES}) (P,{YES,ASK}) (P,{YES,WAIT})
    //   TM committed (the YES arrived: with one RM that is every vote), 8: (P+,{COMMIT})
    //     (P,{COMMIT,ASK}) (P,{COMMIT,WAIT}) (P,{COMMIT,COMMIT}: the ASK answered), then C with
    //     nothing, ASK, WAIT or COMMIT left in flight (4)
    //   TM aborted (its timeout, or the NO), 27:
    //     r1 never voted, 4: (W,{PREPARE,ABORT}) (W*,{ABORT}) (A,{PREPARE}) (A,{})
    //     r1 voted NO, 4: N with {NO,ABORT}, {NO}, {ABORT} or {}
    //     r1 voted YES, in doubt, 8: the broadcast ABORT in flight; its YES in flight or answered by
    //       an ABORT (2); its ask cycle at "ask" armed, ASK, WAIT, or ASK answered by an ABORT (4)
    //     r1 voted YES, aborted, 11: left in flight, the YES, its answer or nothing (3), and an ASK,
    //       a WAIT, an answer to ASK or nothing (4), less one: the answer to YES alone and the answer
    //       to ASK alone are the same network {ABORT}
    //   6 + 8 + 27 = 41. The deepest, (a, Ay, {WAIT}) at depth 9: PREPARE delivered, vote-yes, ask,
    //   ASK delivered (WAIT sent), timeout, YES delivered (ABORT sent), two ABORTs delivered.
    const bfs = await checkModel(model, { params: { rm: 1 } });
    const dfs = await checkModel(model, { params: { rm: 1 }, strategy: "dfs" });
    expect(bfs.verdict).toBe("holds");
    expect(bfs.stats).toMatchObject({ distinctStates: 41, generatedStates: 70, depth: 9 });
    expect(dfs.stats).toMatchObject({ distinctStates: 41, generatedStates: 70 });
  });

  it.each(model.configs ?? [])(
    "config $name gives its expected verdict and pinned counts",
    async (config) => {
      await expectModel(model).toMatchExpectation(config.name);
      if (config.expect.verdict !== "holds") return;
      // Every holding configuration is pinned, and its pins hold under DFS too.
      expect(config.expect.states).toBeDefined();
      expect(config.expect.depth).toBeDefined();
      const bfs = await checkModel(model, { config: config.name });
      const dfs = await checkModel(model, { config: config.name, strategy: "dfs" });
      expect(dfs.verdict).toBe("holds");
      expect(dfs.stats.distinctStates).toBe(bfs.stats.distinctStates);
      expect(dfs.stats.generatedStates).toBe(bfs.stats.generatedStates);
    },
  );

  it("measures messages per transaction: 2N at least (a timeout's ABORTs), unbounded by an RM's ASK and WAIT", async () => {
    for (const rm of [1, 2, 3]) {
      const result = await checkModel(model, { params: { rm }, liveness: false });
      const m = result.measures!.find((x) => x.name === "messagesPerTransaction")!;
      expect(m.min?.value).toBe(2 * rm);
      const sent = (trace: NonNullable<typeof m.min>["witness"]["trace"]) => [
        ...trace[0]!.event!.inFlight.map((e) => e.message),
        ...trace.slice(1).flatMap((step) => step.event!.sent.map((e) => e.message)),
      ];
      // The cheapest transaction: the TM times out before any vote and aborts everyone.
      expect(sent(m.min!.witness.trace).sort()).toEqual([
        ...Array(rm).fill("ABORT"),
        ...Array(rm).fill("PREPARE"),
      ]);
      expect(m.max?.value).toBe("unbounded");
      const { trace, loopStart } = m.max!.witness;
      const loop = trace.slice(loopStart! + 1);
      expect(loop.map((step) => step.label).some((label) => label.startsWith("deliver ASK"))).toBe(true);
      expect(loop.flatMap((step) => step.event!.sent.map((e) => e.message))).toContain("WAIT");
      expect(
        loop.every((step) => ((step.state as State).locals[0] as { decision: unknown }).decision === null),
      ).toBe(true);
    }
  });

  it("commit-on-first-yes commits r1 on its own vote, by real deliveries", async () => {
    const result = await checkModel(model, { config: "commit-on-first-yes" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.message).toContain("r1 committed but r2 has not voted");
    expect(result.violation.faults).toEqual({});
    expect(labels(result)).toEqual([
      "init",
      "deliver PREPARE TM→r1",
      "timer vote-yes at r1",
      "deliver YES r1→TM",
      "deliver COMMIT TM→r1",
    ]);
  });

  it("commit-on-first-yes breaks atomicity once the other RM votes NO", async () => {
    const atomicityOnly = withInvariants((all) => all.filter((i) => i.name === "atomicity"));
    const result = await checkModel(atomicityOnly, { config: "commit-on-first-yes" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.name).toBe("atomicity");
    expect(result.violation.message).toContain("r2 committed while r1 aborted");
    expect(result.violation.faults).toEqual({});
    expect(labels(result)).toEqual([
      "init",
      "deliver PREPARE TM→r1",
      "deliver PREPARE TM→r2",
      "timer vote-no at r1",
      "timer vote-yes at r2",
      "deliver YES r2→TM",
      "deliver COMMIT TM→r2",
    ]);
  });

  it("a crash of the TM between the phases blocks an RM that voted YES", async () => {
    const result = await checkModel(model, { config: "coordinator-crash-blocks" });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.kind).toBe("deadlock");
    expect(result.violation.faults).toEqual({ crash: 1 });
    expect(labels(result)).toContain("crash TM");
    const last = result.violation.trace.at(-1)!.state as State;
    expect(last.up[0]).toBe(false);
    expect(last.locals.slice(1)).toContainEqual({ vote: "yes", outcome: null });
  });

  it("two lost messages can strand an RM, and the trace names both drops", async () => {
    const result = await checkModel(model, { params: { rm: 1, drop: 2 } });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.kind).toBe("deadlock");
    expect(result.violation.faults).toEqual({ drop: 2 });
    // The TM times out and both messages to r1 are lost: r1 waits for a PREPARE that never comes.
    expect(labels(result)).toEqual(["init", "timer timeout at TM", "drop PREPARE TM→r1", "drop ABORT TM→r1"]);
  });

  it("a duplicated vote appears in a trace under its label", async () => {
    // r1 sends YES once, so two copies in flight can only come from the network.
    const probe = withInvariants((all) => [
      ...all,
      {
        name: "oneYesInFlight",
        holds: (s) => inFlight(s).filter((e) => e.message === "YES").length <= 1,
      },
    ]);
    const result = await checkModel(probe, { params: { rm: 1, duplicate: 1 } });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.name).toBe("oneYesInFlight");
    expect(result.violation.faults).toEqual({ duplicate: 1 });
    expect(labels(result)).toEqual([
      "init",
      "deliver PREPARE TM→r1",
      "timer vote-yes at r1",
      "duplicate YES r1→TM",
    ]);
  });

  it("a crashed RM restarts from its log under its label", async () => {
    // An RM that restarts without having voted aborts on its own; otherwise an RM that never voted
    // aborts only on the TM's ABORT, so "aborted, no vote, TM undecided" needs "crash r1" and
    // "restart r1".
    const probe = withInvariants((all) => [
      ...all,
      {
        name: "abortsOnlyOnDecision",
        holds: (s) => {
          const [tm, r1] = s.locals;
          const undecided = tm !== undefined && "decision" in tm && tm.decision === null;
          const abortedUnvoted =
            r1 !== undefined && "vote" in r1 && r1.vote === null && r1.outcome === "abort";
          return !(abortedUnvoted && undecided);
        },
      },
    ]);
    const result = await checkModel(probe, { params: { rm: 1, crash: 1, restart: true } });
    expect(result.verdict).toBe("violated");
    if (result.verdict !== "violated") return;
    expect(result.violation.name).toBe("abortsOnlyOnDecision");
    expect(result.violation.faults).toEqual({ crash: 1, restart: 1 });
    expect(labels(result)).toEqual(["init", "crash r1", "restart r1"]);
  });

  it.each(["default", "lossy", "duplicates"])(
    "config %s: every live RM decides, under weakly fair delivery and timers",
    async (name) => {
      const result = await checkModel(model, { config: name });
      expect(result.verdict).toBe("holds");
      expect(result.options.liveness).toEqual(["everyRmDecides"]);
      // The model's own fairness keeps delivery fair under --drop too, where the actor layer's
      // default would force no delivery at all (and lossy would stop at its start).
      expect(result.options.fairness).toEqual({ delivery: "weak", timers: "weak" });
    },
  );

  it("the TM crashes after the lone RM voted YES: r1 is in doubt forever, a stutter", async () => {
    const result = await checkModel(model, { config: "coordinator-crash-waits" });
    const v = lasso(result);
    expect(v.name).toBe("everyRmDecides");
    // (A liveness violation carries no `faults` tally: the fault shows as the step's event.)
    expect(v.trace.map((step) => step.event?.fault ?? null).filter((f) => f !== null)).toEqual(["crash"]);
    expect(labels(result)).toEqual([
      "init",
      "deliver PREPARE TM→r1",
      "timer vote-yes at r1",
      "timer ask at r1",
      "crash TM",
    ]);
    // The loop is the last state, stuttered in: the TM down, r1 prepared without an outcome, no
    // timer armed, and what r1 sent (its YES and its ASK) waiting for a TM that never takes it.
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.at.up).toEqual([false, true]);
    expect(v.at.locals[1]).toEqual({ vote: "yes", outcome: null });
    expect(v.at.timers).toEqual([[], []]);
    expect(
      inFlight(v.at)
        .map((e) => `${e.message} ${e.from}→${e.to}`)
        .sort(),
    ).toEqual(["ASK r1→TM", "YES r1→TM"]);
    expect(enabledKinds({ rm: 1, crash: 1 }, v.at)).toEqual([]);
    expect(v.message).toBe(
      "r1 never decides (r1 voted YES and may not decide alone), the TM is down — stuck here forever: no step that fairness forces is enabled (under weak fairness of delivery, timers)",
    );
  });

  it.each(["crash", "crash-restart"])(
    "config %s: a TM crash between the phases leaves an RM in doubt forever, though atomicity holds",
    async (name) => {
      const v = lasso(await checkModel(model, { config: name }));
      expect(v.name).toBe("everyRmDecides");
      expect(v.loopStart).toBe(v.trace.length - 1);
      expect(v.trace.at(-1)!.label).toBe("crash TM");
      expect(v.at.up[0]).toBe(false);
      expect(v.at.locals.slice(1)).toContainEqual({ vote: "yes", outcome: null });
      // Nothing is in flight to a live process and no timer is armed: only a restart of the TM
      // (under --restart) is enabled, and faults are never forced.
      expect(inFlight(v.at).every((e) => e.to === "TM")).toBe(true);
      expect(v.at.timers.every((t) => t.length === 0)).toBe(true);
      const params = name === "crash" ? { rm: 2, crash: 1 } : { rm: 2, crash: 1, restart: true };
      expect(enabledKinds(params, v.at)).toEqual(name === "crash" ? [] : ["restart"]);
      // Every invariant holds in every state: the violation is liveness alone.
      const safetyOnly = await checkModel(model, { config: name, liveness: false });
      expect(safetyOnly.verdict).toBe("holds");
    },
  );

  it("with delivery not fair, the RMs may never hear of the TM: the run stops after its timeout", async () => {
    const result = await checkModel(model, { params: { rm: 2 }, fairness: { delivery: "none" } });
    expect(result.options.fairness).toEqual({ timers: "weak" });
    const v = lasso(result);
    expect(v.name).toBe("everyRmDecides");
    // The TM's timeout is the only timer armed at the start, and fair: it fires, the TM aborts,
    // and with only deliveries left the behaviour may stop there, PREPAREs and ABORTs in flight.
    expect(labels(result)).toEqual(["init", "timer timeout at TM"]);
    expect(v.loopStart).toBe(1);
    expect(v.at.locals[0]).toMatchObject({ decision: "abort" });
    expect(v.message).toContain("r1, r2 never decide — stuck here forever");
  });

  it("with timers not fair, an RM may never vote", async () => {
    const v = lasso(await checkModel(model, { params: { rm: 1 }, fairness: { timers: "none" } }));
    expect(v.name).toBe("everyRmDecides");
    expect(v.loopStart).toBe(v.trace.length - 1);
    expect(v.at.locals[1]).toEqual({ vote: null, outcome: null });
  });

  it("the command line checks two RMs under a crash: safety holds (exit 0), liveness does not (exit 1)", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const check = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ["bin/check.mjs", "models/commit/two-phase-commit-actors.ts", "--rm", "2", "--crash", "1", ...args],
        { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
      );
    const safety = check("--no-liveness");
    expect(safety.stderr).not.toMatch(/error/i);
    expect(safety.status).toBe(0);
    expect(safety.stdout).toContain("holds");
    const live = check();
    expect(live.status).toBe(1);
    expect(live.stdout).toContain("✗ violated  liveness (everyRmDecides)");
    expect(live.stdout).toContain("⟳ stuck here forever");
  });
});
