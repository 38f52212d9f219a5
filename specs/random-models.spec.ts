// The random models of specs/fixtures/random-models.ts, checked on the explorer as it is (no
// reductions): breadth-first and depth-first search agree with each other and with a plain
// enumeration of the reachable states, every counterexample replays on a fresh machine, and what
// the models declare for the reductions — footprints, invariant and constraint reads, symmetries,
// the topology and what invariants observe — is true of what their functions do. The reductions'
// differential tests rely on these generators, so this guards the generators themselves.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ActorState,
  type CheckResult,
  checkModel,
  fingerprintHex,
  inFlight,
  instantiate,
  sameState,
  type StateMachine,
  type Violation,
} from "../checker/index.ts";
import {
  type ActorLocal,
  type ActorMessage,
  arbActorCase,
  arbGuardedCase,
  arbSymmetricActorCase,
  arbSymmetricGuardedCase,
  type RandomActorCase,
  type RandomCase,
  readVariable,
  VALUES,
  variablesOf,
  withVariable,
} from "./fixtures/random-models.ts";

const RUNS = 100;
/** Far above what the generators give (a few thousand at most), far below what would be slow. */
const MAX_STATES = 20_000;
const TIMEOUT_MS = 60_000;
/** The explorer as it was before the reductions: every run here asks for none. */
const NO_REDUCTIONS = { por: false, symmetry: false };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the machines of random cases are of every type
type AnyMachine = StateMachine<any, any>;

function machineOf(c: RandomCase): AnyMachine {
  return instantiate(c.definition, c.params, "correct").machine;
}

