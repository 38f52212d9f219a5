// The actor layer on fixtures small enough to count by hand: every network semantics, every fault
// kind as a labelled step of a trace, the events a step records, and the bad-input rules.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ActorState,
  type CheckResult,
  checkModel,
  defineActorModel,
  inFlight,
  type ModelDefinition,
  type NetworkEntry,
  rewriteInFlight,
  type StateMachine,
  toTaggedJson,
} from "../checker/index.ts";
import pingPong from "./fixtures/ping-pong.ts";
import twoMessages from "./fixtures/two-messages.ts";

function violation(result: CheckResult) {
  if (result.verdict !== "violated") throw new Error(`expected a violation, got ${result.verdict}`);
  return result.violation;
}

describe("network semantics, counted by hand on two-messages (P0 sends m1 then m2 to P1)", () => {
  // A state is written (what P1 received | what is in flight).
  it("fifo: only the head of a link is delivered", async () => {
    // ([] | m1 m2) → ([m1] | m2) → ([m1 m2] | ): 3 states, 1 initial + 2 successors generated
    const { stats } = await checkModel(twoMessages);
    expect(stats).toMatchObject({ distinctStates: 3, generatedStates: 3, depth: 3 });
  });

  it("unordered: any message in flight may come next", async () => {
    // ([] | m1 m2); ([m1] | m2), ([m2] | m1); ([m1 m2] | ), ([m2 m1] | ): 5 states, 1 + 2 + 1 + 1 generated
    const { stats } = await checkModel(twoMessages, { params: { network: "unordered" } });
    expect(stats).toMatchObject({ distinctStates: 5, generatedStates: 5, depth: 3 });
  });

  it("duplicating: a delivered message stays and may be delivered again", async () => {
    // The same 5 receiver states; the network never changes, so each state has 2 deliveries: 1 + 5·2 generated
    const { stats } = await checkModel(twoMessages, { params: { network: "duplicating" } });
    expect(stats).toMatchObject({ distinctStates: 5, generatedStates: 11, depth: 3 });
  });
});

describe("faults, counted by hand on two-messages over fifo", () => {
  it("--drop 1 loses at most one message", async () => {
    // s0 ([] | m1 m2); deliver → A ([m1] | m2); drop → B ([] | m2, 1 drop used);
    // A: deliver → C ([m1 m2] | ), drop → D ([m1] | , used); B: deliver → E ([m2] | , used).
    // 6 states; generated 1 + 2 (s0) + 2 (A) + 1 (B) = 6. D and B→E end early: deadlocks, not checked here.
    const { stats } = await checkModel(twoMessages, { params: { drop: 1 }, checkDeadlock: false });
    expect(stats).toMatchObject({ distinctStates: 6, generatedStates: 6 });
  });

  it("--duplicate 1 copies at most one message (right behind itself on a FIFO link)", async () => {
    // s0; A ([m1] | m2); B ([] | m1 m1 m2, used); C ([m1 m2] | ); D ([m1] | m2 m2, used);
    // E ([m1] | m1 m2, used); F ([m1 m2] | m2, used); G ([m1] | m2, used, the copy of m1 changed nothing);
    // H ([m1 m2] | , used). 9 states; generated 1 + 2 + 2 + 1 (B) + 1 (D) + 1 (E) + 1 (F) + 1 (G) = 10.
    const { stats } = await checkModel(twoMessages, { params: { duplicate: 1 } });
    expect(stats).toMatchObject({ distinctStates: 9, generatedStates: 10, depth: 5 });
  });

  it("--crash 1 stops one process for good; messages to it are never delivered", async () => {
    // Without crashes: s0, A, C. Crashing P0 (the sender) in s0, A or C: 3 states, and P1 still
    // receives what is in flight, so s0-with-P0-down goes on to A- and C-with-P0-down: the 3 are
    // shared. Crashing P1 in s0, A or C: 3 more states with nothing enabled.
    // 9 states; generated 1 + 3 (s0) + 3 (A) + 2 (C) + 1 + 1 (P0 down, two deliveries left) = 11.
    const { stats } = await checkModel(twoMessages, { params: { crash: 1 }, checkDeadlock: false });
    expect(stats).toMatchObject({ distinctStates: 9, generatedStates: 11 });
  });

  it("--partitions 1 splits the processes once; nothing crosses the cut until it heals", async () => {
    // s0, A, C with no partition used; each may be cut (3 states, nothing deliverable) and healed
    // (3 more, the partition used up): 9 states; generated 1 + 2 + 2 + 1 + 3 heals + 1 + 1 = 11.
    const { stats } = await checkModel(twoMessages, { params: { partitions: 1 } });
    expect(stats).toMatchObject({ distinctStates: 9, generatedStates: 11, depth: 5 });
  });

  it("--byzantine 1 lets a process forge a message the model allows", async () => {
    const v = violation(await checkModel(twoMessages, { params: { byzantine: 1 } }));
    expect(v.name).toBe("noForgery");
    // Over FIFO the forged message queues behind m1 and m2: four steps whatever the order.
    expect(v.trace.map((s) => s.label)).toEqual([
      "init",
      "deliver m1 P0→P1",
      "deliver m2 P0→P1",
      "forge evil P0→P1",
      "deliver evil P0→P1",
    ]);
    expect(v.faults).toEqual({ forge: 1 });
  });
});

