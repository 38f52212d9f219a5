// Single-decree Paxos as message-passing processes, in the form the seed gives (field manual, week
// 11, "Paxos & the Politics of Consensus", fig. 8.1): proposers P1…Pk and acceptors R1…Rn exchange
// messages over an unordered network the explorer controls (it may reorder, and with --drop,
// --duplicate or --crash lose, repeat or silence them).
//
//   proposer   picks a ballot N = counter.pid (shown "15.1": counter 15, proposer 1; ordered by
//              counter, then pid), sends PREPARE(N) to every acceptor, and once PROMISEs for N have
//              come from a majority sends ACCEPT(N, V) to those acceptors: V is the value of the
//              highest-numbered acceptance the promises reported or, if none reported one, its own
//              value. Its timer "retry" (a timeout) abandons the attempt and starts the next one
//              with counter + 1; (c + 1).pid is above every c.pid', so the seed's P1, ignored at
//              15.1 by acceptors that promised 15.2, retries with 16.1.
//   acceptor   on PREPARE(N) with N above every ballot it has promised, promises N and answers
//              PROMISE(N, U), U its highest-numbered acceptance (or none); otherwise it ignores the
//              request, as the seed says (no negative answer). On ACCEPT(N, V) it accepts unless
//              it has promised a higher ballot; accepting N also promises N.
//   learner    announces V once a majority of acceptors accepted V in one ballot. Learners are not
//              processes here: each acceptor keeps the record of its acceptances (`votes`, the
//              Accepted notifications it would send them) and the learner's verdict, `chosen`, is
//              read from those records, as TLA+'s Paxos reads its "2b" messages. A learner process
//              fed by ACCEPTED messages would add their deliveries to every interleaving (about
//              three times the states) and could only learn later what is already decided here.
//
// Where the seed is vague, the textbook form chosen (Lamport, "Paxos Made Simple", 2001):
//   - PREPARE goes to every acceptor ("at least a majority"); ACCEPT to the majority that promised
//     (seed: "sends Accept(N, V) to the majority"; Paxos Made Simple: "to each of those acceptors").
//   - Proposers start at once (the seed's "two district offices propose simultaneously"). Each
//     makes a bounded number of attempts (--attempts, "2,1": P1 two, P2 one, as in the seed's
//     story), so the state space is finite and every run ends; a run whose attempts ran out with
//     nothing chosen is a proper end (liveness is asked in the unbounded form below).
//   - Only acceptors fail (mayCrash): the seed's failures are acceptors' (N = 2m + 1 tolerates m).
//   - Dead messages are collected: a message whose delivery can change nothing, now or ever (a
//     PREPARE or ACCEPT below what its acceptor promised, an ACCEPT it already accepted, a
//     PROMISE its proposer no longer waits for, anything sent to a crashed acceptor), leaves the
//     network as soon as it is dead. Its delivery would be a step that changes nothing, so no
//     property can tell; states that differ only in such messages become one (3 acceptors,
//     attempts 2,1: 15,516 states instead of 598,778).
//
// Measure: messagesToChoose, the messages the handlers send until a value is chosen, per
// execution (configs uncontended, uncontended-five: N + 2(⌊N/2⌋ + 1) to 2N + ⌊N/2⌋ + 1); duelling
// proposers make it unbounded, a lasso of retries (config duel-messages).
//
// Invariants (over what the learner reads):
//   agreement      at most one value is chosen;
//   validity       a chosen value is one some proposer proposed (no value is invented);
//   nothingChosen  only with --nothing-chosen true: no value is ever chosen. A claim, violated
//                  wherever progress is possible; the crash configurations use it to show where it
//                  is and is not.
//
// N = 2m + 1 (seed: "a third failure halts progress; correctness is preserved"): with
// --crash-first true the --crash budget is spent before anything else happens (a constraint
// discards every state in which a step was taken while crashes remain), so exactly that many
// acceptors are down from the start. With m down a value is still chosen (configs crash-one,
// crash-two-of-five: nothingChosen violated), with m + 1 down none ever is (configs crash-two,
// crash-three-of-five: nothingChosen holds, an exhaustive search), and agreement holds in both
// (crash-one-safe; crash-any lets any two of three acceptors crash at any moment).
//
// The seed's contention: five acceptors, P1 15.1 "Islamabad", P2 15.2 "Karachi". P2's PREPARE
// reaches everyone first, so P1's is ignored; Karachi is accepted by a majority and chosen; P1
// retries with 16.1 and, told of Karachi by the promises, must propose Karachi; R3 and R4 crash and
// R1, R2, R5 still form a majority. specs/models/paxos.spec.ts walks the five steps action by
// action. Config contention checks every order of deliveries of steps 1–3 (one ballot each:
// 163,744 states); retries are checked exhaustively on three acceptors (default), since with
// P1's second ballot on five acceptors the search passes 4.3 million states unfinished.
//
// Liveness: valueChosen, a value is eventually chosen. Duelling proposers defeat it: each times
// out and prepares a higher ballot, so the acceptors ignore the other's ACCEPTs, for ever. With
// bounded attempts the only counterexample would be the dull one (attempts used up, nothing
// chosen), so the property is declared only with --unbounded true, where proposers retry for
// ever. That needs a finite abstraction; the one used is exact:
//   - Ballot translation. The protocol only compares ballots and adds 1 to a counter, and both are
//     unchanged by adding a constant to every counter in the state (local states and messages in
//     flight). So after every step all counters are shifted down until the lowest is
//     --first-round: states equal up to translation are one state, and the quotient is a
//     bisimulation of the unbounded protocol (counters grow, their differences need not).
//   - Forgotten votes. An acceptance that is not its acceptor's latest, whose ballot has no
//     majority and no ACCEPT in flight, can never help choose anything and is never reported
//     again; it is dropped, or the votes would remember unboundedly many ballots.
//   - A spread bound. Differences can still grow (an acceptor left behind keeps an old counter),
//     so states whose counters span more than --spread consecutive values are cut off (TLC's
//     CONSTRAINT). With spread 2, a proposer at the highest counter may retry only once the
//     lowest has gone: the two proposers' prepares alternate.
//   A lasso of the quotient is the image of an infinite run of the protocol whose counters grow by
//   the loop's shift on each turn. Messages die or are delivered within the spread bound, so the
//   run is fair to deliveries; the constraint cuts off retries only (no other step makes a new
//   counter), so it is fair to the retry timers when the loop fires both, which the spec checks
//   of the lasso found (config duel: P1 and P2 prepare in turn for ever, nothing is chosen).
//
// Reductions: symmetry over the acceptors (--symmetry), which are interchangeable (ids are kept in
// sets). Partial-order reduction is declared unavailable: every acceptor answers every proposer,
// so the actor layer's stubborn sets always grow to every process and would prune nothing, and
// the collection of dead messages (and, unbounded, the shift) rewrites the network after a step.
//
// Broken variant:
//   ignore-promised-values   the proposer proposes its own value even when a promise reported an
//                            accepted one (violates agreement, in 12 steps: R1 and R2 accept
//                            Islamabad at 1.1; P2's promises for 1.2 come from R3 and from R1,
//                            which reports Islamabad; P2 proposes Karachi anyway, and R3 and R1
//                            accept it: a second majority, for another value)
//
// The TLA+ transcription (models/consensus/paxos-tla.ts, Lamport's Paxos.tla) is the variant
// `tla` of this model; the two forms share the parameter `acceptors`.

