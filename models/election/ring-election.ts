// The classical ring election (Le Lann, "Distributed systems — towards a formal approach", IFIP
// 1977; the form of Tanenbaum and van Steen, Distributed Systems, §6.5.1), as the seed gives it
// (field manual, week 06, "Ring & Chang–Roberts"): "Processes are arranged in a logical ring;
// messages flow in one direction. In the classical ring algorithm, an ELECTION message
// accumulates every visited process's id; when it returns to the originator, the maximum id wins,
// and a second pass announces the coordinator." A unidirectional ring over FIFO links.
//
//   start              an initiator sends ELECTION[own id] to its clockwise neighbour
//   ELECTION[list]     the list does not start with one's own id: append it and forward; it does:
//                      the message has been all the way round, so the maximum of the list is the
//                      coordinator; believe it and send COORDINATOR(max) round the ring
//   COORDINATOR(c)     from another originator: believe c and forward; one's own: it is back
//                      home, everyone has been told, and it stops
//
// Where the seed is vague, the textbook form chosen: the originator is recognised as the first
// id of the list (Tanenbaum: "a message containing its own process number"); the second pass is a
// COORDINATOR message that, like the first, goes all the way round back to its originator, so
// that the originator knows everyone was told (N messages, not N − 1); no process crashes (the
// textbook's skipping of a dead successor is not modelled). Several initiators (`--initiators`,
// processes that noticed the silence at the same time) each run both passes: every ELECTION is
// forwarded by everyone, and every originator announces the same maximum.
//
// Processes are named by their ids (P1 … Pn) and declared in ring order; `ids` places 1..n around
// the ring, clockwise (increasing, decreasing, or an explicit list: "3,1,4,2"). Every message
// only moves forward and makes exactly N hops, so the state space is finite and acyclic, and the
// deadlock check alone shows that every run ends with everyone told.
//
// Invariants: agreement (every process that believes a coordinator believes the same one),
// coordinatorIsMax (the one it believes has the maximum id, n). Liveness: everyoneKnows — under
// weakly fair delivery every process eventually believes the coordinator. Checking it turns
// partial-order reduction off; `--no-liveness` checks the invariants alone, with it.
//
// Measures, over every complete execution, from what the handlers sent:
//   messages          every message: N ELECTIONs and N COORDINATORs per initiator, 2N for one
//                     (the seed's "2 N messages · two passes") and 2kN for k initiators, in every
//                     interleaving: min = max
//   electionMessages  the first pass alone: kN
//
// Broken variant, caught by everyoneKnows:
//   skip-announcement  the originator picks the maximum but skips the second pass: it alone
//                      believes the coordinator, and the others never learn it. The run ends with
//                      nothing in flight and everyone but the originator uninformed, which the
//                      deadlock check would report first: its configuration runs without it.

import {
  actor,
  type ActorState,
  actorSystem,
  type Behaviour,
  CheckerError,
  defineActorModel,
  eventually,
  inFlight,
  intParam,
  messagesSent,
  stringParam,
} from "../../checker/index.ts";
import { ringIds } from "./chang-roberts.ts";

type Message =
  | { readonly kind: "ELECTION"; readonly ids: readonly number[] }
  | { readonly kind: "COORDINATOR"; readonly id: number; readonly origin: number };

interface Local {
  readonly id: number;
  /** The coordinator this process believes in. */
  readonly coordinator: number | null;
}

type State = ActorState<Local, Message>;

const VARIANTS = {
  "skip-announcement":
    "the originator picks the maximum but sends no COORDINATOR, so the others never learn it (violates everyoneKnows)",
} as const;

/** The processes of `--initiators`, by id: each of 1..n at most once. */
export function initiatorIds(raw: string, n: number): number[] {
  const ids = raw.split(",").map(Number);
  const bad = ids.find((id) => id < 1 || id > n);
  if (bad !== undefined) {
    throw new CheckerError("bad-param", `initiators ${raw} names P${bad}, but the processes are P1 … P${n}`);
  }
  if (new Set(ids).size !== ids.length) {
    throw new CheckerError("bad-param", `initiators ${raw} names a process twice`);
  }
  return ids;
}

