// Lamport's mutual exclusion as Stephan Merz specifies it in TLA+ (module LamportMutex of the TLA+
// Examples, specifications/lamport_mutex), run as its TLC model MCLamportMutex does, transcribed
// action for action so that distinct-state counts compare one to one with TLC's. This is variant
// `tla` of mutex-lamport (models/mutex/mutex-lamport.ts); the actor form there is the textbook
// algorithm, this one is the specification.
//
// Processes are numbered as in the specification, Proc = 1..N. A TLA+ function over Proc is an
// array whose element p − 1 is the value at p, which is also how TLC prints such a function
// (<<f[1], f[2], …>>); sets of processes hold the process numbers themselves.
//
//   TLA+                                    TypeScript (LamportMutexState)
//   clock ∈ [Proc → Clock]                  clock: number[], clock[p − 1]
//   req ∈ [Proc → [Proc → Nat]]             req: number[][], req[p − 1][q − 1] (0: no request known)
//   ack ∈ [Proc → SUBSET Proc]              ack: number[][], each a sorted array of process numbers
//   network ∈ [Proc → [Proc → Seq(Message)]]
//                                           network: Message[][][], network[p − 1][q − 1] the FIFO
//                                           channel from p to q, head first
//   crit ∈ SUBSET Proc                      crit: number[], sorted
//   [type ↦ t, clock ↦ c] ∈ Message         { type: t, clock: c } (one shared object per message value)
//
//   Request(p)            p stamps a request with its clock (unchanged), records it as req[p][p],
//                         sets ack[p] to {p} and broadcasts the request
//   ReceiveRequest(p, q)  p takes q's request off the channel, records its clock, advances its own
//                         clock past it (c + 1, or clock + 1 when not behind) and acknowledges
//   ReceiveAck(p, q)      p adds q to ack[p]
//   Enter(p)              ack[p] = Proc and beats(p, q) for every other q
//   Exit(p)               p leaves, broadcasts a release, forgets its request and its acks
//   ReceiveRelease(p, q)  p forgets q's request
//
// Next is the disjunction in the specification's order: for every p, Request, Enter, Exit; then
// for every p and q ≠ p, the three receptions. Enter(p) does not ask p ∉ crit, so while p is in
// the critical section Enter(p) stays enabled and leads back to the same state; TLC counts that
// successor as generated, and so do we (next returns the state itself).
//
// MCLamportMutex (the TLC model): N = 3, maxClock = 6, ClockConstraint (every clock ≤ maxClock) as
// the state CONSTRAINT, and Nat overridden by 0..MaxNat with MaxNat = 7, which makes Clock
// (Nat \ {0}) the finite 1..7 that TLC can enumerate in TypeOK. Here they are --n, --max-clock and
// --max-nat. A successor that breaks the constraint (a clock of maxClock + 1) is counted as
// generated, then neither stored nor checked nor expanded: TLC's order, and the explorer's
// (checker/search/exploration.ts). The module's assumptions N ∈ Nat and maxClock ∈ Nat read Nat
// as overridden, so a run with --n or --max-clock above --max-nat is refused, as TLC refuses it.
//
// Invariants, those of MCLamportMutex.cfg: TypeOK, BoundedNetwork (no channel holds more than three
// messages) and Mutex (at most one process in crit).
//
// No partial-order reduction: TypeOK reads every variable, so every action would be visible and
// nothing could be pruned. No symmetry either: beats breaks ties by process number.
//
// HTML reports draw each state with `view`: the processes in a row, coloured by what they are
// doing, with their clocks, known requests and acknowledgements, and every non-empty channel.

import {
  type AddedVariant,
  CheckerError,
  type DomainView,
  type Invariant,
  intParam,
  type Shape,
  type StateMachine,
} from "../../checker/index.ts";

export interface Message {
  readonly type: "req" | "ack" | "rel";
  readonly clock: number;
}