import {
  actor,
  type ActorState,
  actorSystem,
  type Behaviour,
  boolParam,
  CheckerError,
  defineActorModel,
  defineModel,
  type DomainView,
  eventually,
  inFlight,
  intParam,
  type Lookup,
  lookup,
  messagesSent,
  type NetworkKind,
  type ProcessContext,
  processIds,
  type ProcessSpec,
  type Shape,
  stringParam,
  rewriteInFlight,
  withVariant,
} from "../../checker/index.ts";
import { tlaVariant } from "./paxos-tla.ts";

/** A ballot counter.pid: compared by counter, then by proposer. */
export interface Ballot {
  readonly round: number;
  readonly pid: number;
}

/** An acceptance: ballot and value. */
export interface Vote {
  readonly ballot: Ballot;
  readonly value: string;
}

export type Message =
  | { readonly kind: "PREPARE"; readonly ballot: Ballot }
  | { readonly kind: "PROMISE"; readonly ballot: Ballot; readonly accepted: Vote | null }
  | { readonly kind: "ACCEPT"; readonly ballot: Ballot; readonly value: string };

export interface ProposerLocal {
  readonly role: "proposer";
  /** The counter of its current ballot (counter.pid). */
  readonly round: number;
  /** Collecting promises, or sent ACCEPT to the majority that promised. */
  readonly phase: "preparing" | "accepting";
  /** The acceptors that promised the current ballot. */
  readonly promises: ReadonlySet<string>;
  /** The highest-numbered acceptance the promises reported. */
  readonly highest: Vote | null;
}

