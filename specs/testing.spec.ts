// The vitest helpers of checker/testing.ts: they pass on the runs they describe, and each one
// fails, with a message that says how to reproduce the run, on the runs it does not.
import { describe, expect, it } from "vitest";
import { defineModel } from "../checker/index.ts";
import { expectModel } from "../checker/testing.ts";
import tinyLock from "../docs/examples/tiny-lock.ts";
import twoPhaseCommit from "../models/commit/two-phase-commit.ts";
import pingPong from "./fixtures/ping-pong.ts";

/** The message a helper rejects with. */
async function failureOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("AssertionError");
    return (error as Error).message;
  }
  throw new Error("expected the assertion to fail");
}

describe("expectModel passes", () => {
  it("on two-phase-commit: rm 2 holds, commit-without-votes violates TCConsistent", async () => {
    await expectModel(twoPhaseCommit, { params: { rm: 2 } }).toHold();
    const result = await expectModel(twoPhaseCommit, {
      params: { rm: 2 },
      variant: "commit-without-votes",
    }).toViolate("TCConsistent");
    expect(result.verdict).toBe("violated");
  });

  it("on the counts of two-phase-commit with one RM, pinned by hand: 12 states, depth 5", async () => {
    const rm1 = expectModel(twoPhaseCommit, { params: { rm: 1 } });
    await rm1.toHold();
    await rm1.toHaveDistinctStates(12);
    await rm1.toHaveDepth(5);
  });

  it("on the declared configurations of two-phase-commit and tiny-lock", async () => {
    await expectModel(twoPhaseCommit).toMatchExpectation("default");
    await expectModel(twoPhaseCommit).toMatchExpectation("commit-without-votes");
    await expectModel(twoPhaseCommit, { strategy: "dfs" }).toMatchExpectation("abort-after-prepare");
    await expectModel(tinyLock).toMatchExpectation("default");
    await expectModel(tinyLock).toMatchExpectation("broken");
  });

  it("on tiny-lock: n 3 holds with its counts, no-check violates mutualExclusion", async () => {
    // n processes, each outside or inside alone with the lock: 1 + n states, depth 2.
    const lock = expectModel(tinyLock, { params: { n: 3 } });
    await lock.toHold();
    await lock.toHaveDistinctStates(4);
    await lock.toHaveDepth(2);
    await expectModel(tinyLock, { params: { n: 2 }, variant: "no-check" }).toViolate("mutualExclusion");
  });

  it("on a deadlock, by its name", async () => {
    const stuck = defineModel({
      name: "stuck",
      family: "fixtures",
      description: "one step, then nothing",
      params: {},
      build: () => ({
        init: () => [0],
        actions: (n: number) => (n === 0 ? ["step"] : []),
        next: () => 1,
        invariants: [],
      }),
    });
    await expectModel(stuck).toViolate("deadlock");
  });

  it("runs the model once for chained checks on one expectation", async () => {
    let builds = 0;
    const counted = defineModel({
      ...tinyLock,
      build: (params, variant) => {
        builds++;
        return tinyLock.build(params, variant);
      },
    });
    const lock = expectModel(counted, { params: { n: 2 } });
    const first = await lock.toHold();
    expect(await lock.toHaveDistinctStates(3)).toBe(first);
    expect(await lock.toHaveDepth(2)).toBe(first);
    expect(builds).toBe(1);
  });
});