function ensure(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

const show = (value: unknown) =>
  JSON.stringify(value, (_, v: unknown) => (v instanceof Map ? [...v.entries()] : v));

/** Every state reachable from the initial states; with `constraint`, as the explorer stores them. */
function reachable(machine: AnyMachine, constraint: boolean): unknown[] {
  const seen = new Set<string>();
  const states: unknown[] = [];
  const add = (s: unknown) => {
    if (constraint && machine.constraint && !machine.constraint(s)) return;
    const key = fingerprintHex(s);
    if (seen.has(key)) return;
    seen.add(key);
    states.push(s);
    ensure(states.length <= MAX_STATES, () => `more than ${MAX_STATES} reachable states`);
  };
  for (const s of machine.init()) add(s);
  for (let i = 0; i < states.length; i++) {
    const s = states[i];
    for (const a of machine.actions(s)) {
      const next: unknown = machine.next(s, a);
      if (next !== null) add(next);
    }
  }
  return states;
}

/**
 * The trace starts in an initial state, each step is its action taken on a fresh machine, and
 * the last state fails as reported (and only the last).
 */
function expectReplays(c: RandomCase, violation: Violation): void {
  const machine = machineOf(c);
  ensure(
    violation.kind === "invariant" || violation.kind === "deadlock",
    () => `a ${violation.kind} violation: ${violation.name}: ${violation.message}`,
  );
  const [first, ...steps] = violation.trace;
  ensure(first !== undefined, () => "an empty trace");
  ensure(
    machine.init().some((s: unknown) => sameState(s, first!.state)),
    () => `trace[0] is not an initial state: ${show(first!.state)}`,
  );
  let state: unknown = first!.state;
  const along = [state];
  for (const [k, step] of steps.entries()) {
    const next: unknown = machine.next(state, step.action);
    ensure(
      next !== null && sameState(next, step.state),
      () => `step ${k + 1} (${step.label}) gives ${show(next)}, the trace shows ${show(step.state)}`,
    );
    state = step.state;
    along.push(state);
  }
  for (const [k, s] of along.entries()) {
    ensure(!machine.constraint || machine.constraint(s), () => `trace state ${k} is outside the constraint`);
    if (k < along.length - 1) {
      for (const inv of machine.invariants) {
        ensure(inv.holds(s), () => `trace state ${k} already violates ${inv.name}`);
      }
    }
  }
  if (violation.kind === "invariant") {
    const invariant = machine.invariants.find((i) => i.name === violation.name);
    ensure(
      invariant !== undefined && !invariant.holds(state),
      () => `the last state satisfies ${violation.name}`,
    );
  } else {
    ensure(
      machine.actions(state).every((a: unknown) => machine.next(state, a) === null),
      () => `the deadlocked state has an enabled action: ${show(state)}`,
    );
    ensure(!(machine.terminal?.(state) ?? false), () => "the deadlocked state is terminal");
  }
}

/** BFS and DFS agree on the verdict and, when both are exhaustive, on the count; traces replay. */
async function expectSearchesAgree(c: RandomCase): Promise<void> {
  const bfs = await checkModel(c.definition, { ...NO_REDUCTIONS, params: c.params });
  const dfs = await checkModel(c.definition, { ...NO_REDUCTIONS, params: c.params, strategy: "dfs" });
  const verdict = (r: CheckResult) =>
    r.verdict === "violated" ? `violated (${r.violation.kind})` : r.verdict;
  ensure(bfs.verdict !== "incomplete", () => `BFS stopped early: ${verdict(bfs)}`);
  ensure(dfs.verdict === bfs.verdict, () => `BFS says ${verdict(bfs)}, DFS says ${verdict(dfs)}`);
  if (bfs.verdict === "holds" && dfs.verdict === "holds") {
    const states = reachable(machineOf(c), true).length;
    ensure(
      bfs.stats.distinctStates === states && dfs.stats.distinctStates === states,
      () =>
        `distinct states: BFS ${bfs.stats.distinctStates}, DFS ${dfs.stats.distinctStates}, enumerated ${states}`,
    );
  }
  if (bfs.verdict === "violated" && dfs.verdict === "violated") {
    expectReplays(c, bfs.violation);
    expectReplays(c, dfs.violation);
    // BFS's trace is a shortest one to what it reports; they may report different things (a
    // deadlock shows when its state is expanded, a violated invariant when its state is found).
    if (bfs.violation.name === dfs.violation.name) {
      ensure(
        bfs.violation.trace.length <= dfs.violation.trace.length,
        () =>
          `BFS's trace to ${bfs.violation.name} (${bfs.violation.trace.length}) is longer than DFS's (${dfs.violation.trace.length})`,
      );
    }
  }
}

/**
 * In every reachable state (constraint or not), for every candidate action: only the variables it
 * writes change; changing a variable it does not read changes neither whether it is enabled nor
 * what it writes. Invariants and the constraint depend only on the variables they read. And the
 * candidate actions are the same list in every state.
 */
function expectHonestFootprints(c: RandomCase): void {
  const machine = machineOf(c);
  const footprint = machine.footprint;
  ensure(footprint !== undefined, () => "no footprint declared");
  const states = reachable(machine, false) as object[];
  const candidates: unknown = machine.actions(states[0]);
  const readsOnly = (
    what: string,
    reads: readonly string[] | undefined,
    s: object,
    value: (s: object) => unknown,
  ): void => {
    ensure(reads !== undefined, () => `${what} declares no reads`);
    const before = value(s);
    for (const x of variablesOf(s)) {
      if (reads!.includes(x)) continue;
      for (const u of VALUES) {
        if (u === readVariable(s, x)) continue;
        const changed = withVariable(s, x, u);
        ensure(
          sameState(value(changed), before),
          () =>
            `${what} reads ${x}, which it does not declare: ${show(s)} gives ${show(before)}, with ${x} = ${u} ${show(value(changed))}`,
        );
      }
    }
  };
  for (const s of states) {
    const actions: unknown[] = machine.actions(s) as unknown[];
    ensure(sameState(actions, candidates), () => `the candidate actions differ in ${show(s)}`);
    for (const a of actions) {
      const { reads, writes } = footprint!(a);
      const label = `${show(a)} (reads ${reads.join(" ")}; writes ${writes.join(" ")})`;
      const after: object | null = machine.next(s, a);
      if (after !== null) {
        let expected = s;
        for (const w of writes) expected = withVariable(expected, w, readVariable(after, w));
        ensure(
          sameState(after, expected),
          () => `${label} changes more than it writes: ${show(s)} → ${show(after)}`,
        );
      }
      // Whether it is enabled, and the values it writes, depend only on what it reads.
      readsOnly(label, reads, s, (t) => {
        const next: object | null = machine.next(t, a);
        return next === null ? null : writes.map((w) => readVariable(next, w));
      });
    }
    for (const inv of machine.invariants)
      readsOnly(`invariant ${inv.name}`, inv.reads, s, (t) => inv.holds(t));
    if (machine.constraint) {
      readsOnly("the constraint", machine.constraintReads, s, (t) => machine.constraint!(t));
    }
  }
}

function permutations(k: number): number[][] {
  if (k === 0) return [[]];
  return permutations(k - 1).flatMap((p) =>
    Array.from({ length: k }, (_, at) => [...p.slice(0, at), k - 1, ...p.slice(at)]),
  );
}

/**
 * The declared symmetry is one: renaming maps initial states to initial states, commutes with
 * every action, keeps every invariant's and the constraint's verdict, and the signature of an
 * element follows it.
 */
function expectHonestSymmetry(c: RandomCase): void {
  const machine = machineOf(c);
  const symmetry = machine.symmetry;
  ensure(symmetry !== undefined, () => "no symmetry declared");
  const perms = permutations(symmetry!.size);
  const init: unknown[] = machine.init() as unknown[];
  for (const s of reachable(machine, false)) {
    for (const perm of perms) {
      const renamed: unknown = symmetry!.permute(s, perm);
      const where = () => `${show(s)} renamed by [${perm.join(", ")}] is ${show(renamed)}`;
      if (init.some((i) => sameState(i, s))) {
        ensure(
          init.some((i) => sameState(i, renamed)),
          () => `not an initial state: ${where()}`,
        );
      }
      for (const inv of machine.invariants) {
        ensure(inv.holds(renamed) === inv.holds(s), () => `${inv.name} changes its verdict: ${where()}`);
      }
      if (machine.constraint) {
        ensure(
          machine.constraint(renamed) === machine.constraint(s),
          () => `the constraint changes its verdict: ${where()}`,
        );
      }
      for (const a of machine.actions(s)) {
        const after: unknown = machine.next(s, a);
        const renamedAction: unknown = symmetry!.permuteAction(a, perm);
        const afterRenamed: unknown = machine.next(renamed, renamedAction);
        ensure(
          after === null
            ? afterRenamed === null
            : afterRenamed !== null && sameState(afterRenamed, symmetry!.permute(after, perm)),
          () => `${show(a)} and ${show(renamedAction)} do not commute with the renaming: ${where()}`,
        );
      }
      if (symmetry!.signature) {
        for (let i = 0; i < symmetry!.size; i++) {
          ensure(
            symmetry!.signature(renamed, perm[i]!) === symmetry!.signature(s, i),
            () => `the signature of element ${i} does not follow it: ${where()}`,
          );
        }
      }
    }
  }
}

/**
 * Every message ever in flight goes where `sendsTo` allows; the invariants read only what
 * `observe` returns (changing the rest of every local state, the network and the timers changes
 * no verdict); a symmetric system declares every process and the complete topology.
 */
function expectHonestActors(c: RandomActorCase, symmetric: boolean): void {
  const { system } = c;
  const ids = system.processes.map((p) => p.id);
  for (const id of ids) {
    const targets = system.sendsTo!(id);
    ensure(targets.length > 0 && !targets.includes(id), () => `${id} sends to ${targets.join(", ")}`);
    if (symmetric) ensure(targets.length === ids.length - 1, () => `${id} does not send to everyone`);
  }
  if (symmetric) ensure(sameState(system.symmetric, ids), () => `symmetric: ${show(system.symmetric)}`);
  const machine = machineOf(c);
  for (const state of reachable(machine, false)) {
    const s = state as ActorState<ActorLocal, ActorMessage>;
    for (const e of inFlight(s)) {
      ensure(system.sendsTo!(e.from).includes(e.to), () => `${e.from} sent ${show(e.message)} to ${e.to}`);
    }
    const unobserved: ActorState<ActorLocal, ActorMessage> = {
      ...s,
      // Every other value the observation cannot tell from this one (v itself if there is none).
      locals: s.locals.map((l, i) => ({
        v:
          [0, 1, 2].find(
            (v) => v !== l.v && sameState(system.observe!({ ...l, v }, ids[i]!), system.observe!(l, ids[i]!)),
          ) ?? l.v,
        left: l.left + 1,
        first: "P9",
      })),
      network: new Map(),
      timers: s.timers.map(() => ["unobserved"]),
    };
    for (const inv of system.invariants) {
      ensure(
        inv.holds(unobserved) === inv.holds(s),
        () => `${inv.name} reads more than observe gives: ${show(s)}`,
      );
    }
  }
}

const property = <C extends RandomCase>(arb: fc.Arbitrary<C>, check: (c: C) => void | Promise<void>) =>
  fc.assert(
    fc.asyncProperty(arb, async (c) => {
      await check(c);
    }),
    { numRuns: RUNS },
  );

describe("random guarded models", () => {
  it("BFS and DFS agree, and counterexamples replay", { timeout: TIMEOUT_MS }, () =>
    property(arbGuardedCase(), expectSearchesAgree),
  );
  it("declare exact footprints and invariant reads", { timeout: TIMEOUT_MS }, () =>
    property(arbGuardedCase(), expectHonestFootprints),
  );
});

describe("random symmetric guarded models", () => {
  it("BFS and DFS agree, and counterexamples replay", { timeout: TIMEOUT_MS }, () =>
    property(arbSymmetricGuardedCase(), expectSearchesAgree),
  );
  it("declare exact footprints and invariant reads, and a true symmetry", { timeout: TIMEOUT_MS }, () =>
    property(arbSymmetricGuardedCase(), (c) => {
      expectHonestFootprints(c);
      expectHonestSymmetry(c);
    }),
  );
});

describe("random actor models", () => {
  it("BFS and DFS agree, and counterexamples replay", { timeout: TIMEOUT_MS }, () =>
    property(arbActorCase(), expectSearchesAgree),
  );
  it(
    "send only along the declared topology; invariants read only what observe gives",
    { timeout: TIMEOUT_MS },
    () => property(arbActorCase(), (c) => expectHonestActors(c, false)),
  );
});

describe("random symmetric actor models", () => {
  it("BFS and DFS agree, and counterexamples replay", { timeout: TIMEOUT_MS }, () =>
    property(arbSymmetricActorCase(), expectSearchesAgree),
  );
  it(
    "declare every process symmetric on a complete topology; invariants read only what observe gives",
    { timeout: TIMEOUT_MS },
    () => property(arbSymmetricActorCase(), (c) => expectHonestActors(c, true)),
  );
});

describe("the generators", () => {
  it("describe each case in the words fast-check prints", () => {
    const [guarded] = fc.sample(arbGuardedCase(), { numRuns: 1, seed: 1 });
    expect(fc.stringify(guarded)).toBe(guarded!.describe);
    expect(guarded!.describe).toMatch(/^random-guarded: variables x, y/);
  });

  it("give the same model for the same seed", () => {
    for (const arb of [
      arbGuardedCase(),
      arbSymmetricGuardedCase(),
      arbActorCase(),
      arbSymmetricActorCase(),
    ]) {
      const once = fc.sample<RandomCase>(arb, { numRuns: 20, seed: 7 }).map((c) => c.describe);
      const again = fc.sample<RandomCase>(arb, { numRuns: 20, seed: 7 }).map((c) => c.describe);
      expect(again).toEqual(once);
    }
  });

  it("draw holding and violated models, and every kind of declaration", async () => {
    const seen = new Set<string>();
    const cases = [
      ...fc.sample<RandomCase>(arbGuardedCase(), { numRuns: 60, seed: 3 }),
      ...fc.sample<RandomCase>(arbSymmetricGuardedCase(), { numRuns: 60, seed: 3 }),
      ...fc.sample<RandomCase>(arbActorCase(), { numRuns: 60, seed: 3 }),
      ...fc.sample<RandomCase>(arbSymmetricActorCase(), { numRuns: 60, seed: 3 }),
    ];
    for (const c of cases) {
      const r = await checkModel(c.definition, { ...NO_REDUCTIONS, params: c.params });
      seen.add(`${c.definition.name} ${r.verdict === "violated" ? r.violation.kind : r.verdict}`);
      const machine = machineOf(c);
      if (machine.constraint) seen.add(`${c.definition.name} constraint`);
      if (machine.terminal) seen.add(`${c.definition.name} terminal`);
      if (machine.symmetry?.signature) seen.add(`${c.definition.name} signature`);
      if (machine.footprint) {
        const states = reachable(machine, false);
        const same = states.some((s) => machine.actions(s).some((a: unknown) => machine.next(s, a) === s));
        if (same) seen.add(`${c.definition.name} same object`);
      }
      for (const fault of Object.keys(c.params)) seen.add(`${c.definition.name} ${fault}`);
    }
    for (const name of [
      "random-guarded",
      "random-symmetric-guarded",
      "random-actors",
      "random-symmetric-actors",
    ]) {
      for (const what of ["holds", "invariant", "deadlock", "terminal"])
        expect(seen).toContain(`${name} ${what}`);
    }
    for (const name of ["random-guarded", "random-symmetric-guarded"]) {
      expect(seen).toContain(`${name} constraint`);
      expect(seen).toContain(`${name} same object`);
    }
    expect(seen).toContain("random-symmetric-guarded signature");
    for (const fault of ["drop", "duplicate", "crash", "partitions"])
      expect(seen).toContain(`random-actors ${fault}`);
  });
});
