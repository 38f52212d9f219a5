// Single-decree Paxos as Lamport specifies it in TLA+ (module Paxos of the TLA+ Examples,
// specifications/Paxos/Paxos.tla, checked by TLC through MCPaxos.tla and MCPaxos.cfg), transcribed
// action for action as the variant `tla` of the model `paxos`, so that its counts compare one to
// one with TLC's on the same constants:
//
//   constants   Acceptor = {a1, …, aN}          --acceptors N
//               Value    = {v1, …, vV}          --values V
//               Ballot   = 0..B−1               --ballots B (MCPaxos overrides Ballot ≜ ℕ by MCBallot)
//               Quorum   = every set of ⌊N/2⌋ + 1 acceptors (MCPaxos: {{a1}}; MCVoting: the three
//                          pairs of {a1, a2, a3}), None = the string "None"
//   variables   maxBal, maxVBal   arrays indexed by acceptor number (acceptor i is a(i+1)), −1 for
//                                 "no ballot yet"
//               maxVal            an array of value names, "None" when the acceptor has not voted
//               msgs              a native Set of message strings, one string per TLA+ record:
//                                   [type ↦ "1a", bal ↦ b]                          "1a(b)"
//                                   [type ↦ "1b", acc ↦ a, bal ↦ b, mbal ↦ m, mval ↦ w]
//                                                                                   "1b(a,b,m,w)"
//                                   [type ↦ "2a", bal ↦ b, val ↦ v]                 "2a(b,v)"
//                                   [type ↦ "2b", acc ↦ a, bal ↦ b, val ↦ v]        "2b(a,b,v)"
//                                 so that two states with the same messages are the same state
//                                 whatever order they were sent in, and Send(m) of a message
//                                 already in msgs leaves the state as it was (msgs ∪ {m} = msgs)
//   actions     Phase1a(b)                  Phase1a(b)
//               Phase1b(a) with 1a(b)       Phase1b(a, b): one action per 1a message m with
//                                           m.bal > maxBal[a], as TLC gives one successor per
//                                           witness of ∃ m ∈ msgs
//               Phase2a(b, v)               Phase2a(b, v, q, via): one action per branch TLC
//                                           explores: per quorum Q of ∃ Q ∈ Quorum, and then either
//                                           via = −1 (the disjunct Q1bv = {}) or via = the acceptor
//                                           whose 1b message is the witness m of ∃ m ∈ Q1bv
//               Phase2b(a) with 2a(b, v)    Phase2b(a, b, v): one per 2a message (one per ballot)
//   invariants  TypeOK (Paxos's TypeOK, msgs ⊆ Message included), agreement (at most one value
//               is chosen: Voting's chosen, where v is chosen when a quorum sent 2b messages for v
//               in one ballot; Consensus's Cardinality(chosen) ≤ 1), validity (chosen ⊆ Value, and
//               a value chosen in ballot b was proposed there: 2a(b, v) ∈ msgs)
//
// Branches that give equal successors (two quorums that both allow v at b, a Phase1a that re-sends
// a 1a message, a Phase2b repeated) are separate actions on purpose: each is one generated state,
// as in TLC, and with MCPaxos's constants (one acceptor, one value, ballots 0..1, quorum {{a1}})
// the counts are TLC's: 25 distinct states, 82 generated, depth 9. Phase1a is always enabled (a
// re-sent 1a message leaves msgs as it is), so no state is a deadlock, as in TLC.
//
// Symmetry (--symmetry): the acceptors are interchangeable, as in MCPaxos's MCSymmetry (which
// also permutes the values; this checker's symmetry is one group of one kind of element, so only
// the acceptors are permuted here). Quorum, every set of ⌊N/2⌋ + 1 acceptors, is closed under
// renaming.
// Renaming moves maxBal, maxVBal and maxVal by acceptor number and renames the acceptor of every
// 1b and 2b message; an acceptor's signature is its three variables and the 1b and 2b messages it
// sent, written without its name.
//
// A broken form for the specs (paxosTla's `ignoreVotes` option, not a variant of the model):
// Phase2a(b, v) needs a quorum of 1b messages for b but ignores the votes they report, so a
// later ballot may propose and get chosen another value; agreement catches it.