export interface LamportMutexState {
  readonly clock: readonly number[];
  readonly req: readonly (readonly number[])[];
  readonly ack: readonly (readonly number[])[];
  readonly network: readonly (readonly (readonly Message[])[])[];
  readonly crit: readonly number[];
}

/** An action instance of Next; p and q are process numbers, 1..N, as in the specification. */
export type LamportMutexAction =
  | { readonly kind: "Request" | "Enter" | "Exit"; readonly p: number }
  | {
      readonly kind: "ReceiveRequest" | "ReceiveAck" | "ReceiveRelease";
      readonly p: number;
      readonly q: number;
    };

/**
 * Ways to weaken Enter's guard, for specs that show the checker catching a broken entry rule (not
 * a variant of the model):
 *   own-request  p ∈ ack[p] in place of ack[p] = Proc: p has requested, but waits for no acknowledgement
 *   no-beats     ack[p] = Proc alone: every acknowledgement in, whatever requests p knows of
 *   no-tiebreak  beats without the process number: equal clocks count as a win for both
 */
export type WeakenedEntry = "own-request" | "no-beats" | "no-tiebreak";

export interface LamportMutexOptions {
  readonly n: number;
  readonly maxClock: number;
  readonly maxNat: number;
  readonly weakenedEntry?: WeakenedEntry;
}

const ACK: Message = Object.freeze({ type: "ack", clock: 0 });
const REL: Message = Object.freeze({ type: "rel", clock: 0 });

/** [f EXCEPT ![i] = v] for a function held as an array (i is an array index). */
function except<T>(array: readonly T[], i: number, value: T): readonly T[] {
  const copy = array.slice();
  copy[i] = value;
  return copy;
}

/** S ∪ {x} for a set held as a sorted array of numbers. */
function withMember(set: readonly number[], x: number): readonly number[] {
  let at = 0;
  while (at < set.length && set[at]! < x) at++;
  if (set[at] === x) return set;
  const union = set.slice(0, at);
  union.push(x);
  for (let i = at; i < set.length; i++) union.push(set[i]!);
  return union;
}