export interface AcceptorLocal {
  readonly role: "acceptor";
  readonly promised: Ballot | null;
  /** Its acceptances in increasing ballot order (what learners are told); the last is reported in PROMISEs. */
  readonly votes: readonly Vote[];
}

export type Local = ProposerLocal | AcceptorLocal;
export type PaxosState = ActorState<Local, Message>;
/** Proposers P1, P2, … and acceptors R1, R2, …: a lookup by id gives each its own local type. */
type PaxosProcess =
  ProcessSpec<ProposerLocal, Message, `P${number}`> | ProcessSpec<AcceptorLocal, Message, `R${number}`>;

const RETRY = "retry";

const VARIANTS = {
  "ignore-promised-values":
    "the proposer proposes its own value even when a promise reported an accepted one (violates agreement)",
} as const;

export const compareBallots = (a: Ballot, b: Ballot): number => a.round - b.round || a.pid - b.pid;
export const showBallot = (b: Ballot): string => `${b.round}.${b.pid}`;
const showVote = (v: Vote | null | undefined) => (v ? `${showBallot(v.ballot)} ${v.value}` : "none");

export function formatMessage(m: Message): string {
  switch (m.kind) {
    case "PREPARE":
      return `PREPARE(${showBallot(m.ballot)})`;
    case "PROMISE":
      return `PROMISE(${showBallot(m.ballot)}, ${showVote(m.accepted)})`;
    case "ACCEPT":
      return `ACCEPT(${showBallot(m.ballot)}, ${m.value})`;
  }
}

/** The values chosen: those a majority of acceptors accepted in one ballot, sorted. */
export function chosenValues(s: PaxosState, majority: number): string[] {
  const tally = new Map<string, { value: string; votes: number }>();
  for (const local of s.locals) {
    if (local.role !== "acceptor") continue;
    for (const vote of local.votes) {
      const key = showBallot(vote.ballot);
      const entry = tally.get(key) ?? { value: vote.value, votes: 0 };
      tally.set(key, { ...entry, votes: entry.votes + 1 });
    }
  }
  const chosen = new Set<string>();
  for (const { value, votes } of tally.values()) if (votes >= majority) chosen.add(value);
  return [...chosen].sort();
}

const PARAMS = {
  acceptors: intParam({ min: 1, max: 7, default: 3, description: "acceptors" }),
  proposers: intParam({ min: 1, max: 3, default: 2, description: "proposers" }),
  attempts: stringParam({
    pattern: String.raw`[1-4](,[1-4])*`,
    accepted: "numbers 1–4 separated by commas",
    default: "2,1",
    description:
      "ballots each proposer may try, P1 first (the last number holds for the rest); ignored with --unbounded",
  }),
  "first-round": intParam({
    min: 0,
    max: 99,
    default: 1,
    description: "the counter of every proposer's first ballot (the seed's example starts at 15)",
  }),
  proposals: stringParam({
    pattern: String.raw`[A-Za-z]+(,[A-Za-z]+)*`,
    accepted: "comma-separated words, one value per proposer",
    default: "Islamabad,Karachi,Lahore",
    description: "the value each proposer proposes: P1 the first, P2 the second, …",
  }),
  unbounded: boolParam({
    default: false,
    description: "proposers retry for ever (ballots kept relative, see the model); checks valueChosen",
  }),
  spread: intParam({
    min: 2,
    max: 3,
    default: 2,
    description: "with --unbounded: how many consecutive counters a state may span",
  }),
  "crash-first": boolParam({
    default: false,
    description:
      "the --crash budget is spent before any step: exactly that many acceptors are down from the start",
  }),
  "nothing-chosen": boolParam({
    default: false,
    description:
      "also check the claim nothingChosen (no value is ever chosen), to show where progress is possible",
  }),
} as const;