import {
  type AddedVariant,
  type DomainView,
  type Invariant,
  intParam,
  permuteIndexed,
  type Shape,
  type StateMachine,
  type Symmetry,
} from "../../checker/index.ts";

export interface PaxosTlaState {
  /** maxBal[i]: the highest ballot acceptor i has joined (1b or 2b), −1 at first. */
  readonly maxBal: readonly number[];
  /** maxVBal[i], maxVal[i]: acceptor i's last vote, −1 and "None" before it votes. */
  readonly maxVBal: readonly number[];
  readonly maxVal: readonly string[];
  /** Every message ever sent, as strings ("1a(0)", "1b(a1,0,-1,None)", "2a(0,v1)", "2b(a1,0,v1)"). */
  readonly msgs: ReadonlySet<string>;
}

/** Acceptors and quorums are numbers (acceptor i is named a(i+1)); ballots and values are numbers too (value j is v(j+1)). */
export type PaxosTlaAction =
  | { readonly kind: "Phase1a"; readonly b: number }
  | { readonly kind: "Phase1b"; readonly a: number; readonly b: number }
  | {
      readonly kind: "Phase2a";
      readonly b: number;
      readonly v: number;
      /** The quorum Q of ∃ Q ∈ Quorum (an index into the machine's quorums). */
      readonly q: number;
      /** The acceptor whose 1b message shows v safe (∃ m ∈ Q1bv), or −1 when none of Q voted (Q1bv = {}). */
      readonly via: number;
    }
  | { readonly kind: "Phase2b"; readonly a: number; readonly b: number; readonly v: number };

export interface PaxosTlaParams {
  readonly acceptors: number;
  readonly values: number;
  readonly ballots: number;
}

export interface PaxosTlaOptions {
  /** The broken form: Phase2a ignores the votes reported in 1b messages and proposes any value. */
  readonly ignoreVotes?: boolean;
}

const NONE = "None";

/** A message of the set Message, parsed once; −1 stands for a field the record lacks, and for None. */
interface Message {
  readonly type: "1a" | "1b" | "2a" | "2b";
  readonly acc: number;
  readonly bal: number;
  readonly mbal: number;
  readonly mval: number;
  readonly val: number;
  /** The message with its acceptor's name left out, for symmetry signatures. */
  readonly anonymous: string;
}

/** What a state's msgs says, read once per set of messages (a Set that is shared by many states). */
interface MessageIndex {
  /** oneB[a * ballots + b]: acceptor a's 1b message for ballot b (one at most: maxBal[a] ≥ b once it is sent). */
  readonly oneB: (Message | undefined)[];
  /** twoA[b]: the value of the 2a message of ballot b, −1 when none was sent (Phase2a sends one at most). */
  readonly twoA: number[];
  /** votes[b * values + v]: the acceptors that sent 2b for v in ballot b. */
  readonly votes: number[][];
}

/** S ∪ {x}: the same set when x is already in it, a copy with x otherwise. */
function withElement<T>(set: ReadonlySet<T>, x: T): ReadonlySet<T> {
  if (set.has(x)) return set;
  const union = new Set<T>();
  for (const element of set) union.add(element);
  return union.add(x);
}

/** [f EXCEPT ![i] = v] for a function over acceptors held as an array; the array itself when f[i] = v already. */
function except<T>(array: readonly T[], i: number, value: T): readonly T[] {
  if (array[i] === value) return array;
  const copy = array.slice();
  copy[i] = value;
  return copy;
}

/** Every subset of 0..n−1 with k elements, in lexicographic order. */
function subsets(n: number, k: number): number[][] {
  const result: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === k) {
      result.push(chosen.slice());
      return;
    }
    for (let i = start; i < n; i++) {
      chosen.push(i);
      pick(i + 1, chosen);
      chosen.pop();
    }
  };
  pick(0, []);
  return result;
}

