// paxos (the seed's form, an actor model): its declared configurations, counts cross-checked
// between strategies and against symmetry reduction, the seed's contention walked step by step,
// N = 2m + 1 under crashes, the broken variant's shortest trace, and the duelling proposers'
// lasso.
import { describe, expect, it } from "vitest";
import { expectModel } from "../../checker/testing.ts";
import { type CheckResult, checkModel, fingerprintHex, inFlight } from "../../checker/index.ts";
import paxos, {
  chosenValues,
  formatMessage,
  type AcceptorLocal,
  type PaxosState,
  type ProposerLocal,
} from "../../models/consensus/paxos.ts";
import { walk } from "../fixtures/walk.ts";

// Each takes eight seconds or more: checked with LARGE=1 (and by `check --all`); contention's
// counts were cross-checked by the command line (BFS and DFS: 163,744 distinct, 785,721 generated).
const SLOW = new Set(["contention", "duel", "large"]);
const seedConfigs = (paxos.configs ?? []).filter((c) => c.variant !== "tla");
const quick = seedConfigs.filter((c) => !SLOW.has(c.name));
const holding = quick.filter((c) => c.expect.verdict === "holds");

/** One run per configuration as declared, shared by the tests that read it. */
const runs = new Map<string, Promise<CheckResult>>();
const declared = (config: string) => {
  if (!runs.has(config)) runs.set(config, expectModel(paxos).toMatchExpectation(config));
  return runs.get(config)!;
};

const proposerOf = (s: PaxosState, i: number) => s.locals[i] as ProposerLocal;
const acceptorOf = (s: PaxosState, i: number) => s.locals[2 + i] as AcceptorLocal;
const messagesIn = (s: PaxosState) =>
  inFlight(s)
    .map((e) => `${formatMessage(e.message)} ${e.from}→${e.to}`)
    .sort();