export default defineActorModel({
  name: "ring-election",
  family: "election",
  description:
    "the classical ring election: an ELECTION message collects every id round the ring, its originator announces the maximum in a second pass, 2N messages",
  params: {
    n: intParam({ min: 2, max: 7, default: 4, description: "processes on the ring" }),
    ids: stringParam({
      pattern: String.raw`increasing|decreasing|\d+(,\d+)*`,
      accepted: "increasing, decreasing, or the ids clockwise (3,1,4,2)",
      default: "increasing",
      description: "how the ids 1..n are placed around the ring, clockwise",
    }),
    initiators: stringParam({
      pattern: String.raw`\d+(,\d+)*`,
      accepted: "the ids of the processes that start an election (1 or 1,3)",
      default: "1",
      description: "processes that start an election at once",
    }),
  },
  network: "fifo",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts and depth
    // under BFS and DFS (specs/models/ring-election.spec.ts); two and default (one initiator: a
    // single path of 2N steps) are also counted by hand there. Pinned measures: 2N per initiator.
    {
      name: "default",
      params: { n: 4 },
      expect: {
        verdict: "holds",
        states: 9,
        depth: 9,
        measures: { messages: { min: 8, max: 8 }, electionMessages: { min: 4, max: 4 } },
      },
    },
    {
      name: "two",
      params: { n: 2 },
      expect: {
        verdict: "holds",
        states: 5,
        depth: 5,
        measures: { messages: { min: 4, max: 4 }, electionMessages: { min: 2, max: 2 } },
      },
    },
    {
      name: "decreasing-5",
      description:
        "ids decreasing clockwise: the maximum is the initiator's successor and learns it won only after a full round",
      params: { n: 5, ids: "decreasing" },
      expect: {
        verdict: "holds",
        states: 11,
        depth: 11,
        measures: { messages: { min: 10, max: 10 }, electionMessages: { min: 5, max: 5 } },
      },
    },
    {
      name: "two-initiators",
      description: "P1 and P3 start at once: 2 · 2N = 20 messages",
      params: { n: 5, ids: "3,1,4,2,5", initiators: "1,3" },
      expect: {
        verdict: "holds",
        states: 55,
        depth: 21,
        measures: { messages: { min: 20, max: 20 }, electionMessages: { min: 10, max: 10 } },
      },
    },
    {
      name: "all-initiate-4",
      description: "every process starts: N · 2N = 32 messages",
      params: { n: 4, initiators: "1,2,3,4" },
      expect: {
        verdict: "holds",
        states: 257,
        depth: 33,
        measures: { messages: { min: 32, max: 32 }, electionMessages: { min: 16, max: 16 } },
      },
    },
    {
      name: "all-initiate-6",
      description: "every process of six starts: N · 2N = 72 messages",
      params: { n: 6, initiators: "1,2,3,4,5,6" },
      expect: {
        verdict: "holds",
        states: 4882,
        depth: 73,
        measures: { messages: { min: 72, max: 72 }, electionMessages: { min: 36, max: 36 } },
      },
    },
    {
      name: "skip-announcement",
      description: "the second pass skipped: only the originator knows the coordinator",
      params: { n: 4 },
      variant: "skip-announcement",
      checkDeadlock: false,
      expect: { verdict: "violated", violates: "everyoneKnows" },
    },
  ],
  build: ({ n, ids: arrangement, initiators: initiatorList }, variant) => {
    const ids = ringIds(n, arrangement);
    const initiators = initiatorIds(initiatorList, n);
    const names = ids.map((id) => `P${id}`);
    const max = n;
    const announces = variant !== "skip-announcement";

    const behaviour = (position: number): Behaviour<Local, Message> => {
      const next = names[(position + 1) % n]!;
      const id = ids[position]!;
      return {
        start: (ctx) => {
          if (initiators.includes(id)) ctx.send(next, { kind: "ELECTION", ids: [id] });
          return { id, coordinator: null };
        },
        onMessage: (local, message, _from, ctx) => {
          if (message.kind === "ELECTION") {
            if (message.ids[0] !== id) {
              ctx.send(next, { kind: "ELECTION", ids: [...message.ids, id] });
              return local;
            }
            const winner = Math.max(...message.ids);
            if (announces) ctx.send(next, { kind: "COORDINATOR", id: winner, origin: id });
            return { ...local, coordinator: winner };
          }
          if (message.origin === id) return local;
          ctx.send(next, message);
          return { ...local, coordinator: message.id };
        },
      };
    };

    const believed = (s: State) => [
      ...new Set(s.locals.flatMap((l) => (l.coordinator === null ? [] : [l.coordinator]))),
    ];
    const uninformed = (s: State) => s.locals.filter((l) => l.coordinator === null).map((l) => `P${l.id}`);

    const processes = names.map((name, position) => actor(name, behaviour(position)));
    return actorSystem(processes, {
      invariants: [
        {
          name: "agreement",
          description: "every process that believes a coordinator believes the same one",
          holds: (s) => believed(s).length <= 1,
          explain: (s) =>
            s.locals
              .filter((l) => l.coordinator !== null)
              .map((l) => `P${l.id} believes P${l.coordinator}`)
              .join(", "),
        },
        {
          name: "coordinatorIsMax",
          description: "the coordinator a process believes has the maximum id",
          holds: (s) => believed(s).every((c) => c === max),
          explain: (s) =>
            `${s.locals
              .filter((l) => l.coordinator !== null && l.coordinator !== max)
              .map((l) => `P${l.id} believes P${l.coordinator}`)
              .join(", ")}, but the maximum id is ${max}`,
        },
      ],
      liveness: [
        eventually("everyoneKnows", (s) => uninformed(s).length === 0, {
          description: "under fair delivery, every process eventually believes the coordinator",
          explain: (s) =>
            `${uninformed(s).join(", ")} never learn${uninformed(s).length === 1 ? "s" : ""} the coordinator`,
        }),
      ],
      measures: [
        messagesSent({ name: "messages", description: "messages sent in a complete election, both passes" }),
        messagesSent({
          name: "electionMessages",
          description: "ELECTION messages sent in a complete election (the first pass)",
          kinds: ["ELECTION"],
        }),
      ],
      terminal: (s) => uninformed(s).length === 0 && inFlight(s).length === 0,
      formatMessage: (m) =>
        m.kind === "ELECTION" ? `ELECTION[${m.ids.join(",")}]` : `COORDINATOR(${m.id}) of P${m.origin}`,
      // The ring, and what the invariants read (who believes which coordinator): with them,
      // partial-order reduction explores one order of the hops that no invariant can tell apart.
      sendsTo: (process) => [names[(names.indexOf(process) + 1) % n]!],
      observe: (local) => local.coordinator,
    });
  },
});