const seedForm = defineActorModel({
  name: "paxos",
  family: "consensus",
  description:
    "single-decree Paxos: proposers with ballots counter.pid, acceptors, learners; Prepare/Promise, Accept/Accepted; N = 2m + 1 acceptors tolerate m crashes",
  params: PARAMS,
  network: "unordered",
  variants: VARIANTS,
  configs: [
    // Pinned counts (distinct states and BFS depth, without reductions): computed by the checker,
    // with equal distinct and generated counts under BFS and DFS, and the same verdict with fewer
    // states under symmetry reduction (specs/models/paxos.spec.ts).
    { name: "default", params: { acceptors: 3 }, expect: { verdict: "holds", states: 15516, depth: 21 } },
    {
      name: "contention",
      description:
        "the seed's worked contention, steps 1–3: five acceptors, P1 15.1 Islamabad and P2 15.2 Karachi at once, one ballot each",
      params: { acceptors: 5, "first-round": 15, proposals: "Islamabad,Karachi", attempts: "1" },
      // Its point is every order of the seed's deliveries; measuring would record every edge of them.
      measures: false,
      expect: { verdict: "holds", states: 163744, depth: 21 },
    },
    {
      name: "crash-one",
      description: "three acceptors (m = 1), one down from the start: a value is still chosen",
      params: { acceptors: 3, crash: 1, "crash-first": true, "nothing-chosen": true },
      expect: { verdict: "violated", violates: "nothingChosen" },
    },
    {
      name: "crash-one-safe",
      description: "three acceptors, one down from the start: agreement and validity hold",
      params: { acceptors: 3, crash: 1, "crash-first": true },
      expect: { verdict: "holds", states: 2269, depth: 21 },
    },
    // Counted by hand too: 1 initial state, 3 with one acceptor down, and for each of the 3
    // acceptors left alone 19 states (9 before P1's retry, 10 after: its promised ballot, P1's
    // and P2's promises, and which PREPAREs and PROMISEs are still in flight); 1 + 3 + 3 · 19 = 61.
    // With --symmetry: 1 + 1 + 19 = 21, as the checker finds.
    {
      name: "crash-two",
      description: "three acceptors (m = 1), two down from the start: no value is ever chosen",
      params: { acceptors: 3, crash: 2, "crash-first": true, "nothing-chosen": true },
      expect: { verdict: "holds", states: 61, depth: 8 },
    },
    {
      name: "crash-two-of-five",
      description: "five acceptors (m = 2), two down from the start: a value is still chosen",
      params: { acceptors: 5, crash: 2, "crash-first": true, "nothing-chosen": true },
      expect: { verdict: "violated", violates: "nothingChosen" },
    },
    {
      name: "crash-three-of-five",
      description: "five acceptors (m = 2), three down from the start: no value is ever chosen",
      params: { acceptors: 5, crash: 3, "crash-first": true, "nothing-chosen": true },
      expect: { verdict: "holds", states: 1826, depth: 13 },
    },
    {
      name: "crash-any",
      description: "three acceptors, any two of which may crash at any moment: agreement holds",
      params: { acceptors: 3, crash: 2 },
      expect: { verdict: "holds", states: 104595, depth: 23 },
    },
    {
      name: "duel",
      description:
        "proposers retry for ever: they can duel, each pre-empting the other's ballot, and nothing is ever chosen",
      params: { acceptors: 3, unbounded: true },
      // A liveness lasso: a run with a violation reports no measures, so none are recorded.
      measures: false,
      expect: { verdict: "violated", violates: "valueChosen" },
    },
    // Messages to choose a value, without contention (one proposer, one ballot), counted by
    // hand: a PREPARE to each of the N acceptors, PROMISEs from a majority (up to all N before
    // the value is chosen) and an ACCEPT to the majority that promised: N + 2(⌊N/2⌋ + 1) at least,
    // 2N + ⌊N/2⌋ + 1 at most — 7 and 8 for N = 3, 11 and 13 for N = 5.
    {
      name: "uncontended",
      description: "one proposer, one ballot, three acceptors: 7 to 8 messages choose its value",
      params: { acceptors: 3, proposers: 1, attempts: "1" },
      expect: { verdict: "holds", states: 44, depth: 8, measures: { messagesToChoose: { min: 7, max: 8 } } },
    },
    {
      name: "uncontended-five",
      description: "one proposer, one ballot, five acceptors: 11 to 13 messages choose its value",
      params: { acceptors: 5, proposers: 1, attempts: "1" },
      expect: {
        verdict: "holds",
        states: 512,
        depth: 12,
        measures: { messagesToChoose: { min: 11, max: 13 } },
      },
    },
    {
      name: "duel-messages",
      description:
        "proposers retry for ever on two acceptors: duelling, they send messages without end and choose nothing (a lasso)",
      params: { acceptors: 2, unbounded: true },
      liveness: false,
      expect: {
        verdict: "holds",
        states: 5190,
        depth: 34,
        measures: { messagesToChoose: { max: "unbounded" } },
      },
    },
    {
      name: "ignore-promised-values",
      description: "P2 proposes Karachi though a promise told it Islamabad was accepted: two values chosen",
      params: { acceptors: 3, attempts: "1" },
      variant: "ignore-promised-values",
      expect: { verdict: "violated", violates: "agreement" },
    },
    {
      name: "large",
      description:
        "three proposers (P1 two attempts, P2 and P3 one) and three acceptors, under symmetry: 76,198 of 447,662 states (--no-symmetry: all)",
      params: { acceptors: 3, proposers: 3 },
      symmetry: true,
      // Its point is the reduced count; measuring would search the whole graph again, unreduced.
      measures: false,
      expect: { verdict: "holds", states: 447662, reducedStates: 76198, depth: 27 },
    },
  ],
  build(params, variant) {
    const { acceptors: n, proposers: k, unbounded } = params;
    const firstRound = params["first-round"];
    const crashFirst = params["crash-first"];
    const values = params.proposals.split(",");
    if (values.length < k) {
      throw new CheckerError(
        "bad-param",
        `--proposals names ${values.length} value(s) for ${k} proposers; give one value per proposer`,
      );
    }
    const attempts = params.attempts.split(",").map(Number);
    const crashBudget = params.crash;
    const proposerIds = processIds("P", k, 1);
    const acceptorIds = processIds("R", n, 1);
    const majority = Math.floor(n / 2) + 1;
    const followsPromises = variant !== "ignore-promised-values";
    /** What proposer i proposes, given the highest acceptance its promises reported. */
    const proposalOf = (highest: Vote | null, i: number) =>
      followsPromises && highest !== null ? highest.value : values[i]!;

    const proposer = (i: number): Behaviour<ProposerLocal, Message> => {
      const pid = i + 1;
      const tries = attempts[Math.min(i, attempts.length - 1)]!;
      const mayRetry = (round: number) => unbounded || round - firstRound + 1 < tries;
      const attempt = (round: number, ctx: ProcessContext<Message>): ProposerLocal => {
        for (const r of acceptorIds) ctx.send(r, { kind: "PREPARE", ballot: { round, pid } });
        if (mayRetry(round)) ctx.setTimer(RETRY);
        return { role: "proposer", round, phase: "preparing", promises: new Set(), highest: null };
      };
      return {
        start: (ctx) => attempt(firstRound, ctx),
        onTimer: (local, _timer, ctx) => attempt(local.round + 1, ctx),
        onMessage: (local, message, from, ctx) => {
          if (message.kind !== "PROMISE" || local.phase !== "preparing") return local;
          const ballot = { round: local.round, pid };
          if (compareBallots(message.ballot, ballot) !== 0 || local.promises.has(from)) return local;
          const promises: ReadonlySet<string> = new Set(local.promises).add(from);
          const reported = message.accepted;
          const highest =
            reported !== null &&
            (local.highest === null || compareBallots(reported.ballot, local.highest.ballot) > 0)
              ? reported
              : local.highest;
          if (promises.size < majority) return { ...local, promises, highest };
          const value = proposalOf(highest, i);
          for (const r of promises) ctx.send(r, { kind: "ACCEPT", ballot, value });
          return { ...local, phase: "accepting", promises, highest };
        },
      };
    };

    const acceptor: Behaviour<AcceptorLocal, Message> = {
      start: () => ({ role: "acceptor", promised: null, votes: [] }),
      onMessage: (local, message, from, ctx) => {
        const order = local.promised === null ? 1 : compareBallots(message.ballot, local.promised);
        switch (message.kind) {
          case "PREPARE":
            if (order <= 0) return local;
            ctx.send(from, {
              kind: "PROMISE",
              ballot: message.ballot,
              accepted: local.votes.at(-1) ?? null,
            });
            return { ...local, promised: message.ballot };
          case "ACCEPT": {
            const last = local.votes.at(-1);
            if (order < 0 || (last !== undefined && compareBallots(last.ballot, message.ballot) === 0))
              return local;
            const vote = { ballot: message.ballot, value: message.value };
            return { ...local, promised: message.ballot, votes: [...local.votes, vote] };
          }
          default:
            return local;
        }
      },
    };

    const processes: PaxosProcess[] = [
      ...proposerIds.map((id, i) => actor(id, proposer(i))),
      ...acceptorIds.map((id) => actor(id, acceptor)),
    ];
    const at = lookup(processes);

    const chosenOf = (s: PaxosState) => chosenValues(s, majority);
    const proposed = new Set(values.slice(0, k));
    const down = (s: PaxosState) => acceptorIds.filter((id) => !at.isUp(s, id));

    /** Nothing has happened yet: every proposer on its first ballot, no acceptor has promised. */
    const pristine = (s: PaxosState) =>
      s.locals.every((l) => (l.role === "proposer" ? l.round === firstRound : l.promised === null));

    const invariants = [
      {
        name: "agreement",
        description: "at most one value is chosen (accepted by a majority in one ballot)",
        holds: (s: PaxosState) => chosenOf(s).length <= 1,
        explain: (s: PaxosState) => `${chosenOf(s).join(" and ")} are both chosen`,
      },
      {
        name: "validity",
        description: "a chosen value is one that some proposer proposed",
        holds: (s: PaxosState) => chosenOf(s).every((v) => proposed.has(v)),
        explain: (s: PaxosState) =>
          `${chosenOf(s)
            .filter((v) => !proposed.has(v))
            .join(", ")} was chosen but never proposed`,
      },
      ...(params["nothing-chosen"]
        ? [
            {
              name: "nothingChosen",
              description: "no value is ever chosen (a claim: violated wherever progress is possible)",
              holds: (s: PaxosState) => chosenOf(s).length === 0,
              explain: (s: PaxosState) => {
                const gone = down(s);
                const which =
                  gone.length === 0
                    ? "no acceptor is"
                    : `${gone.join(", ")} ${gone.length === 1 ? "is" : "are"}`;
                return `${chosenOf(s).join(", ")} is chosen although ${which} down`;
              },
            },
          ]
        : []),
    ];

    return actorSystem(processes, {
      invariants,
      measures: [
        messagesSent({
          name: "messagesToChoose",
          description:
            "messages sent until a value is chosen (the PREPAREs sent at the start included; all of them in an execution that chooses none)",
          counts: (step) => chosenOf(step.from).length === 0,
        }),
      ],
      liveness: unbounded
        ? [
            eventually("valueChosen", (s) => chosenOf(s).length > 0, {
              description: "a value is eventually chosen",
              explain: () => "no value is ever chosen: the proposers keep pre-empting each other's ballots",
            }),
          ]
        : [],
      // Every run ends somewhere proper: proposers give up after their attempts, chosen or not.
      terminal: () => true,
      constraint: unbounded
        ? (s) => spread(s) <= params.spread
        : crashFirst
          ? (s) => s.used.crash >= crashBudget || pristine(s)
          : undefined,
      formatMessage,
      view: (s) => picture(s, at, proposerIds, acceptorIds, majority, values, proposalOf),
      mayCrash: acceptorIds,
      sendsTo: (id) => (id.startsWith("P") ? acceptorIds : proposerIds),
      symmetric: n > 1 ? acceptorIds : undefined,
    });
  },
});