export function paxosTla(
  { acceptors, values, ballots }: PaxosTlaParams,
  { ignoreVotes = false }: PaxosTlaOptions = {},
): StateMachine<PaxosTlaState, PaxosTlaAction> {
  const accName = Array.from({ length: acceptors }, (_, i) => `a${i + 1}`);
  const valName = Array.from({ length: values }, (_, j) => `v${j + 1}`);
  const quorumSize = Math.floor(acceptors / 2) + 1;
  const quorums = subsets(acceptors, quorumSize);
  const quorumIndex = new Map(quorums.map((q, i) => [q.join(","), i]));
  const valueOrNone = (j: number) => (j < 0 ? NONE : valName[j]!);

  // The set Message of the specification, every record spelled once: the names below are the
  // only strings msgs ever holds, and TypeOK checks exactly that.
  const parsed = new Map<string, Message>();
  const add = (name: string, m: Omit<Message, "anonymous">, anonymous: string) => {
    parsed.set(name, { ...m, anonymous });
    return name;
  };
  const oneAName = Array.from({ length: ballots }, (_, b) =>
    add(`1a(${b})`, { type: "1a", acc: -1, bal: b, mbal: -1, mval: -1, val: -1 }, `1a(${b})`),
  );
  // oneBName[(a * ballots + b) * (ballots + 1) + mbal + 1][mval + 1]
  const oneBName: string[][] = [];
  for (let a = 0; a < acceptors; a++) {
    for (let b = 0; b < ballots; b++) {
      for (let mbal = -1; mbal < ballots; mbal++) {
        const row: string[] = [];
        for (let mval = -1; mval < values; mval++) {
          const fields = `${b},${mbal},${valueOrNone(mval)}`;
          row.push(
            add(
              `1b(${accName[a]},${fields})`,
              { type: "1b", acc: a, bal: b, mbal, mval, val: -1 },
              `1b(${fields})`,
            ),
          );
        }
        oneBName.push(row);
      }
    }
  }
  const oneB = (a: number, b: number, mbal: number, mval: number) =>
    oneBName[(a * ballots + b) * (ballots + 1) + mbal + 1]![mval + 1]!;
  const twoAName = Array.from({ length: ballots }, (_, b) =>
    valName.map((v, j) =>
      add(`2a(${b},${v})`, { type: "2a", acc: -1, bal: b, mbal: -1, mval: -1, val: j }, `2a(${b},${v})`),
    ),
  );
  const twoBName = accName.map((name, a) =>
    Array.from({ length: ballots }, (_, b) =>
      valName.map((v, j) =>
        add(
          `2b(${name},${b},${v})`,
          { type: "2b", acc: a, bal: b, mbal: -1, mval: -1, val: j },
          `2b(${b},${v})`,
        ),
      ),
    ),
  );

  // Every msgs set is read once, however many states share it and actions ask about it.
  const indexes = new WeakMap<ReadonlySet<string>, MessageIndex>();
  function indexOf(msgs: ReadonlySet<string>): MessageIndex {
    let index = indexes.get(msgs);
    if (index !== undefined) return index;
    index = {
      oneB: new Array<Message | undefined>(acceptors * ballots).fill(undefined),
      twoA: new Array<number>(ballots).fill(-1),
      votes: Array.from({ length: ballots * values }, () => []),
    };
    for (const name of msgs) {
      const m = parsed.get(name);
      if (m === undefined) continue; // not a Message: TypeOK says so
      if (m.type === "1b") index.oneB[m.acc * ballots + m.bal] = m;
      else if (m.type === "2a") index.twoA[m.bal] = m.val;
      else if (m.type === "2b") index.votes[m.bal * values + m.val]!.push(m.acc);
    }
    indexes.set(msgs, index);
    return index;
  }

  const state = (
    maxBal: readonly number[],
    maxVBal: readonly number[],
    maxVal: readonly string[],
    msgs: ReadonlySet<string>,
  ): PaxosTlaState => ({ maxBal, maxVBal, maxVal, msgs });

  // The actions, made once; actions(s) lists the enabled ones by reference.
  const phase1a = Array.from({ length: ballots }, (_, b): PaxosTlaAction => ({ kind: "Phase1a", b }));
  const phase1b = accName.map((_, a) =>
    Array.from({ length: ballots }, (_, b): PaxosTlaAction => ({ kind: "Phase1b", a, b })),
  );
  const phase2b = accName.map((_, a) =>
    Array.from({ length: ballots }, (_, b) =>
      valName.map((_, v): PaxosTlaAction => ({ kind: "Phase2b", a, b, v })),
    ),
  );
  // phase2a[((b * values + v) * quorums + q) * (acceptors + 1) + via + 1]
  const phase2a: PaxosTlaAction[] = [];
  for (let b = 0; b < ballots; b++)
    for (let v = 0; v < values; v++)
      for (let q = 0; q < quorums.length; q++)
        for (let via = -1; via < acceptors; via++) phase2a.push({ kind: "Phase2a", b, v, q, via });
  const phase2aAction = (b: number, v: number, q: number, via: number) =>
    phase2a[((b * values + v) * quorums.length + q) * (acceptors + 1) + via + 1]!;

  /**
   * The branches of Phase2a(b, ·) that TLC explores for quorum Q, as (v, via) pairs: with every
   * member's 1b message for b at hand, either none of them voted (Q1bv = {}) and every value may
   * be proposed, or each message m of Q1bv with the highest mbal is a witness for v = m.mval.
   * Null when some member of Q has sent no 1b for b.
   */
  function branches(index: MessageIndex, b: number, quorum: readonly number[]): number[] | null {
    let highest = -1;
    for (const a of quorum) {
      const m = index.oneB[a * ballots + b];
      if (m === undefined) return null;
      if (m.mbal > highest) highest = m.mbal;
    }
    const pairs: number[] = [];
    if (highest < 0 || ignoreVotes) {
      for (let v = 0; v < values; v++) pairs.push(v, -1);
      return pairs;
    }
    for (const a of quorum) {
      const m = index.oneB[a * ballots + b]!;
      if (m.mbal === highest) pairs.push(m.mval, a);
    }
    return pairs;
  }

  function actions(s: PaxosTlaState): PaxosTlaAction[] {
    const enabled: PaxosTlaAction[] = phase1a.slice();
    const index = indexOf(s.msgs);
    for (let a = 0; a < acceptors; a++) {
      const maxBal = s.maxBal[a]!;
      for (let b = maxBal + 1; b < ballots; b++) if (s.msgs.has(oneAName[b]!)) enabled.push(phase1b[a]![b]!);
      for (let b = Math.max(maxBal, 0); b < ballots; b++) {
        const v = index.twoA[b]!;
        if (v >= 0) enabled.push(phase2b[a]![b]![v]!);
      }
    }
    for (let b = 0; b < ballots; b++) {
      if (index.twoA[b]! >= 0) continue;
      for (let q = 0; q < quorums.length; q++) {
        const pairs = branches(index, b, quorums[q]!);
        if (pairs === null) continue;
        for (let k = 0; k < pairs.length; k += 2) enabled.push(phase2aAction(b, pairs[k]!, q, pairs[k + 1]!));
      }
    }
    return enabled;
  }

  function next(s: PaxosTlaState, action: PaxosTlaAction): PaxosTlaState | null {
    switch (action.kind) {
      case "Phase1a": {
        const msgs = withElement(s.msgs, oneAName[action.b]!);
        return msgs === s.msgs ? s : state(s.maxBal, s.maxVBal, s.maxVal, msgs);
      }
      case "Phase1b": {
        const { a, b } = action;
        if (!s.msgs.has(oneAName[b]!) || !(b > s.maxBal[a]!)) return null;
        const sent = oneB(a, b, s.maxVBal[a]!, valName.indexOf(s.maxVal[a]!));
        return state(except(s.maxBal, a, b), s.maxVBal, s.maxVal, withElement(s.msgs, sent));
      }
      case "Phase2a": {
        const { b, v, q, via } = action;
        const index = indexOf(s.msgs);
        if (index.twoA[b]! >= 0) return null;
        const pairs = branches(index, b, quorums[q]!);
        if (pairs === null) return null;
        let found = false;
        for (let k = 0; k < pairs.length && !found; k += 2) found = pairs[k] === v && pairs[k + 1] === via;
        if (!found) return null;
        return state(s.maxBal, s.maxVBal, s.maxVal, withElement(s.msgs, twoAName[b]![v]!));
      }
      case "Phase2b": {
        const { a, b, v } = action;
        if (!s.msgs.has(twoAName[b]![v]!) || !(b >= s.maxBal[a]!)) return null;
        const msgs = withElement(s.msgs, twoBName[a]![b]![v]!);
        const maxBal = except(s.maxBal, a, b);
        const maxVBal = except(s.maxVBal, a, b);
        const maxVal = except(s.maxVal, a, valName[v]!);
        if (msgs === s.msgs && maxBal === s.maxBal && maxVBal === s.maxVBal && maxVal === s.maxVal) return s;
        return state(maxBal, maxVBal, maxVal, msgs);
      }
    }
  }

  /** Voting's chosen, by ballot: for each ballot, the values a quorum voted for in it, with their voters. */
  function chosen(s: PaxosTlaState): { b: number; v: number; voters: number[] }[] {
    const index = indexOf(s.msgs);
    const result: { b: number; v: number; voters: number[] }[] = [];
    for (let b = 0; b < ballots; b++) {
      for (let v = 0; v < values; v++) {
        const voters = index.votes[b * values + v]!;
        // Quorums are all the sets of quorumSize acceptors: one lies inside the voters iff there are that many.
        if (voters.length >= quorumSize) result.push({ b, v, voters });
      }
    }
    return result;
  }
  const chosenValues = (s: PaxosTlaState) => new Set(chosen(s).map((c) => c.v));

  const BALLOT_OR_NONE = (x: number) => Number.isInteger(x) && x >= -1 && x < ballots;
  const VALUE_OR_NONE: ReadonlySet<string> = new Set([...valName, NONE]);
  const typeOK: Invariant<PaxosTlaState> = {
    name: "TypeOK",
    description:
      "maxBal and maxVBal map acceptors to Ballot ∪ {−1}, maxVal to Value ∪ {None}, and msgs ⊆ Message",
    holds: (s) =>
      s.maxBal.length === acceptors &&
      s.maxVBal.length === acceptors &&
      s.maxVal.length === acceptors &&
      s.maxBal.every(BALLOT_OR_NONE) &&
      s.maxVBal.every(BALLOT_OR_NONE) &&
      s.maxVal.every((v) => VALUE_OR_NONE.has(v)) &&
      [...s.msgs].every((m) => parsed.has(m)),
  };
  const describeChosen = (s: PaxosTlaState) =>
    chosen(s)
      .map(
        ({ b, v, voters }) =>
          `${valName[v]} in ballot ${b} (2b from ${voters.map((a) => accName[a]).join(", ")})`,
      )
      .join("; ");
  const agreement: Invariant<PaxosTlaState> = {
    name: "agreement",
    description: "at most one value is chosen (accepted by a quorum of acceptors in one ballot)",
    holds: (s) => chosenValues(s).size <= 1,
    explain: (s) => `two values are chosen: ${describeChosen(s)}`,
  };
  const validity: Invariant<PaxosTlaState> = {
    name: "validity",
    description: "a chosen value is one of the values, proposed (2a) in the ballot it was chosen in",
    holds: (s) => chosen(s).every(({ b, v }) => v >= 0 && v < values && s.msgs.has(twoAName[b]![v]!)),
    explain: (s) => `chosen: ${describeChosen(s)}`,
  };

  // Symmetry over acceptors: a message's image under perm, looked up rather than built.
  const renamed = (name: string, perm: readonly number[]): string => {
    const m = parsed.get(name)!;
    if (m.type === "1b") return oneB(perm[m.acc]!, m.bal, m.mbal, m.mval);
    if (m.type === "2b") return twoBName[perm[m.acc]!]![m.bal]![m.val]!;
    return name;
  };
  // For signatures: per acceptor, the 1b and 2b messages it sent, without its name, sorted.
  const sent = new WeakMap<ReadonlySet<string>, string[]>();
  function sentBy(msgs: ReadonlySet<string>): string[] {
    let texts = sent.get(msgs);
    if (texts !== undefined) return texts;
    const own = accName.map((): string[] => []);
    for (const name of msgs) {
      const m = parsed.get(name);
      if (m !== undefined && m.acc >= 0) own[m.acc]!.push(m.anonymous);
    }
    texts = own.map((list) => list.sort().join(" "));
    sent.set(msgs, texts);
    return texts;
  }
  const symmetry: Symmetry<PaxosTlaState, PaxosTlaAction> = {
    description: "acceptors",
    size: acceptors,
    permute(s, perm) {
      if (perm.every((to, from) => to === from)) return s;
      const msgs = new Set<string>();
      for (const m of s.msgs) msgs.add(renamed(m, perm));
      return state(
        permuteIndexed(s.maxBal, perm),
        permuteIndexed(s.maxVBal, perm),
        permuteIndexed(s.maxVal, perm),
        msgs,
      );
    },
    permuteAction(action, perm) {
      switch (action.kind) {
        case "Phase1a":
          return action;
        case "Phase1b":
          return { kind: "Phase1b", a: perm[action.a]!, b: action.b };
        case "Phase2b":
          return { kind: "Phase2b", a: perm[action.a]!, b: action.b, v: action.v };
        case "Phase2a": {
          const q = quorums[action.q]!.map((a) => perm[a]!).sort((x, y) => x - y);
          return {
            kind: "Phase2a",
            b: action.b,
            v: action.v,
            q: quorumIndex.get(q.join(","))!,
            via: action.via < 0 ? -1 : perm[action.via]!,
          };
        }
      }
    },
    signature: (s, a) => `${s.maxBal[a]} ${s.maxVBal[a]} ${s.maxVal[a]} ${sentBy(s.msgs)[a]}`,
  };

  const formatAction = (action: PaxosTlaAction): string => {
    switch (action.kind) {
      case "Phase1a":
        return `Phase1a(${action.b})`;
      case "Phase1b":
        return `Phase1b(${accName[action.a]}) on 1a(${action.b})`;
      case "Phase2a": {
        const quorum = `{${quorums[action.q]!.map((a) => accName[a]).join(",")}}`;
        const why = ignoreVotes
          ? "votes ignored"
          : action.via < 0
            ? "none voted"
            : `${accName[action.via]}'s vote`;
        return `Phase2a(${action.b}, ${valName[action.v]}) with Q=${quorum}, ${why}`;
      }
      case "Phase2b":
        return `Phase2b(${accName[action.a]}) on 2a(${action.b},${valName[action.v]})`;
    }
  };

  return {
    init: () => [
      state(
        accName.map(() => -1),
        accName.map(() => -1),
        accName.map(() => NONE),
        new Set(),
      ),
    ],
    actions,
    next,
    invariants: [typeOK, agreement, validity],
    formatAction,
    actorOf: (action) =>
      action.kind === "Phase1b" || action.kind === "Phase2b"
        ? accName[action.a]
        : `leader of ballot ${action.b}`,
    symmetry,
    view: (s) => picture(s, accName, chosenValues(s), valName),
  };
}