describe("paxos (seed form)", () => {
  it.each(quick)("config $name gives its expected verdict and pinned counts", async (config) => {
    await declared(config.name);
  });

  it.skipIf(!process.env.LARGE).each([...SLOW])("config %s gives its expected verdict", async (name) => {
    await declared(name);
  });

  it.each(holding)("config $name: BFS and DFS find the same states and successors", async (config) => {
    const breadth = await declared(config.name);
    const depth = await checkModel(paxos, { config: config.name, strategy: "dfs" });
    expect(breadth.verdict).toBe("holds");
    expect(depth.verdict).toBe("holds");
    expect(depth.stats.distinctStates).toBe(breadth.stats.distinctStates);
    expect(depth.stats.generatedStates).toBe(breadth.stats.generatedStates);
    expect([breadth.stats.distinctStates, breadth.stats.generatedStates, breadth.stats.depth]).toEqual(
      PINNED[config.name],
    );
  });

  // crash-any is left out only for time (its symmetric run takes five seconds more).
  it.each(holding.filter((c) => c.name !== "crash-any"))(
    "config $name: symmetry over the acceptors keeps the verdict with fewer states",
    async (config) => {
      const full = await declared(config.name);
      const reduced = await checkModel(paxos, { config: config.name, symmetry: true });
      expect(reduced.verdict).toBe("holds");
      expect(reduced.options.symmetry).toBe(true);
      expect(reduced.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
    },
  );

  it("measures the messages to choose a value without contention: N + 2(⌊N/2⌋ + 1) to 2N + ⌊N/2⌋ + 1", async () => {
    for (const config of ["uncontended", "uncontended-five"]) {
      const result = await declared(config);
      const n = (paxos.configs!.find((c) => c.name === config)!.params as { acceptors: number }).acceptors;
      const majority = Math.floor(n / 2) + 1;
      const m = result.measures!.find((x) => x.name === "messagesToChoose")!;
      expect([m.min?.value, m.max?.value]).toEqual([n + 2 * majority, 2 * n + majority]);
      // The cheapest witness: every PREPARE out at the start, then until the value is chosen a
      // majority's PROMISEs and the ACCEPTs to it (the execution runs on to its end after that).
      const cheapest = m.min!.witness.trace;
      const kind = (e: { message: unknown }) => (e.message as { kind: string }).kind;
      const beforeChosen = cheapest
        .slice(1)
        .filter((_, i) => chosenValues(cheapest[i]!.state as PaxosState, majority).length === 0)
        .flatMap((step) => step.event!.sent.map(kind));
      expect(beforeChosen.filter((k) => k === "PROMISE")).toHaveLength(majority);
      expect(beforeChosen.filter((k) => k === "ACCEPT")).toHaveLength(majority);
      expect(cheapest[0]!.event!.inFlight.map(kind)).toEqual(Array(n).fill("PREPARE"));
      expect(chosenValues(cheapest.at(-1)!.state as PaxosState, majority)).toHaveLength(1);
    }
  });

  it("duelling proposers make the messages to choose unbounded: a lasso of both proposers' retries", async () => {
    const result = await declared("duel-messages");
    const m = result.measures!.find((x) => x.name === "messagesToChoose")!;
    expect(m.max?.value).toBe("unbounded");
    const { trace, loopStart } = m.max!.witness;
    expect(loopStart).not.toBeNull();
    expect(fingerprintHex(trace[loopStart!]!.state)).toBe(fingerprintHex(trace.at(-1)!.state));
    const loop = trace.slice(loopStart! + 1).map((step) => step.label);
    expect(loop).toContain("timer retry at P1");
    expect(loop).toContain("timer retry at P2");
    // Nothing is chosen anywhere on it: a duel, not a run that chose and went on.
    expect(trace.every((step) => chosenValues(step.state as PaxosState, 2).length === 0)).toBe(true);
  });

  it("walks the seed's contention: P2's 15.2 wins, P1 retries with 16.1 and must re-propose Karachi", () => {
    const params = { acceptors: 5, "first-round": 15, proposals: "Islamabad,Karachi", crash: 3 };
    const acceptors = ["R1", "R2", "R3", "R4", "R5"];
    // 1. P2's Prepare(15.2) arrives first; all acceptors promise, nothing accepted before.
    const step1 = acceptors.map((r) => `deliver PREPARE(15.2) P2→${r}`);
    let { state } = walk<PaxosState>(paxos, params, step1);
    expect(acceptors.map((_, i) => acceptorOf(state, i).promised)).toEqual(
      acceptors.map(() => ({ round: 15, pid: 2 })),
    );
    // 2. P1's Prepare(15.1) is now too low: every acceptor would ignore it, so it is gone.
    expect(messagesIn(state).filter((m) => m.startsWith("PREPARE(15.1)"))).toEqual([]);
    expect(messagesIn(state).filter((m) => m.startsWith("PROMISE"))).toEqual(
      acceptors.map((r) => `PROMISE(15.2, none) ${r}→P2`),
    );
    // 3. P2's Accept(15.2, Karachi) is accepted by a majority: consensus on Karachi.
    const step3 = [
      ...["R1", "R2", "R3"].map((r) => `deliver PROMISE(15.2, none) ${r}→P2`),
      ...["R1", "R2", "R3"].map((r) => `deliver ACCEPT(15.2, Karachi) P2→${r}`),
    ];
    ({ state } = walk<PaxosState>(paxos, params, [...step1, ...step3]));
    expect(chosenValues(state, 3)).toEqual(["Karachi"]);
    // 4. P1 retries with 16.1; promises report Karachi, and P1 must propose Karachi.
    const step4 = [
      "timer retry at P1",
      ...acceptors.map((r) => `deliver PREPARE(16.1) P1→${r}`),
      "deliver PROMISE(16.1, 15.2 Karachi) R1→P1",
      "deliver PROMISE(16.1, 15.2 Karachi) R2→P1",
      "deliver PROMISE(16.1, none) R5→P1",
    ];
    ({ state } = walk<PaxosState>(paxos, params, [...step1, ...step3, ...step4]));
    const p1 = proposerOf(state, 0);
    expect([p1.round, p1.phase, p1.highest]).toEqual([
      16,
      "accepting",
      { ballot: { round: 15, pid: 2 }, value: "Karachi" },
    ]);
    expect(messagesIn(state).filter((m) => m.startsWith("ACCEPT"))).toEqual(
      ["R1", "R2", "R5"].map((r) => `ACCEPT(16.1, Karachi) P1→${r}`),
    );
    // 5. R3 and R4 crash: R1, R2, R5 are still a majority, and accept Karachi again at 16.1.
    const step5 = [
      "crash R3",
      "crash R4",
      ...["R1", "R2", "R5"].map((r) => `deliver ACCEPT(16.1, Karachi) P1→${r}`),
    ];
    const walked = walk<PaxosState>(paxos, params, [...step1, ...step3, ...step4, ...step5]);
    state = walked.state;
    expect(acceptors.map((_, i) => acceptorOf(state, i).votes.at(-1)?.ballot.round ?? null)).toEqual([
      16,
      16,
      15,
      null,
      16,
    ]);
    expect(chosenValues(state, 3)).toEqual(["Karachi"]);
    // A third failure: two acceptors are left, no majority, and nothing is in flight any more.
    ({ state } = walk<PaxosState>(paxos, params, [...step1, ...step3, ...step4, ...step5, "crash R5"]));
    expect(state.up).toEqual([true, true, true, true, false, false, false]);
    expect(messagesIn(state)).toEqual([]);
    for (const invariant of walked.machine.invariants) expect(invariant.holds(state)).toBe(true);
  });

  it("N = 2m + 1: with m acceptors down from the start a value is still chosen", async () => {
    for (const [config, down] of [
      ["crash-one", "R1 is"],
      ["crash-two-of-five", "R1, R2 are"],
    ] as const) {
      const result = await declared(config);
      if (result.verdict !== "violated") throw new Error(`${config}: ${result.verdict}`);
      expect(result.violation.message).toMatch(
        new RegExp(`^(Islamabad|Karachi) is chosen although ${down} down$`),
      );
      // The crashes come first, then the protocol runs among the rest.
      const labels = result.violation.trace.map((s) => s.label);
      const crashes = labels.filter((l) => l.startsWith("crash"));
      expect(labels.slice(1, 1 + crashes.length)).toEqual(crashes);
    }
  });

  it("N = 2m + 1: with m + 1 down nothing is ever chosen, and the search was exhaustive", async () => {
    for (const config of ["crash-two", "crash-three-of-five"]) {
      const result = await declared(config);
      expect(result.verdict).toBe("holds");
      const params = seedConfigs.find((c) => c.name === config)!.params!;
      const { machine } = walk(paxos, params, []);
      expect(machine.invariants.map((i) => i.name)).toEqual(["agreement", "validity", "nothingChosen"]);
    }
  });

  it("ignoring the values reported in promises lets two values be chosen, in twelve steps", async () => {
    const result = await declared("ignore-promised-values");
    if (result.verdict !== "violated") throw new Error(result.verdict);
    expect(result.violation.name).toBe("agreement");
    expect(result.violation.message).toBe("Islamabad and Karachi are both chosen");
    expect(result.violation.trace.map((s) => s.label)).toEqual([
      "init",
      "deliver PREPARE(1.1) P1→R1",
      "deliver PREPARE(1.1) P1→R2",
      "deliver PREPARE(1.2) P2→R3",
      "deliver PROMISE(1.1, none) R1→P1",
      "deliver PROMISE(1.1, none) R2→P1",
      "deliver PROMISE(1.2, none) R3→P2",
      "deliver ACCEPT(1.1, Islamabad) P1→R1",
      "deliver PREPARE(1.2) P2→R1",
      "deliver ACCEPT(1.1, Islamabad) P1→R2",
      "deliver PROMISE(1.2, 1.1 Islamabad) R1→P2",
      "deliver ACCEPT(1.2, Karachi) P2→R3",
      "deliver ACCEPT(1.2, Karachi) P2→R1",
    ]);
    // P2 was told of Islamabad and proposed its own value anyway.
    const last = result.violation.trace.at(-1)!.state as PaxosState;
    expect(proposerOf(last, 1).highest).toEqual({ ballot: { round: 1, pid: 1 }, value: "Islamabad" });
    // The correct proposer, on the same steps, proposes Islamabad: P2's ACCEPT carries it.
    const { state } = walk<PaxosState>(
      paxos,
      { acceptors: 3, attempts: "1" },
      result.violation.trace.slice(1, 11).map((s) => s.label),
    );
    expect(messagesIn(state).filter((m) => m.startsWith("ACCEPT"))).toEqual([
      "ACCEPT(1.2, Islamabad) P2→R1",
      "ACCEPT(1.2, Islamabad) P2→R3",
    ]);
  });

  /** Checks a duel's lasso: nothing chosen, and the loop fires both proposers' retries in turn. */
  const expectDuel = (result: CheckResult) => {
    if (result.verdict !== "violated") throw new Error(result.verdict);
    expect(result.violation.kind).toBe("liveness");
    expect(result.violation.name).toBe("valueChosen");
    const trace = result.violation.trace;
    const loopStart = result.violation.loopStart!;
    expect(loopStart).toBeLessThan(trace.length - 1); // a real loop, not a stutter
    for (const step of trace) expect(chosenValues(step.state as PaxosState, 2)).toEqual([]);
    const retries = trace
      .slice(loopStart + 1)
      .map((s) => s.label)
      .filter((l) => l.startsWith("timer retry"));
    expect(retries.length).toBe(2);
    expect(new Set(retries)).toEqual(new Set(["timer retry at P1", "timer retry at P2"]));
    // Every ballot prepared in the loop is pre-empted: no ACCEPT is ever delivered on it.
    expect(trace.slice(loopStart + 1).some((s) => s.label.startsWith("deliver ACCEPT"))).toBe(false);
    return trace.slice(loopStart + 1).map((s) => s.label);
  };

  it("duelling proposers over one acceptor: P1 and P2 prepare in turn for ever, nothing chosen", async () => {
    const loop = expectDuel(await checkModel(paxos, { config: "duel", params: { acceptors: 1 } }));
    expect(loop).toEqual(DUEL_ONE_LOOP);
  });

  it.skipIf(!process.env.LARGE)("config duel: the lasso over three acceptors", async () => {
    const loop = expectDuel(await declared("duel"));
    expect(loop).toEqual(DUEL_LOOP);
  });

  it("draws acceptors, proposers and the chosen value for reports", () => {
    const { machine, state } = walk<PaxosState>(paxos, { acceptors: 3, attempts: "1" }, [
      "deliver PREPARE(1.1) P1→R1",
      "deliver PREPARE(1.1) P1→R2",
      "deliver PROMISE(1.1, none) R1→P1",
      "deliver PROMISE(1.1, none) R2→P1",
      "deliver ACCEPT(1.1, Islamabad) P1→R1",
      "deliver ACCEPT(1.1, Islamabad) P1→R2",
    ]);
    const labels = machine.view!(state).shapes.flatMap((s) => ("label" in s && s.label ? [s.label] : []));
    expect(labels).toEqual([
      "P1 1.1 → Islamabad",
      "P2 1.2 (0/2)",
      "R1 p 1.1 a 1.1 Islamabad",
      "R2 p 1.1 a 1.1 Islamabad",
      "R3 p – a none",
      "learners: Islamabad chosen",
    ]);
  });
});

// distinct, generated, depth per holding configuration — computed by the checker, equal under BFS
// and DFS (the test above).
const PINNED: Record<string, [number, number, number]> = {
  default: [15516, 54986, 21],
  "crash-one-safe": [2269, 5357, 21],
  "crash-two": [61, 128, 8],
  "crash-three-of-five": [1826, 5392, 13],
  "crash-any": [104595, 409247, 23],
  uncontended: [44, 85, 8],
  "uncontended-five": [512, 1521, 12],
  "duel-messages": [5190, 22405, 34],
};

// Over one acceptor: P2's 1.2 pre-empts P1's 1.1 (whose ACCEPT dies unread), both time out, and
// P1's 2.1 reaches the acceptor: the state of the loop's start, shifted by one counter.
const DUEL_ONE_LOOP: string[] = [
  "deliver PREPARE(1.2) P2→R1",
  "deliver PROMISE(1.1, none) R1→P1",
  "timer retry at P1",
  "timer retry at P2",
  "deliver PREPARE(2.1) P1→R1",
];
// Over three acceptors: P2's 1.2 pre-empts P1's 1.1 everywhere while P1 collects its promises.
const DUEL_LOOP: string[] = [
  "deliver PREPARE(1.2) P2→R1",
  "deliver PREPARE(1.2) P2→R2",
  "deliver PREPARE(1.2) P2→R3",
  "deliver PROMISE(1.1, none) R1→P1",
  "deliver PROMISE(1.1, none) R2→P1",
  "timer retry at P1",
  "timer retry at P2",
  "deliver PREPARE(2.1) P1→R1",
  "deliver PREPARE(2.1) P1→R2",
  "deliver PREPARE(2.1) P1→R3",
];
