// Compiles an actor system into the model contract. The global state is an ActorState; every
// delivery, timer and fault is an action. One function, `step`, computes both the next state and
// the event (who received what, who sent what, which fault, which message it acted on) so that the
// trace and the search can never disagree about what a step did. The event also lists what is in
// flight after the step, so that nothing outside this folder reads how the network is stored.
import { compareCanonical, encodeCanonical, showValue, toTaggedJson } from "../encoding/index.ts";
import { describeAction } from "../model/format-action.ts";
import type { Fairness, StateMachine } from "../model/contract.ts";
import type { EventMessage, StepEvent } from "../model/step-event.ts";
import type {
  ActorAction,
  ActorState,
  ActorSystem,
  Envelope,
  FaultCounts,
  FaultKind,
  NetworkKind,
  ProcessContext,
} from "./contract.ts";
import { messageKey, networkOps } from "./network.ts";
import { actorSymmetry } from "./symmetry.ts";
import { actorPartialOrder } from "./partial-order.ts";
import type { FaultBudgets } from "./fault-budgets.ts";
import { envelopesOf } from "./views.ts";

const NONE_USED: FaultCounts = { drop: 0, duplicate: 0, crash: 0, restart: 0, partition: 0, forge: 0 };

export type ActorMachine<L, M> = StateMachine<ActorState<L, M>, ActorAction<M>> & {
  /** What a step did: for traces, reports and vector clocks. */
  eventOf(
    state: ActorState<L, M>,
    from: { readonly state: ActorState<L, M>; readonly action: ActorAction<M> } | null,
  ): StepEvent<M> | null;
};

/** What `step` knows of an event: all of it but the messages' texts and what is in flight after. */
interface StepDone<M> {
  readonly process: string;
  readonly received: Envelope<M> | null;
  readonly sent: readonly Envelope<M>[];
  readonly fault: FaultKind | null;
  readonly target: Envelope<M> | null;
}