const VOTED = "#86efac";
const JOINED = "#fde68a";
const IDLE = "#e5e7eb";

/**
 * The report's picture of a state: one box per acceptor (maxBal, and its last vote maxVBal/maxVal),
 * green once it has voted, yellow once it has joined a ballot; below, the messages sent, by type,
 * and the value chosen if any.
 */
function picture(
  s: PaxosTlaState,
  accName: readonly string[],
  chosen: ReadonlySet<number>,
  valName: readonly string[],
): DomainView {
  const box = 110;
  const gap = 12;
  const width = Math.max(4, accName.length) * (box + gap) + gap;
  const shapes: Shape[] = [];
  accName.forEach((name, i) => {
    const x = gap + i * (box + gap);
    const voted = s.maxVBal[i]! >= 0;
    shapes.push({
      kind: "rect",
      x,
      y: 10,
      width: box,
      height: 52,
      fill: voted ? VOTED : s.maxBal[i]! >= 0 ? JOINED : IDLE,
      stroke: "#374151",
      label: `${name} bal ${s.maxBal[i]}`,
      title: voted ? `voted ${s.maxVal[i]} in ballot ${s.maxVBal[i]}` : "has not voted",
    });
    shapes.push({
      kind: "text",
      x: x + box / 2,
      y: 78,
      text: voted ? `vote ⟨${s.maxVBal[i]}, ${s.maxVal[i]}⟩` : "no vote",
      size: 11,
      anchor: "middle",
    });
  });
  // One line per message type, wrapped at about the width of the picture (11-pixel text).
  const perLine = Math.max(20, Math.floor((width - 2 * gap) / 7));
  let y = 104;
  for (const type of ["1a", "1b", "2a", "2b"]) {
    const sent = [...s.msgs].filter((m) => m.startsWith(type)).sort();
    let line = `${type}:`;
    for (const m of sent.length > 0 ? sent : ["none"]) {
      if (line.length + m.length + 1 > perLine && line !== `${type}:`) {
        shapes.push({ kind: "text", x: gap, y, text: line, size: 11 });
        y += 16;
        line = "   ";
      }
      line += ` ${m}`;
    }
    shapes.push({ kind: "text", x: gap, y, text: line, size: 11 });
    y += 18;
  }
  const values = [...chosen].sort((x, y) => x - y).map((v) => valName[v]);
  shapes.push({
    kind: "text",
    x: gap,
    y: y + 4,
    text: `chosen: ${values.join(", ") || "nothing yet"}`,
    size: 12,
    fill: values.length > 1 ? "#b91c1c" : "#111827",
  });
  return { title: "acceptors and messages", width, height: y + 18, shapes };
}