// ---- Rewrites of a state after each step: dead messages collected, and (unbounded) the shift.

/** Whether delivering `message` to process `to` changes nothing, now or later. */
function dead(s: PaxosState, to: number, message: Message, from: string): boolean {
  if (!s.up[to]) return true; // no restarts: a crashed acceptor stays down
  const local = s.locals[to]!;
  if (local.role === "proposer") {
    // Counters only grow, and a proposer accepting stays so until its next ballot.
    return (
      message.kind !== "PROMISE" ||
      local.round !== message.ballot.round ||
      local.phase === "accepting" ||
      local.promises.has(from)
    );
  }
  if (local.promised === null || message.kind === "PROMISE") return message.kind === "PROMISE";
  const order = compareBallots(message.ballot, local.promised);
  const last = local.votes.at(-1);
  // Promises only grow; an acceptor that accepted N has promised N, and accepting it again is nothing.
  return message.kind === "PREPARE"
    ? order <= 0
    : order < 0 || (last !== undefined && compareBallots(last.ballot, message.ballot) === 0);
}

/** The state without its dead messages (the same state when there are none). */
function collected(s: PaxosState, indexOf: ReadonlyMap<string, number>, network: NetworkKind): PaxosState {
  return rewriteInFlight(s, network, (message, from, to) =>
    dead(s, indexOf.get(to)!, message, from) ? null : message,
  );
}