export function actorMachine<L, M>(
  system: ActorSystem<L, M>,
  networkKind: NetworkKind,
  budgets: FaultBudgets,
): ActorMachine<L, M> {
  const ids = system.processes.map((p) => p.id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const net = networkOps<M>(networkKind);
  const mayCrash = new Set((system.mayCrash ?? ids).map((id) => indexOf.get(id)!));
  const showMessage = (m: M) => (system.formatMessage ? system.formatMessage(m) : describeAction(m));
  // Traces have always written a message without formatMessage as they write state values.
  const messageText = (m: M) => (system.formatMessage ? system.formatMessage(m) : showValue(toTaggedJson(m)));
  const labelled = (e: Envelope<M>): EventMessage<M> => ({
    from: e.from,
    to: e.to,
    message: e.message,
    text: messageText(e.message),
  });
  const showEnvelope = (e: Envelope<M>) => `${showMessage(e.message)} ${e.from}→${e.to}`;
  // The declared communication topology, enforced: partial-order reduction relies on it.
  const topology = system.sendsTo ? ids.map((id) => new Set(system.sendsTo!(id))) : null;

  /** Runs a handler of process `index`, collecting what it sends and the timers it sets. */
  function run<T>(index: number, timers: readonly string[], handler: (ctx: ProcessContext<M>) => T) {
    const self = ids[index]!;
    const sent: Envelope<M>[] = [];
    const armed = new Set(timers);
    const send = (to: string, message: M) => {
      if (!indexOf.has(to)) {
        throw new Error(
          `${self} sent ${showMessage(message)} to ${to}, which is not a process (processes: ${ids.join(", ")})`,
        );
      }
      if (topology !== null && !topology[index]!.has(to)) {
        throw new Error(
          `${self} sent ${showMessage(message)} to ${to}, outside its declared sendsTo (${[...topology[index]!].join(", ") || "nobody"})`,
        );
      }
      sent.push({ from: self, to, message });
    };
    const ctx: ProcessContext<M> = {
      self,
      processes: ids,
      send,
      broadcast: (message, options) => {
        for (const to of ids) if (to !== self || options?.includeSelf) send(to, message);
      },
      setTimer: (name) => void armed.add(name),
      cancelTimer: (name) => void armed.delete(name),
    };
    const result = handler(ctx);
    return { result, sent, timers: [...armed].sort() };
  }

  function withProcess(
    s: ActorState<L, M>,
    index: number,
    local: L,
    timers: readonly string[],
    sent: readonly Envelope<M>[],
    network = s.network,
  ): ActorState<L, M> {
    let next = network;
    for (const e of sent) next = net.send(next, e);
    return {
      ...s,
      locals: replaced(s.locals, index, local),
      timers: sameList(s.timers[index]!, timers) ? s.timers : replaced(s.timers, index, timers),
      network: next,
    };
  }

  const use = (s: ActorState<L, M>, fault: FaultKind): FaultCounts => ({
    ...s.used,
    [fault]: s.used[fault] + 1,
  });
  const reachable = (s: ActorState<L, M>, from: string, to: string) =>
    s.cut === null || s.cut[indexOf.get(from)!] === s.cut[indexOf.get(to)!];

  // The last step next() took, for eventOf to reuse (see there): three variables rather than a
  // record, so that next(), on the search's hot path, allocates nothing for it.
  let lastFrom: ActorState<L, M> | null = null;
  let lastAction: ActorAction<M> | null = null;
  let lastTaken: ReturnType<typeof step> = null;

  /** The next state and what happened, or null when the action is not enabled. */
  function step(
    s: ActorState<L, M>,
    a: ActorAction<M>,
  ): { next: ActorState<L, M>; event: StepDone<M> } | null {
    switch (a.kind) {
      case "deliver": {
        const entry = net.deliverable(s.network).find((d) => d.key === a.key);
        if (!entry) return null;
        const e = entry.envelope;
        const to = indexOf.get(e.to)!;
        if (!s.up[to] || !reachable(s, e.from, e.to)) return null;
        const behaviour = system.processes[to]!.behaviour;
        const r = run(to, s.timers[to]!, (ctx) => behaviour.onMessage(s.locals[to]!, e.message, e.from, ctx));
        const next = withProcess(s, to, r.result, r.timers, r.sent, net.deliver(s.network, a.key));
        return { next, event: { process: e.to, received: e, sent: r.sent, fault: null, target: null } };
      }
      case "timer": {
        const p = a.process;
        if (!s.up[p] || !s.timers[p]!.includes(a.timer)) return null;
        const behaviour = system.processes[p]!.behaviour;
        const remaining = s.timers[p]!.filter((t) => t !== a.timer);
        const r = run(p, remaining, (ctx) => behaviour.onTimer!(s.locals[p]!, a.timer, ctx));
        return {
          next: withProcess(s, p, r.result, r.timers, r.sent),
          event: { process: ids[p]!, received: null, sent: r.sent, fault: null, target: null },
        };
      }
      case "drop": {
        if (s.used.drop >= budgets.drop) return null;
        const entry = net.deliverable(s.network).find((d) => d.key === a.key);
        if (!entry) return null;
        const e = entry.envelope;
        const next = { ...s, network: net.drop(s.network, a.key), used: use(s, "drop") };
        return { next, event: { process: e.to, ...fault("drop"), target: e } };
      }
      case "duplicate": {
        if (s.used.duplicate >= budgets.duplicate) return null;
        const entry = net.deliverable(s.network).find((d) => d.key === a.key);
        const network = entry ? net.duplicate(s.network, a.key) : null;
        if (!entry || network === null) return null;
        return {
          next: { ...s, network, used: use(s, "duplicate") },
          event: { process: entry.envelope.from, ...fault("duplicate"), target: entry.envelope },
        };
      }
      case "crash": {
        const p = a.process;
        if (s.used.crash >= budgets.crash || !s.up[p] || !mayCrash.has(p)) return null;
        const next = {
          ...s,
          up: replaced(s.up, p, false),
          timers: replaced(s.timers, p, []),
          used: use(s, "crash"),
        };
        return { next, event: { process: ids[p]!, ...fault("crash") } };
      }
      case "restart": {
        const p = a.process;
        const behaviour = system.processes[p]!.behaviour;
        if (!budgets.restart || s.up[p] || !behaviour.durable || !behaviour.recover) return null;
        const durable = behaviour.durable(s.locals[p]!);
        const r = run(p, [], (ctx) => behaviour.recover!(durable, ctx));
        const next = withProcess(
          { ...s, up: replaced(s.up, p, true), used: use(s, "restart") },
          p,
          r.result,
          r.timers,
          r.sent,
        );
        return { next, event: { process: ids[p]!, ...fault("restart"), sent: r.sent } };
      }
      case "partition": {
        if (s.cut !== null || s.used.partition >= budgets.partitions) return null;
        return {
          next: { ...s, cut: a.side, used: use(s, "partition") },
          event: { process: "network", ...fault("partition") },
        };
      }
      case "heal": {
        if (s.cut === null) return null;
        return {
          next: { ...s, cut: null },
          event: { process: "network", ...fault("partition") },
        };
      }
      case "forge": {
        const p = a.process;
        const already = s.byzantine.includes(p);
        if (!s.up[p] || (!already && s.byzantine.length >= budgets.byzantine)) return null;
        const e: Envelope<M> = { from: ids[p]!, to: ids[a.to]!, message: a.message };
        const byzantine = already ? s.byzantine : [...s.byzantine, p].sort((x, y) => x - y);
        const next = { ...s, network: net.send(s.network, e), byzantine, used: use(s, "forge") };
        return { next, event: { process: e.from, ...fault("forge"), sent: [e] } };
      }
    }
  }

  const partitions = allSides(ids.length);

  const machine: ActorMachine<L, M> = {
    init() {
      let s: ActorState<L, M> = {
        locals: [],
        up: ids.map(() => true),
        timers: ids.map(() => []),
        network: new Map(),
        cut: null,
        used: NONE_USED,
        byzantine: [],
      };
      const locals: L[] = [];
      const timers: (readonly string[])[] = [];
      let network = s.network;
      system.processes.forEach((p, i) => {
        const r = run(i, [], (ctx) => p.behaviour.start(ctx));
        locals.push(r.result);
        timers.push(r.timers);
        for (const e of r.sent) network = net.send(network, e);
      });
      s = { ...s, locals, timers, network };
      return [s];
    },
    actions(s) {
      const actions: ActorAction<M>[] = [];
      const inFlight = net.deliverable(s.network);
      for (const d of inFlight) actions.push({ kind: "deliver", key: d.key, envelope: d.envelope });
      s.timers.forEach((timers, process) => {
        for (const timer of timers) actions.push({ kind: "timer", process, timer });
      });
      if (s.used.drop < budgets.drop)
        for (const d of inFlight) actions.push({ kind: "drop", key: d.key, envelope: d.envelope });
      if (s.used.duplicate < budgets.duplicate && net.kind !== "duplicating") {
        for (const d of inFlight) actions.push({ kind: "duplicate", key: d.key, envelope: d.envelope });
      }
      if (s.used.crash < budgets.crash)
        for (const p of mayCrash) if (s.up[p]) actions.push({ kind: "crash", process: p });
      if (budgets.restart) s.up.forEach((up, process) => up || actions.push({ kind: "restart", process }));
      if (s.cut === null && s.used.partition < budgets.partitions)
        for (const side of partitions) actions.push({ kind: "partition", side });
      if (s.cut !== null) actions.push({ kind: "heal" });
      if (budgets.byzantine > 0 && system.byzantineMessages) {
        ids.forEach((from, process) => {
          if (!s.byzantine.includes(process) && s.byzantine.length >= budgets.byzantine) return;
          ids.forEach((to, target) => {
            if (target === process) return;
            for (const message of system.byzantineMessages!(from, to)) {
              // A forged message is forged once: what is in flight already need not be sent again.
              if (
                !inFlight.some(
                  (d) =>
                    d.envelope.from === from &&
                    d.envelope.to === to &&
                    messageKey(d.envelope.message) === messageKey(message),
                )
              ) {
                actions.push({ kind: "forge", process, to: target, message });
              }
            }
          });
        });
      }
      return actions;
    },
    next: (s, a) => {
      const taken = step(s, a);
      lastFrom = s;
      lastAction = a;
      lastTaken = taken;
      return taken?.next ?? null;
    },
    eventOf: (s, from) => {
      // The step just taken, when it is the one asked about (a measure labels each edge right
      // after the search computed it), else the step again: only next() fills the memo, so a
      // probe of determinism, which calls next() twice, still computes each step afresh.
      const taken =
        from === null
          ? null
          : lastFrom === from.state && lastAction === from.action
            ? lastTaken
            : step(from.state, from.action);
      const done = taken?.event ?? null;
      if (from !== null && done === null) return null;
      const event: Omit<StepEvent<M>, "inFlight"> = {
        process: done?.process ?? null,
        received: done?.received ? labelled(done.received) : null,
        sent: done?.sent.map(labelled) ?? [],
        fault: done?.fault ?? null,
        target: done?.target ? labelled(done.target) : null,
      };
      // What is in flight is listed in the encoding's order, which costs a sort of the network:
      // worked out when first read (a trace, a report), not for a measure that reads the sends.
      let inFlight: EventMessage<M>[] | null = null;
      return Object.defineProperty(event, "inFlight", {
        enumerable: true,
        get: () => (inFlight ??= inFlightInOrder(s).map(labelled)),
      }) as StepEvent<M>;
    },
    invariants: system.invariants,
    terminal: system.terminal ? (s) => system.terminal!(s) : undefined,
    constraint: system.constraint ? (s) => system.constraint!(s) : undefined,
    partialOrder: actorPartialOrder(system, networkKind, budgets),
    liveness: system.liveness,
    ...(system.measures ? { measures: system.measures } : {}),
    fairness: system.fairness ?? defaultFairness(budgets),
    view: system.view ? (s) => system.view!(s) : undefined,
    formatAction(a) {
      switch (a.kind) {
        case "deliver":
        case "drop":
        case "duplicate":
          return `${a.kind} ${showEnvelope(a.envelope)}`;
        case "timer":
          return `timer ${a.timer} at ${ids[a.process]}`;
        case "crash":
        case "restart":
          return `${a.kind} ${ids[a.process]}`;
        case "partition":
          return `partition {${ids.filter((_, i) => a.side[i]).join(", ")}} | {${ids.filter((_, i) => !a.side[i]).join(", ")}}`;
        case "heal":
          return "heal the partition";
        case "forge":
          return `forge ${showEnvelope({ from: ids[a.process]!, to: ids[a.to]!, message: a.message })}`;
      }
    },
    actorOf(a) {
      switch (a.kind) {
        case "deliver":
          return a.envelope.to;
        case "timer":
        case "crash":
        case "restart":
        case "forge":
          return ids[a.process];
        default:
          return "network";
      }
    },
    symmetry: system.symmetric ? actorSymmetry(system, networkKind) : undefined,
  };

  return machine;
}

/** Delivery of each message and each armed timer weakly fair; delivery not at all if messages may be lost. */
function defaultFairness(budgets: FaultBudgets): Fairness<ActorAction>[] {
  const timers: Fairness<ActorAction> = {
    name: "timers",
    kind: "weak",
    description: "an armed timer fires eventually",
    group: (a) => (a.kind === "timer" ? `timer ${a.timer} at ${a.process}` : null),
  };
  if (budgets.drop > 0) return [timers];
  return [
    {
      name: "delivery",
      kind: "weak",
      description: "a message that stays deliverable is delivered eventually",
      group: (a) => (a.kind === "deliver" ? `deliver ${a.key}` : null),
    },
    timers,
  ];
}

/** The event of a fault that neither receives nor sends, before what it acted on is known. */
function fault(kind: FaultKind) {
  return { received: null, sent: [], fault: kind, target: null };
}

/**
 * Every message in flight in `s`, one entry per copy, links and messages in the order the state's
 * encoding gives the network (the order the result file writes it in).
 */
function inFlightInOrder<M>(s: ActorState<unknown, M>): Envelope<M>[] {
  const entries = [...s.network];
  const bytes = entries.map((entry) => encodeCanonical(entry));
  const order = entries.map((_, i) => i).sort((a, b) => compareCanonical(bytes[a]!, bytes[b]!));
  return envelopesOf(order.map((i) => entries[i]![1]));
}

/** Every way to split n processes in two non-empty sides, process 0 always on side `true`. */
function allSides(n: number): boolean[][] {
  const sides: boolean[][] = [];
  for (let mask = 0; mask < 1 << (n - 1); mask++) {
    const side = Array.from({ length: n }, (_, i) => i === 0 || ((mask >> (i - 1)) & 1) === 1);
    if (side.some((x) => !x)) sides.push(side);
  }
  return sides;
}

function replaced<T>(array: readonly T[], index: number, value: T): readonly T[] {
  if (array[index] === value) return array;
  const copy = array.slice();
  copy[index] = value;
  return copy;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
