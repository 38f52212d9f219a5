// Decentralized voting for mutual exclusion (Lin, Lian, Chen and Zhang, "A practical distributed
// mutual exclusion protocol in dynamic peer-to-peer systems", 2004; Tanenbaum and van Steen,
// "Distributed Systems", §6.3), as the seed's table lists it (field manual, week 06: "Decentralized
// voting · quorum · 2m · N · Starvation possible").
//
//   coordinators  the resource has N replicas, each with a coordinator C0 … Cn−1 that holds one vote
//   to enter      a process P sends REQUEST to every coordinator; a coordinator whose vote is free
//                 grants it (GRANT) and records P as its holder, otherwise it answers DENY
//   quorum        P enters once it holds m votes, m = ⌊N/2⌋ + 1 (a majority, m > N/2): two
//                 majorities share a coordinator, which granted only one of them
//   failing       if the answers leave P short of m votes, P sends RELEASE to each coordinator that
//                 granted, backs off (a timer "retry") and tries again; after `attempts` failed
//                 attempts it gives up ("starved") and requests no more, which bounds the state space
//   on exit       P sends RELEASE to every coordinator whose vote it holds
//
// Where the seed is vague, the choices:
//   - P decides once all N coordinators have answered (it enters with m GRANTs among the N answers,
//     or fails): no answer is then in flight when it moves on, so answers need no attempt number,
//     and every attempt costs the same N answers whatever the order. A crashed coordinator that
//     does not restart therefore blocks its requesters (the textbook enters on m GRANTs and would
//     not); that fault is not this model's subject.
//   - A coordinator frees its vote on a RELEASE from its holder only. A process's REQUEST that
//     overtakes its own RELEASE (the network is unordered) is denied: the vote is still recorded as
//     the process's, from the attempt it released.
//   - Requesters P0 … Pk−1 (`procs`) are processes of their own, apart from the coordinators.
//
// Invariant: mutualExclusion (at most one process in the critical section).
//
// Measure: messagesPerEntry — from the step a process first requests an entry to its exit, every
// message of that entry: for each attempt the N REQUESTs it sends, the N answers (GRANT or DENY)
// sent to it, and a RELEASE per vote it got (on failing, the fewer than m it got; on exit, all it
// holds). An attempt costs 2N + g messages with g the votes granted, so an entry costs 2N + m at
// least (a contended success, m GRANTs) and 3N uncontended; each failed attempt before it adds
// 2N + g more, g < m. The seed's 2m · N matches none of these counts (for N = 3, m = 2 it is 12,
// between 3N = 9 and the costliest entry); the model counts what its handlers send. The checker
// measures it over every execution; the configurations pin min 2N + m and the max it finds.
// Entries given up are not counted: they have no exit.
//
// Liveness: granted:P0 … — every request is eventually granted. It does not hold, as the seed warns
// ("starvation possible"): P1 keeps the votes while it is inside, and P0's attempts, each failing,
// may all fall in that time (the retry timer and the leave timer are both fair, nothing orders
// them). Config starvation shows the lasso: P0 gives up, and the run ends. The configurations that
// hold check safety and the measure (`liveness: false`); with a single requester (config alone)
// every request is granted.
//
// Broken variant:
//   amnesia   a coordinator keeps its vote only in memory: after a crash and a restart (--crash 1
//             --restart true) it has forgotten whom it granted, and grants again. P0 enters on the
//             votes of C0 and C1; C1 crashes and restarts empty; P1 gets C1's vote and C2's, and
//             both are inside: mutualExclusion (config amnesia). The correct coordinator's vote is
//             durable (it survives the restart), and the same faults break nothing (config
//             crash-restart).

import {
  actor,
  type ActorState,
  actorSystem,
  type Behaviour,
  defineActorModel,
  inFlight,
  intParam,
  leadsTo,
  lookup,
  messagesSent,
  processIds,
} from "../../checker/index.ts";

type Message =
  | { readonly kind: "REQUEST" }
  | { readonly kind: "GRANT" }
  | { readonly kind: "DENY" }
  | { readonly kind: "RELEASE" };

type Phase = "released" | "wanted" | "held" | "starved";

interface Requester {
  readonly phase: Phase;
  /** Attempts made for the current entry. */
  readonly attempt: number;
  /** The coordinators that granted the current attempt, sorted. */
  readonly votes: readonly string[];
  /** Answers of the current attempt that were DENY. */
  readonly denials: number;
  /** Critical-section entries completed. */
  readonly done: number;
}