/** The definition with one more invariant: no fault of this kind was used yet. */
function untilFirst(definition: ModelDefinition, fault: string): ModelDefinition {
  return {
    ...definition,
    build(params, variant) {
      const machine = definition.build(params, variant) as StateMachine<
        ActorState<unknown, unknown>,
        unknown
      >;
      const invariant = {
        name: `no-${fault}`,
        holds: (s: ActorState<unknown, unknown>) =>
          s.used[fault as keyof ActorState<unknown, unknown>["used"]] === 0,
      };
      return { ...machine, invariants: [...machine.invariants, invariant] };
    },
  };
}

describe("each fault is a labelled step of the trace, and the result counts it", () => {
  it.each([
    ["drop", { drop: 1 }, "drop ping client→server", { drop: 1 }],
    ["duplicate", { duplicate: 1 }, "duplicate ping client→server", { duplicate: 1 }],
    ["crash", { crash: 1 }, "crash client", { crash: 1 }],
    ["restart", { crash: 1, restart: true }, "restart client", { crash: 1, restart: 1 }],
    ["partition", { partitions: 1 }, "partition {client} | {server}", { partition: 1 }],
  ] as const)("%s", async (fault, params, label, faults) => {
    const v = violation(await checkModel(untilFirst(pingPong, fault), { params }));
    expect(v.name).toBe(`no-${fault}`);
    expect(v.trace.at(-1)!.label).toBe(label);
    expect(v.trace.at(-1)!.event?.fault).toBe(fault);
    expect(v.faults).toEqual(faults);
  });
});

describe("events: who received what and sent what, and what is in flight", () => {
  const ping = { from: "client", to: "server", message: { kind: "ping" }, text: "ping" };
  const pong = { from: "server", to: "client", message: { kind: "pong" }, text: "pong" };

  it("a delivery names the receiver, the message and its sender, what the handler sent, and what flies", async () => {
    const v = violation(await checkModel(pingPong, { params: { duplicate: 1 } }));
    const serverStep = v.trace.find((s) => s.label === "deliver ping client→server")!;
    expect(serverStep.actor).toBe("server");
    expect(serverStep.event).toEqual({
      process: "server",
      // `text`: the message as the model's formatMessage writes it, for traces and reports.
      received: ping,
      sent: [pong],
      fault: null,
      target: null,
      inFlight: [pong],
    });
  });

  it("the initial state's event is no process's step: what the processes sent as they started is in flight", async () => {
    const v = violation(await checkModel(pingPong, { params: { duplicate: 1 } }));
    expect(v.trace[0]!.event).toEqual({
      process: null,
      received: null,
      sent: [],
      fault: null,
      target: null,
      inFlight: [ping],
    });
  });

  it.each([
    ["drop", "drop ping client→server", []],
    ["duplicate", "duplicate ping client→server", [ping, ping]],
  ] as const)("a %s names the message it acted on", async (fault, label, after) => {
    const v = violation(await checkModel(untilFirst(pingPong, fault), { params: { [fault]: 1 } }));
    const step = v.trace.at(-1)!;
    expect(step.label).toBe(label);
    expect(step.event).toMatchObject({ fault, target: ping, inFlight: after });
  });

  it("lists a FIFO link's queue in order, one entry per copy, each message in the model's own text", async () => {
    const v = violation(await checkModel(untilFirst(twoMessages, "duplicate"), { params: { duplicate: 1 } }));
    expect(v.trace.map((step) => step.label)).toEqual(["init", "duplicate m1 P0→P1"]);
    expect(v.trace.map((step) => step.event!.inFlight.map((e) => e.text))).toEqual([
      ["m1", "m2"],
      ["m1", "m1", "m2"],
    ]);
  });
});