const PARAMS = {
  acceptors: intParam({ min: 1, max: 7, default: 3, description: "acceptors" }),
  values: intParam({ min: 1, max: 5, default: 2, description: "values v1..vV that may be proposed (tla)" }),
  ballots: intParam({ min: 1, max: 5, default: 2, description: "ballots 0..B−1 (tla)" }),
};

export const tlaVariant: AddedVariant<typeof PARAMS> = {
  name: "tla",
  description:
    "Lamport's Paxos.tla (TLA+ Examples) action for action: Phase1a/1b/2a/2b over the set msgs of messages sent, majority quorums; counts compare with TLC's",
  params: PARAMS,
  configs: [
    {
      name: "tla",
      description:
        "MCPaxos.cfg's constants (Acceptor {a1}, Value {v1}, Quorum {{a1}}, Ballot 0..1): TLC's 25 distinct states, 82 generated, depth 9",
      params: { acceptors: 1, values: 1, ballots: 2 },
      // MCPaxos.cfg also declares SYMMETRY, which does nothing with one acceptor and one value;
      // left off here so that a plain run compares the distinct states and depth.
      expect: { verdict: "holds", states: 25, depth: 9 },
    },
    {
      name: "tla-large",
      description:
        "three acceptors, two values, ballots 0..2, reduced by symmetry over the acceptors as MCPaxos.cfg declares SYMMETRY: 34,113 distinct states (185,369 with --no-symmetry)",
      params: { acceptors: 3, values: 2, ballots: 3 },
      symmetry: true,
      // Pinned: computed by the checker; the full counts are equal under BFS and DFS and to a
      // second transcription's (specs/models/paxos-tla.spec.ts).
      expect: { verdict: "holds", states: 185369, depth: 25, reducedStates: 34113 },
    },
  ],
  build: (params) => paxosTla(params),
};