export function lamportMutexTla(
  options: LamportMutexOptions,
): StateMachine<LamportMutexState, LamportMutexAction> {
  const { n, maxClock, maxNat, weakenedEntry } = options;
  // ASSUME NType and maxClockType, with Nat read as 0..MaxNat.
  for (const [name, value] of [
    ["n", n],
    ["max-clock", maxClock],
  ] as const) {
    if (value > maxNat) {
      throw new CheckerError(
        "bad-param",
        `--${name} ${value} is not in Nat, which MCLamportMutex overrides by 0..MaxNat = 0..${maxNat}; raise --max-nat`,
      );
    }
  }
  const procs = Array.from({ length: n }, (_, i) => i + 1);

  const reqMessages: Message[] = [];
  /** ReqMessage(c), one object per clock value. */
  const reqMessage = (c: number): Message =>
    (reqMessages[c] ??= Object.freeze({ type: "req" as const, clock: c }));

  /** beats(p, q): p believes its request comes before q's (p, q array indexes). */
  const beats = (row: readonly number[], p: number, q: number): boolean => {
    const own = row[p]!;
    const theirs = row[q]!;
    if (theirs === 0 || own < theirs) return true;
    if (weakenedEntry === "no-tiebreak") return own === theirs;
    return own === theirs && p < q;
  };
  const mayEnter = (s: LamportMutexState, p: number): boolean => {
    const acks = s.ack[p]!;
    if (weakenedEntry === "own-request") {
      if (!acks.includes(p + 1)) return false;
    } else if (acks.length !== n) {
      // ack[p] ⊆ Proc, so ack[p] = Proc exactly when it has N members.
      return false;
    }
    if (weakenedEntry === "no-beats") return true;
    const row = s.req[p]!;
    for (let q = 0; q < n; q++) if (q !== p && !beats(row, p, q)) return false;
    return true;
  };

  /** [network EXCEPT ![s] = Broadcast(s, m)]: m appended to every channel from s but s's own. */
  const broadcast = (network: LamportMutexState["network"], s: number, m: Message) =>
    except(
      network,
      s,
      network[s]!.map((channel, r) => (r === s ? channel : [...channel, m])),
    );

  /** The head of the channel from q to p, if any (array indexes). */
  const head = (s: LamportMutexState, q: number, p: number): Message | undefined => s.network[q]![p]![0];
  /** [network EXCEPT ![q][p] = Tail(@)]. */
  const received = (network: LamportMutexState["network"], q: number, p: number) =>
    except(network, q, except(network[q]!, p, network[q]![p]!.slice(1)));

  const actions: LamportMutexAction[] = [];
  for (const p of procs) {
    actions.push({ kind: "Request", p }, { kind: "Enter", p }, { kind: "Exit", p });
  }
  for (const p of procs) {
    for (const q of procs) {
      if (q === p) continue;
      actions.push(
        { kind: "ReceiveRequest", p, q },
        { kind: "ReceiveAck", p, q },
        { kind: "ReceiveRelease", p, q },
      );
    }
  }

  const next = (s: LamportMutexState, a: LamportMutexAction): LamportMutexState | null => {
    const p = a.p - 1;
    switch (a.kind) {
      case "Request": {
        if (s.req[p]![p] !== 0) return null;
        return {
          clock: s.clock,
          req: except(s.req, p, except(s.req[p]!, p, s.clock[p]!)),
          ack: except(s.ack, p, [a.p]),
          network: broadcast(s.network, p, reqMessage(s.clock[p]!)),
          crit: s.crit,
        };
      }
      case "Enter": {
        if (!mayEnter(s, p)) return null;
        if (s.crit.includes(a.p)) return s;
        return { ...s, crit: withMember(s.crit, a.p) };
      }
      case "Exit": {
        if (!s.crit.includes(a.p)) return null;
        return {
          clock: s.clock,
          req: except(s.req, p, except(s.req[p]!, p, 0)),
          ack: except(s.ack, p, []),
          network: broadcast(s.network, p, REL),
          crit: s.crit.filter((x) => x !== a.p),
        };
      }
      case "ReceiveRequest": {
        const q = a.q - 1;
        const m = head(s, q, p);
        if (m === undefined || m.type !== "req") return null;
        const c = m.clock;
        const own = s.clock[p]!;
        const tail = received(s.network, q, p);
        return {
          clock: except(s.clock, p, c > own ? c + 1 : own + 1),
          req: except(s.req, p, except(s.req[p]!, q, c)),
          ack: s.ack,
          network: except(tail, p, except(tail[p]!, q, [...tail[p]![q]!, ACK])),
          crit: s.crit,
        };
      }
      case "ReceiveAck": {
        const q = a.q - 1;
        const m = head(s, q, p);
        if (m === undefined || m.type !== "ack") return null;
        return {
          clock: s.clock,
          req: s.req,
          ack: except(s.ack, p, withMember(s.ack[p]!, a.q)),
          network: received(s.network, q, p),
          crit: s.crit,
        };
      }
      case "ReceiveRelease": {
        const q = a.q - 1;
        const m = head(s, q, p);
        if (m === undefined || m.type !== "rel") return null;
        return {
          clock: s.clock,
          req: except(s.req, p, except(s.req[p]!, q, 0)),
          ack: s.ack,
          network: received(s.network, q, p),
          crit: s.crit,
        };
      }
    }
  };

  const inRange = (x: number, low: number, high: number) => Number.isInteger(x) && x >= low && x <= high;
  /** A set of processes: a sorted array of distinct process numbers. */
  const isProcSet = (set: readonly number[]) =>
    set.every((x, i) => inRange(x, 1, n) && (i === 0 || set[i - 1]! < x));
  const isMessage = (m: Message) =>
    m === ACK ||
    m === REL ||
    (m.type === "req" && inRange(m.clock, 1, maxNat)) ||
    ((m.type === "ack" || m.type === "rel") && m.clock === 0);
  /** Every function has domain Proc (Proc × Proc for req and network). */
  const hasDomains = (s: LamportMutexState) =>
    s.clock.length === n &&
    s.req.length === n &&
    s.req.every((row) => row.length === n) &&
    s.ack.length === n &&
    s.network.length === n &&
    s.network.every((row) => row.length === n);
  /** The rest of TypeOK, on every state: no allocation on the way to "true". */
  const wellTyped = (s: LamportMutexState) => {
    for (let i = 0; i < n; i++) {
      if (!inRange(s.clock[i]!, 1, maxNat) || !isProcSet(s.ack[i]!)) return false;
      for (let j = 0; j < n; j++) {
        if (!inRange(s.req[i]![j]!, 0, maxNat) || !s.network[i]![j]!.every(isMessage)) return false;
      }
    }
    return isProcSet(s.crit);
  };
  /** What is wrong with a state of the right shape that is not well typed, for the report. */
  const typeErrors = (s: LamportMutexState): string[] => {
    const errors: string[] = [];
    procs.forEach((p, i) => {
      if (!inRange(s.clock[i]!, 1, maxNat))
        errors.push(`clock[${p}] = ${s.clock[i]} is not in Clock = 1..${maxNat}`);
      s.req[i]!.forEach((c, j) => {
        if (!inRange(c, 0, maxNat)) errors.push(`req[${p}][${j + 1}] = ${c} is not in Nat = 0..${maxNat}`);
      });
      if (!isProcSet(s.ack[i]!)) errors.push(`ack[${p}] = {${s.ack[i]!.join(", ")}} is not a subset of Proc`);
      s.network[i]!.forEach((channel, j) => {
        if (!channel.every(isMessage)) errors.push(`network[${p}][${j + 1}] holds a value outside Message`);
      });
    });
    if (!isProcSet(s.crit)) errors.push(`crit = {${s.crit.join(", ")}} is not a subset of Proc`);
    return errors;
  };
  const typeOK: Invariant<LamportMutexState> = {
    name: "TypeOK",
    description: "every variable holds a value of its type, with Nat read as 0..MaxNat",
    holds: (s) => hasDomains(s) && wellTyped(s),
    explain: (s) => (hasDomains(s) ? typeErrors(s).join("; ") : "a function does not have domain Proc"),
  };

  /** Channels holding more than three messages, as "p→q (k)". */
  const crowded = (s: LamportMutexState) =>
    s.network.flatMap((row, i) =>
      row.flatMap((channel, j) => (channel.length > 3 ? [`${i + 1}→${j + 1} (${channel.length})`] : [])),
    );
  const boundedNetwork: Invariant<LamportMutexState> = {
    name: "BoundedNetwork",
    description: "no channel ever holds more than three messages",
    holds: (s) => s.network.every((row) => row.every((channel) => channel.length <= 3)),
    explain: (s) => `channels with more than three messages: ${crowded(s).join(", ")}`,
  };
  const mutex: Invariant<LamportMutexState> = {
    name: "Mutex",
    description: "at most one process is in the critical section",
    holds: (s) => s.crit.length <= 1,
    explain: (s) => `processes ${s.crit.join(" and ")} are in the critical section together`,
  };

  return {
    init: () => [
      {
        clock: procs.map(() => 1),
        req: procs.map(() => procs.map(() => 0)),
        ack: procs.map(() => []),
        network: procs.map(() => procs.map(() => [])),
        crit: [],
      },
    ],
    actions: () => actions,
    next,
    invariants: [typeOK, boundedNetwork, mutex],
    constraint: (s) => s.clock.every((c) => c <= maxClock),
    formatAction: (a) => ("q" in a ? `${a.kind}(${a.p}, ${a.q})` : `${a.kind}(${a.p})`),
    actorOf: (a) => `p${a.p}`,
    view: (s) => picture(s, n),
  };
}