describe("bad input", () => {
  const broken = (onMessage: () => never | { n: number }) =>
    defineActorModel({
      name: "broken",
      family: "fixtures",
      description: "a handler that misbehaves",
      params: {},
      network: "unordered",
      build: () => ({
        processes: [
          {
            id: "a",
            behaviour: { start: (ctx) => (ctx.send("b", "hi"), { n: 0 }), onMessage: () => ({ n: 0 }) },
          },
          { id: "b", behaviour: { start: () => ({ n: 0 }), onMessage } },
        ],
        invariants: [],
      }),
    });

  it("a send to a process that does not exist is a model-error with the trace", async () => {
    const model = defineActorModel({
      name: "stray",
      family: "fixtures",
      description: "sends to nobody",
      params: {},
      network: "unordered",
      build: () => ({
        processes: [
          { id: "a", behaviour: { start: (ctx) => (ctx.send("b", "hi"), 0), onMessage: () => 0 } },
          {
            id: "b",
            behaviour: {
              start: () => 0,
              onMessage: (n: number, _m, _from, ctx) => (ctx.send("nobody", "x"), n),
            },
          },
        ],
        invariants: [],
      }),
    });
    const v = violation(await checkModel(model));
    expect(v.kind).toBe("model-error");
    expect(v.message).toContain("b sent x to nobody, which is not a process (processes: a, b)");
    expect(v.message).toContain("taking deliver hi a→b");
    expect(v.trace).toHaveLength(1);
  });

  it("a handler that throws is a model-error with the trace", async () => {
    const v = violation(
      await checkModel(
        broken(() => {
          throw new Error("handler failed");
        }),
      ),
    );
    expect(v.kind).toBe("model-error");
    expect(v.message).toContain("handler failed");
  });

  const BIN = resolve(import.meta.dirname, "../bin/check.mjs");
  const check = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args, "--quiet"], { encoding: "utf8" });

  it("a fault flag the model does not support is exit 2 with the reason", () => {
    const restart = check("specs/fixtures/two-messages.ts", "--restart", "true");
    expect(restart.status).toBe(2);
    expect(restart.stderr.trim()).toBe(
      "error[unknown-option]: --restart is not accepted: two-messages declares no durable state for its processes, so a crashed process cannot restart",
    );
    const byzantine = check("specs/fixtures/ping-pong.ts", "--byzantine", "1");
    expect(byzantine.stderr.trim()).toBe(
      "error[unknown-option]: --byzantine is not accepted: ping-pong declares no messages a Byzantine process may send",
    );
    const notActor = check("two-phase-commit", "--drop", "1");
    expect(notActor.status).toBe(2);
    expect(notActor.stderr).toContain("--drop is not accepted: faults and --network apply to actor models");
  });

  it("--network takes only the three semantics", () => {
    const run = check("specs/fixtures/ping-pong.ts", "--network", "lossy");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("expected one of unordered, fifo, duplicating");
  });
});

describe("rewriteInFlight: messages in flight rewritten and filed again", () => {
  type Msg = { readonly n: number };
  const state = (network: ReadonlyMap<string, NetworkEntry<Msg>>): ActorState<null, Msg> => ({
    locals: [null, null],
    up: [true, true],
    timers: [[], []],
    network,
    cut: null,
    used: { drop: 0, duplicate: 0, crash: 0, restart: 0, partition: 0, forge: 0 },
    byzantine: [],
  });
  const copies = (n: number, count: number) =>
    [
      `P0→P1 ${JSON.stringify(toTaggedJson({ n }))}`,
      { from: "P0", to: "P1", message: { n }, copies: count },
    ] as const;

  it("returns the state itself when nothing changes", () => {
    const s = state(new Map([copies(1, 1)]));
    expect(rewriteInFlight(s, "unordered", (m) => m)).toBe(s);
  });

  it("merges messages that become equal: copies on an unordered network, one on a duplicating one", () => {
    const s = state(new Map([copies(1, 1), copies(2, 2)]));
    const same = (m: Msg) => (m.n === 2 ? { n: 1 } : m);
    expect(inFlight(rewriteInFlight(s, "unordered", same)).map((e) => e.message.n)).toEqual([1, 1, 1]);
    expect(inFlight(rewriteInFlight(s, "duplicating", same)).map((e) => e.message.n)).toEqual([1]);
    const rekeyed = rewriteInFlight(s, "unordered", same);
    expect([...rekeyed.network.keys()]).toEqual([copies(1, 0)[0]]);
  });

  it("removes what the rewrite drops, keeping a FIFO link's order", () => {
    const s = state(new Map([["P0→P1", { from: "P0", to: "P1", queue: [{ n: 1 }, { n: 2 }, { n: 3 }] }]]));
    const odd = rewriteInFlight(s, "fifo", (m) => (m.n % 2 === 0 ? null : m));
    expect(inFlight(odd).map((e) => e.message.n)).toEqual([1, 3]);
    expect(rewriteInFlight(s, "fifo", () => null).network.size).toBe(0);
  });
});