const shiftBallot = (b: Ballot, by: number): Ballot => ({ round: b.round - by, pid: b.pid });
const shiftVote = (v: Vote | null, by: number): Vote | null =>
  v === null ? null : { ballot: shiftBallot(v.ballot, by), value: v.value };

function shiftLocal(local: Local, by: number): Local {
  switch (local.role) {
    case "proposer":
      return { ...local, round: local.round - by, highest: shiftVote(local.highest, by) };
    case "acceptor":
      return {
        ...local,
        promised: local.promised === null ? null : shiftBallot(local.promised, by),
        votes: local.votes.map((v) => shiftVote(v, by)!),
      };
  }
}

function shiftMessage(message: Message, by: number): Message {
  const ballot = shiftBallot(message.ballot, by);
  return message.kind === "PROMISE"
    ? { ...message, ballot, accepted: shiftVote(message.accepted, by) }
    : { ...message, ballot };
}

function localCounters(local: Local): number[] {
  switch (local.role) {
    case "proposer":
      return local.highest === null ? [local.round] : [local.round, local.highest.ballot.round];
    case "acceptor":
      return [
        ...(local.promised === null ? [] : [local.promised.round]),
        ...local.votes.map((v) => v.ballot.round),
      ];
  }
}

function messageCounters(message: Message): number[] {
  return message.kind === "PROMISE" && message.accepted !== null
    ? [message.ballot.round, message.accepted.ballot.round]
    : [message.ballot.round];
}