describe("expectModel fails", () => {
  it("toHold on a violation, with the reproduction first, then the violation and its trace", async () => {
    const message = await failureOf(
      expectModel(twoPhaseCommit, { params: { rm: 2 }, variant: "commit-without-votes" }).toHold(),
    );
    const lines = message.split("\n");
    expect(lines[0]).toBe(
      "two-phase-commit rm=2, variant commit-without-votes — reproduce: npx check two-phase-commit --rm 2 --variant commit-without-votes",
    );
    expect(lines[1]).toBe("expected every property to hold");
    expect(lines[2]).toBe("got a violation of invariant TCConsistent: r2 committed while r1 aborted");
    expect(lines.slice(3)).toEqual([
      // The trace as the command line prints it (checker/trace/render-text.ts), without colour.
      "trace (4 states):",
      "  1  init",
      "       msgs: {}",
      '       rmState: ["working", "working"]',
      "       tmPrepared: {}",
      '       tmState: "init"',
      "  2  TMCommit  [TM]",
      '       msgs: + "Commit"',
      '       tmState: "init" → "committed"',
      "  3  RMChooseToAbort(r1)  [r1]",
      '       rmState[0]: "working" → "aborted"',
      "  4  RMRcvCommitMsg(r2)  [r2]",
      '       rmState[1]: "working" → "committed"',
    ]);
    await expect(
      expectModel(twoPhaseCommit, { params: { rm: 2 }, variant: "commit-without-votes" }).toHold(),
    ).rejects.toThrow(/TCConsistent/);
  });

  it("toViolate when every property holds, or another one is violated", async () => {
    await expect(
      expectModel(twoPhaseCommit, { params: { rm: 2 } }).toViolate("TCConsistent"),
    ).rejects.toThrow(
      /expected a violation of TCConsistent\ngot: every property holds \(\d+ distinct states, depth \d+\)/,
    );
    const message = await failureOf(
      expectModel(twoPhaseCommit, { params: { rm: 2 }, variant: "commit-without-votes" }).toViolate(
        "TPTypeOK",
      ),
    );
    expect(message).toMatch(/^two-phase-commit rm=2, variant commit-without-votes — reproduce: /);
    expect(message).toContain("expected a violation of TPTypeOK\ngot a violation of invariant TCConsistent");
    expect(message).toContain("trace (4 states):");
  });

  it("names an unregistered model by its file and leaves out the options at their defaults", async () => {
    const duplicated = await failureOf(expectModel(pingPong, { params: { duplicate: 1 } }).toHold());
    // The network (fifo) and the other fault budgets (0) are the model's defaults.
    expect(duplicated.split("\n")[0]).toBe(
      "ping-pong duplicate=1 — reproduce: npx check ./specs/fixtures/ping-pong.ts --duplicate 1",
    );
    const broken = await failureOf(
      expectModel(tinyLock, { params: { n: 2 }, variant: "no-check", por: true }).toHold(),
    );
    expect(broken.split("\n")[0]).toMatch(
      /— reproduce: npx check \.\/docs\/examples\/tiny-lock\.ts --n 2 --variant no-check$/,
    );
    const configured = await failureOf(
      expectModel(tinyLock, { config: "broken", symmetry: false, checkDeadlock: false }).toHold(),
    );
    expect(configured.split("\n")[0]).toMatch(
      /— reproduce: npx check \.\/docs\/examples\/tiny-lock\.ts --config broken --no-deadlock$/,
    );
  });

  it("every helper on an incomplete search, with its reason", async () => {
    const stopped = expectModel(twoPhaseCommit, { params: { rm: 3 }, maxStates: 5 });
    const reason =
      /the search was incomplete: stopped at \{ maxStates: 5 \}: the state space is larger; an incomplete search proves nothing/;
    await expect(stopped.toHold()).rejects.toThrow(reason);
    await expect(stopped.toViolate("TCConsistent")).rejects.toThrow(reason);
    await expect(stopped.toHaveDistinctStates(5)).rejects.toThrow(reason);
    await expect(stopped.toHaveDepth(3)).rejects.toThrow(reason);
    await expect(
      expectModel(twoPhaseCommit, { maxStates: 5 }).toMatchExpectation("commit-without-votes"),
    ).rejects.toThrow(reason);
    // The limit is part of how to reproduce it.
    await expect(stopped.toHold()).rejects.toThrow(
      /^two-phase-commit rm=3 — reproduce: npx check two-phase-commit --rm 3 --max-states 5\n/,
    );
  });

  it("a count with the expected and the actual numbers", async () => {
    const rm1 = expectModel(twoPhaseCommit, { params: { rm: 1 } });
    await expect(rm1.toHaveDistinctStates(13)).rejects.toThrow(
      /expected distinct states: 13\nactual distinct states: 12/,
    );
    await expect(rm1.toHaveDepth(4)).rejects.toThrow(/expected depth: 4\nactual depth: 5/);
    const error = await rm1.toHaveDepth(4).catch((e: unknown) => e);
    expect(error).toMatchObject({ expected: 4, actual: 5 });
  });

  it("a count when the search stopped at a violation, whose counts are not the whole state space's", async () => {
    const broken = expectModel(tinyLock, { params: { n: 2 }, variant: "no-check" });
    await expect(broken.toHaveDistinctStates(5)).rejects.toThrow(
      /expected an exhaustive search with 5 distinct states\ngot a violation of invariant mutualExclusion: P0 and P1 are both in the critical section/,
    );
    await expect(broken.toHaveDepth(3)).rejects.toThrow(/the search stopped there/);
  });

  it("toMatchExpectation when the run does not give the declared verdict or pinned counts", async () => {
    const pinned = defineModel({
      ...twoPhaseCommit,
      configs: [
        {
          name: "wrong-verdict",
          params: { rm: 2 },
          expect: { verdict: "violated", violates: "TCConsistent" },
        },
        { name: "wrong-count", params: { rm: 1 }, expect: { verdict: "holds", states: 11 } },
        { name: "wrong-depth", params: { rm: 1 }, expect: { verdict: "holds", states: 12, depth: 6 } },
        {
          name: "unexpected-violation",
          params: { rm: 2 },
          variant: "commit-without-votes",
          expect: { verdict: "holds" },
        },
      ],
    });
    const model = expectModel(pinned);
    await expect(model.toMatchExpectation("wrong-verdict")).rejects.toThrow(
      /^two-phase-commit rm=2, config wrong-verdict — reproduce: npx check two-phase-commit --config wrong-verdict\nexpected a violation of TCConsistent\ngot: every property holds/,
    );
    await expect(model.toMatchExpectation("wrong-count")).rejects.toThrow(
      /expected distinct states: 11\nactual distinct states: 12/,
    );
    await expect(model.toMatchExpectation("wrong-depth")).rejects.toThrow(
      /expected depth: 6\nactual depth: 5/,
    );
    await expect(model.toMatchExpectation("unexpected-violation")).rejects.toThrow(
      /expected every property to hold\ngot a violation of invariant TCConsistent/,
    );
  });

  it("toMatchExpectation on a configuration that does not exist, or with parameters of its own", async () => {
    await expect(expectModel(twoPhaseCommit).toMatchExpectation("nine-rms")).rejects.toThrow(
      /unknown config "nine-rms"/,
    );
    await expect(
      expectModel(twoPhaseCommit, { params: { rm: 2 } }).toMatchExpectation("default"),
    ).rejects.toThrow(/leave params out/);
  });

  it("with the checker's own error when the request is bad", async () => {
    await expect(expectModel(twoPhaseCommit, { params: { rm: 99 } }).toHold()).rejects.toMatchObject({
      code: "bad-param",
    });
  });
});