interface Coordinator {
  /** The process holding this coordinator's vote, null when it is free. */
  readonly granted: string | null;
}

type Local = Requester | Coordinator;
type State = ActorState<Local, Message>;

const VARIANTS = {
  amnesia:
    "a coordinator's vote is not durable: restarted after a crash it has forgotten whom it granted and grants again (violates mutualExclusion under --crash 1 --restart true)",
} as const;

const REQUEST = { kind: "REQUEST" } as const;
const GRANT = { kind: "GRANT" } as const;
const DENY = { kind: "DENY" } as const;
const RELEASE = { kind: "RELEASE" } as const;

export default defineActorModel({
  name: "mutex-voting",
  family: "mutex",
  description:
    "decentralized voting: a process needs a majority m of N coordinators' votes, releases them and retries when short; starvation possible",
  params: {
    n: intParam({ min: 1, max: 5, default: 3, description: "coordinators (replicas), each with one vote" }),
    procs: intParam({
      min: 1,
      max: 3,
      default: 2,
      description: "processes that request the critical section",
    }),
    entries: intParam({ min: 1, max: 2, default: 1, description: "critical-section entries per process" }),
    attempts: intParam({
      min: 1,
      max: 3,
      default: 2,
      description: "attempts per entry before a process gives up",
    }),
  },
  network: "unordered",
  recoverable: true,
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts under BFS
    // and DFS (specs/models/mutex-voting.spec.ts), where `alone` and a single coordinator are also
    // counted by hand. Pinned measures, N = 3 and m = 2: 2N + m = 8 at least (P0 enters on two
    // GRANTs, P1 holding the third vote) and (2N + m − 1) + 3N = 16 at most (an attempt with one
    // vote fails while P1 is inside, the retry gets all three); alone, 3N = 9 always.
    {
      name: "default",
      description:
        "two processes, three coordinators: safety and the measure (starvation: see config starvation)",
      params: { n: 3 },
      liveness: false,
      expect: {
        verdict: "holds",
        states: 11075,
        depth: 26,
        measures: { messagesPerEntry: { min: 8, max: 16 } },
      },
    },
    {
      name: "alone",
      description: "one process: every request is granted, with all N votes",
      params: { n: 3, procs: 1 },
      expect: { verdict: "holds", states: 36, depth: 12, measures: { messagesPerEntry: { min: 9, max: 9 } } },
    },
    {
      name: "starvation",
      description:
        "the seed's warning: P0's two attempts both fail while P1 holds the votes, and P0 gives up",
      params: { n: 3 },
      expect: { verdict: "violated", violates: "granted:P0" },
    },
    {
      name: "amnesia",
      description: "a coordinator restarted without its vote grants it again: two processes inside",
      params: { n: 3, crash: 1, restart: true },
      variant: "amnesia",
      liveness: false,
      expect: { verdict: "violated", violates: "mutualExclusion" },
    },
    {
      name: "crash-restart",
      description: "the larger configuration: the same faults with a durable vote break nothing (about 12 s)",
      params: { n: 3, crash: 1, restart: true },
      liveness: false,
      expect: {
        verdict: "holds",
        states: 55375,
        depth: 28,
        measures: { messagesPerEntry: { min: 8, max: 16 } },
      },
    },
  ],
  build: ({ n, procs, entries, attempts }, variant) => {
    const requesters = processIds("P", procs);
    const coordinators = processIds("C", n);
    const m = Math.floor(n / 2) + 1;
    const durableVote = variant !== "amnesia";

    const requester: Behaviour<Requester, Message> = {
      start: (ctx) => {
        ctx.setTimer("want");
        return { phase: "released", attempt: 0, votes: [], denials: 0, done: 0 };
      },
      onTimer: (local, timer, ctx) => {
        if (timer === "leave") {
          for (const c of local.votes) ctx.send(c, RELEASE);
          const done = local.done + 1;
          if (done < entries) ctx.setTimer("want");
          return { phase: "released", attempt: 0, votes: [], denials: 0, done };
        }
        // "want" (a new entry) or "retry" (the next attempt of this one)
        for (const c of coordinators) ctx.send(c, REQUEST);
        return { ...local, phase: "wanted", attempt: local.attempt + 1, votes: [], denials: 0 };
      },
      onMessage: (local, message, from, ctx) => {
        if (local.phase !== "wanted") return local;
        const votes = message.kind === "GRANT" ? [...local.votes, from].sort() : local.votes;
        const denials = local.denials + (message.kind === "DENY" ? 1 : 0);
        if (votes.length + denials < n) return { ...local, votes, denials };
        // Every coordinator has answered.
        if (votes.length >= m) {
          ctx.setTimer("leave");
          return { ...local, phase: "held", votes, denials };
        }
        for (const c of votes) ctx.send(c, RELEASE);
        if (local.attempt < attempts) {
          ctx.setTimer("retry");
          return { ...local, phase: "released", votes: [], denials: 0 };
        }
        return { ...local, phase: "starved", votes: [], denials: 0 };
      },
    };

    const coordinator: Behaviour<Coordinator, Message, string | null> = {
      start: () => ({ granted: null }),
      onMessage: (local, message, from, ctx) => {
        if (message.kind === "REQUEST") {
          if (local.granted !== null) {
            ctx.send(from, DENY);
            return local;
          }
          ctx.send(from, GRANT);
          return { granted: from };
        }
        if (message.kind === "RELEASE" && local.granted === from) return { granted: null };
        return local;
      },
      // The vote is written to stable storage before the GRANT is sent, so that it survives a crash;
      // the broken coordinator keeps it only in memory.
      durable: (local) => (durableVote ? local.granted : null),
      recover: (granted) => ({ granted }),
    };

    const processes = [
      ...requesters.map((id) => actor(id, requester)),
      ...coordinators.map((id) => actor(id, coordinator)),
    ];
    const { local } = lookup(processes);
    const inside = (s: State) => requesters.filter((p) => local(s, p).phase === "held");
    /** The entry a requester is on (1 for its first), which names an occurrence of the measure. */
    const entryOf = (s: State, p: (typeof requesters)[number]) => `${p}#${local(s, p).done + 1}`;
    /** The requester a message is from or to (coordinators only talk to requesters). */
    const requesterOf = (m: { readonly from: string; readonly to: string }) =>
      requesters.find((p) => p === m.from) ?? requesters.find((p) => p === m.to);

    return actorSystem(processes, {
      invariants: [
        {
          name: "mutualExclusion",
          description: "at most one process is in the critical section",
          holds: (s) => inside(s).length <= 1,
          explain: (s) => {
            const holders = inside(s).map((p) => `${p} (votes ${local(s, p).votes.join(", ")})`);
            return `${holders.join(" and ")} are in the critical section together`;
          },
        },
      ],
      measures: [
        messagesSent({
          name: "messagesPerEntry",
          description:
            "messages of one entry, every attempt included: N REQUESTs, N answers and a RELEASE per vote each",
          // A requester's messages belong to its current entry, and so do the answers sent to it:
          // it waits for every answer before it moves on.
          countFor: (m, { from }) => {
            const p = requesterOf(m);
            return p === undefined ? null : entryOf(from, p);
          },
          scope: {
            description: "an entry, from the step its first REQUESTs are sent to its exit",
            opens: ({ from, to }) =>
              requesters.flatMap((p) =>
                local(from, p).phase === "released" &&
                local(from, p).attempt === 0 &&
                local(to, p).phase === "wanted"
                  ? [entryOf(from, p)]
                  : [],
              ),
            closes: ({ from, to }) =>
              requesters.flatMap((p) =>
                local(from, p).phase === "held" && local(to, p).phase === "released"
                  ? [entryOf(from, p)]
                  : [],
              ),
          },
        }),
      ],
      liveness: requesters.map((p) =>
        leadsTo(
          `granted:${p}`,
          (s) => local(s, p).phase === "wanted",
          (s) => local(s, p).phase === "held",
          {
            description: `every request of ${p} is eventually granted: once it asks, it enters the critical section`,
            explain: (s) => {
              const l = local(s, p);
              return l.phase === "starved"
                ? `${p} gave up after ${l.attempt} attempts without a quorum of ${m} votes`
                : `${p} asks for the critical section and never gets ${m} votes`;
            },
          },
        ),
      ),
      // Every requester done or given up, nothing in flight: the run is over.
      terminal: (s) =>
        requesters.every((p) => {
          const l = local(s, p);
          return l.done === entries || l.phase === "starved";
        }) && inFlight(s).length === 0,
      mayCrash: coordinators,
      formatMessage: (message) => message.kind,
    });
  },
});