/** Every counter in the state: local states and messages in flight. */
function counters(s: PaxosState): number[] {
  return [...s.locals.flatMap(localCounters), ...inFlight(s).flatMap((e) => messageCounters(e.message))];
}

/** How many consecutive counters the state spans. */
function spread(s: PaxosState): number {
  const all = counters(s);
  return Math.max(...all) - Math.min(...all) + 1;
}

/** Acceptances that can never matter again: not the latest, ballot without majority or ACCEPT in flight. */
function forgotten(s: PaxosState, majority: number): PaxosState {
  const live = new Set<string>();
  for (const e of inFlight(s)) if (e.message.kind === "ACCEPT") live.add(showBallot(e.message.ballot));
  const tally = new Map<string, number>();
  for (const l of s.locals)
    if (l.role === "acceptor")
      for (const v of l.votes) tally.set(showBallot(v.ballot), (tally.get(showBallot(v.ballot)) ?? 0) + 1);
  for (const [ballot, votes] of tally) if (votes >= majority) live.add(ballot);
  const locals = s.locals.map((l) => {
    if (l.role !== "acceptor") return l;
    const votes = l.votes.filter((v, i) => i === l.votes.length - 1 || live.has(showBallot(v.ballot)));
    return votes.length === l.votes.length ? l : { ...l, votes };
  });
  return locals.every((l, i) => l === s.locals[i]) ? s : { ...s, locals };
}

/** The state with every counter shifted down so that the lowest is `first`. */
function shifted(s: PaxosState, first: number, network: NetworkKind): PaxosState {
  const by = Math.min(...counters(s)) - first;
  if (by === 0) return s;
  const moved = rewriteInFlight(s, network, (message) => shiftMessage(message, by));
  return { ...moved, locals: s.locals.map((l) => shiftLocal(l, by)) };
}