/** What a process is doing, for the picture: in crit, requesting, or neither. */
function phaseOf(s: LamportMutexState, i: number): "crit" | "requesting" | "idle" {
  if (s.crit.includes(i + 1)) return "crit";
  return s.req[i]![i] !== 0 ? "requesting" : "idle";
}

const FILL = { crit: "#86efac", requesting: "#fde68a", idle: "#e5e7eb" } as const;

const showMessage = (m: Message) => (m.type === "req" ? `req(${m.clock})` : m.type);

/**
 * The report's picture of a state: one box per process (green in crit, yellow while requesting)
 * with its clock, the request clocks it knows (req[p]) and who has acknowledged it, then every
 * channel that holds messages, head first.
 */
function picture(s: LamportMutexState, n: number): DomainView {
  const box = 150;
  const gap = 16;
  const width = n * (box + gap) + gap;
  const shapes: Shape[] = [];
  for (let i = 0; i < n; i++) {
    const x = gap + i * (box + gap);
    const phase = phaseOf(s, i);
    shapes.push(
      {
        kind: "rect",
        x,
        y: 10,
        width: box,
        height: 40,
        fill: FILL[phase],
        stroke: "#374151",
        label: `${i + 1}: ${phase}, clock ${s.clock[i]}`,
        title: `process ${i + 1}`,
      },
      { kind: "text", x: x + 4, y: 68, text: `req: <<${s.req[i]!.join(", ")}>>`, size: 12 },
      { kind: "text", x: x + 4, y: 86, text: `ack: {${s.ack[i]!.join(", ")}}`, size: 12 },
    );
  }
  const channels: string[] = [];
  s.network.forEach((row, i) =>
    row.forEach((channel, j) => {
      if (channel.length > 0) channels.push(`${i + 1}→${j + 1}: ${channel.map(showMessage).join(", ")}`);
    }),
  );
  if (channels.length === 0) channels.push("every channel empty");
  channels.forEach((line, k) => shapes.push({ kind: "text", x: gap, y: 116 + 18 * k, text: line, size: 12 }));
  return { title: "processes and channels", width, height: 126 + 18 * channels.length, shapes };
}