/** The seed's form of the algorithm, as an actor model (the default export adds the TLA+ form). */
export const paxosSeedDefinition = defineModel({
  ...seedForm,
  build(values, variant) {
    const machine = seedForm.build(values, variant);
    const k = values.proposers;
    const n = values.acceptors;
    const ids = [
      ...Array.from({ length: k }, (_, i) => `P${i + 1}`),
      ...Array.from({ length: n }, (_, i) => `R${i + 1}`),
    ];
    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const majority = Math.floor(n / 2) + 1;
    const first = values["first-round"];
    const network = values.network;
    const rewrite = values.unbounded
      ? (s: PaxosState) => shifted(forgotten(collected(s, indexOf, network), majority), first, network)
      : (s: PaxosState) => collected(s, indexOf, network);
    return {
      ...machine,
      init: () => machine.init().map(rewrite),
      next: (s, a) => {
        const next = machine.next(s, a);
        return next === null ? null : rewrite(next);
      },
      partialOrder: {
        unavailable:
          "every acceptor answers every proposer, so stubborn sets grow to every process; and dead messages are collected after each step",
        ample: () => null,
      },
    };
  },
});

export default withVariant(paxosSeedDefinition, tlaVariant);

// ---- The report's picture.

const PHASE_COLOURS = { preparing: "#fde68a", accepting: "#bfdbfe" } as const;

/**
 * Proposers on top (ballot, phase, the value they propose), acceptors below (promised ballot,
 * accepted ballot and value; grey when down), and below them what learners read: the value chosen.
 */
function picture(
  s: PaxosState,
  at: Lookup<PaxosProcess>,
  proposerIds: readonly `P${number}`[],
  acceptorIds: readonly `R${number}`[],
  majority: number,
  values: readonly string[],
  proposalOf: (highest: Vote | null, i: number) => string,
): DomainView {
  const box = 118;
  const gap = 12;
  const columns = Math.max(proposerIds.length, acceptorIds.length, 2);
  const width = columns * (box + gap) + gap;
  const k = proposerIds.length;
  const shapes: Shape[] = [];
  const centre = (count: number, i: number) => (width - count * (box + gap) + gap) / 2 + i * (box + gap);
  proposerIds.forEach((id, i) => {
    const local = at.local(s, id);
    const ballot = `${local.round}.${i + 1}`;
    const proposing =
      local.phase === "accepting"
        ? ` → ${proposalOf(local.highest, i)}`
        : ` (${local.promises.size}/${majority})`;
    shapes.push({
      kind: "rect",
      x: centre(k, i),
      y: 10,
      width: box,
      height: 44,
      fill: PHASE_COLOURS[local.phase],
      stroke: "#374151",
      label: `${id} ${ballot}${proposing}`,
      title: `${id} proposes ${values[i]}; ${local.phase}; promises from ${[...local.promises].sort().join(", ") || "nobody"}; highest reported: ${showVote(local.highest)}`,
    });
  });
  acceptorIds.forEach((id, i) => {
    const local = at.local(s, id);
    const up = at.isUp(s, id);
    const accepted = local.votes.at(-1);
    const promised = local.promised === null ? "–" : showBallot(local.promised);
    shapes.push({
      kind: "rect",
      x: centre(acceptorIds.length, i),
      y: 90,
      width: box,
      height: 44,
      fill: !up ? "#d1d5db" : accepted !== undefined ? "#86efac" : "#f3f4f6",
      stroke: "#374151",
      label: `${id}${up ? "" : " ✗"} p ${promised} a ${showVote(accepted)}`,
      title: `${id}${up ? "" : " (down)"}: promised ${promised}; accepted ${local.votes.map((v) => showVote(v)).join(", ") || "nothing"}`,
    });
  });
  const chosen = chosenValues(s, majority);
  shapes.push({
    kind: "rect",
    x: (width - 2 * box) / 2,
    y: 170,
    width: 2 * box,
    height: 40,
    fill: chosen.length === 0 ? "#f3f4f6" : chosen.length === 1 ? "#86efac" : "#fca5a5",
    stroke: "#374151",
    label: `learners: ${chosen.length === 0 ? "nothing chosen yet" : `${chosen.join(" and ")} chosen`}`,
    title: `a value is chosen once ${majority} acceptors accepted it in one ballot`,
  });
  const messages = inFlight(s).map((e) => `${formatMessage(e.message)} ${e.from}→${e.to}`);
  shapes.push({
    kind: "text",
    x: gap,
    y: 232,
    text: `in flight: ${messages.length} message${messages.length === 1 ? "" : "s"}`,
    size: 12,
  });
  return { title: "proposers, acceptors and what learners read", width, height: 244, shapes };
}