/** An int parameter, as intParam makes it. */
type IntParam = ReturnType<typeof intParam>;

type TlaParams = { readonly n: IntParam; readonly "max-clock": IntParam; readonly "max-nat": IntParam };

/**
 * Variant `tla`, for withVariant, sharing the model's `n`: the specification takes any N, so the
 * actor form's range suits it.
 */
export function tlaVariant(n: IntParam): AddedVariant<TlaParams> {
  return {
    name: "tla",
    description:
      "LamportMutex.tla (TLA+ Examples) as its TLC model MCLamportMutex runs it, action for action: clock, req, ack, network, crit, with ClockConstraint as the state constraint (counts compare with TLC's)",
    params: {
      n,
      "max-clock": intParam({
        min: 1,
        max: 10,
        default: 6,
        description: "maxClock: ClockConstraint keeps every clock at most this",
      }),
      "max-nat": intParam({
        min: 1,
        max: 20,
        default: 7,
        description: "MaxNat: Nat is read as 0..MaxNat (TypeOK's bound on clocks)",
      }),
    },
    configs: [
      {
        name: "tla",
        description:
          "MCLamportMutex.cfg: N = 3, maxClock = 6, MaxNat = 7; TLC finds 724,274 distinct states (2,729,079 generated), depth 61",
        params: { n: 3, "max-clock": 6, "max-nat": 7 },
        expect: { verdict: "holds", states: 724274, depth: 61 },
      },
      {
        name: "tla-small",
        description: "the same specification with maxClock = 3",
        params: { n: 3, "max-clock": 3, "max-nat": 7 },
        // Computed by the checker, equal under BFS and DFS (specs/models/mutex-lamport-tla.spec.ts).
        expect: { verdict: "holds", states: 10209, depth: 31 },
      },
    ],
    build: (values) =>
      lamportMutexTla({ n: values.n, maxClock: values["max-clock"], maxNat: values["max-nat"] }),
  };
}
