// Hirschberg and Sinclair's election on a bidirectional ring ("Decentralized extrema-finding in
// circular configurations of processors", CACM 1980), in the seed's words (field manual, week
// 06): "in phase r, a candidate probes both directions to distance 2^r; only those who are the
// largest in their 2^r-neighbourhood survive to phase r + 1. Cost: O(N log N)". The seed gives no
// more; the textbook form (Lynch, Distributed Algorithms, §3.4) is this:
//
//   start           every process is a candidate in phase 0 and sends PROBE(own id, 0, 1) to both
//                   neighbours
//   PROBE(j, r, d)  j < own id: swallow it. j > own id: d < 2^r, forward PROBE(j, r, d + 1) on
//                   the same way round; d = 2^r, send REPLY(j, r) back. j = own id: the probe went
//                   all the way round, so this process is the leader, and it sends ELECTED(own id)
//                   clockwise (once: the probe sent the other way comes home too, and is ignored)
//   REPLY(j, r)     j ≠ own id: pass it on towards j. j = own id: one more reply of phase r; with
//                   both, the candidate survives to phase r + 1 and probes again, to distance 2^(r+1)
//   ELECTED(j)      j ≠ own id: record j as the leader and pass it on; j = own id: back home, stop
//
// Processes are named by their ids (P1 … Pn) and declared in ring order, clockwise; the parameter
// `ids` places 1..n as in chang-roberts (increasing, decreasing, random:SEED, or a list), and
// `--sweep ids=every` runs each arrangement up to rotation.
//
// Cost. Counting PROBE and REPLY messages (the measure electionMessages; ELECTED adds N more, the
// measure messages): in phase r a candidate sends at most 2 · 2^r probes and gets at most as many
// replies, 4 · 2^r messages; a candidate of phase r ≥ 1 is the largest within 2^(r−1) on both
// sides, so at most ⌊N / (2^(r−1) + 1)⌋ processes start phase r, and phase r costs at most
// 4 · 2^r · N / (2^(r−1) + 1) < 8N messages (4N for phase 0). The last phase is the first with
// 2^r ≥ N, r = ⌈log₂ N⌉: at most 1 + ⌈log₂ N⌉ phases, so electionMessages ≤ 8N(1 + ⌈log₂ N⌉),
// the textbook bound. Chang–Roberts' worst case, N(N + 1)/2, is below that bound until
// N(N + 1)/2 > 8N(1 + ⌈log₂ N⌉), that is N + 1 > 16(1 + ⌈log₂ N⌉): from N = 128 on (at N = 127,
// 128 = 16 · 8). The measured maxima are far below the bound; specs/models/hirschberg-sinclair.spec.ts
// puts them beside Chang–Roberts' for the same N.
//
// Invariants: oneLeader, leaderIsMax, agreement (every process that knows a leader knows the same
// one), and survivorIsLocalMax — a process in phase r ≥ 1 has the largest id within 2^(r−1) on
// both sides: the lemma the cost bound rests on.
//
// Liveness: electionEnds — under weakly fair delivery every process eventually knows the leader.
// Every message moves a probe, a reply or the announcement on, so every run is finite and the
// deadlock check shows that each ends with everyone knowing the leader.
//
// Broken variant, caught by survivorIsLocalMax:
//   one-reply   a candidate survives a phase on the first reply, without waiting for the other
//               direction's: it probes further although a larger id lies within reach on the other side

import {
  actor,
  type ActorState,
  actorSystem,
  type Behaviour,
  defineActorModel,
  eventually,
  inFlight,
  intParam,
  messagesSent,
} from "../../checker/index.ts";
import { ringIds, ringIdsParam } from "./chang-roberts.ts";

type Message =
  | { readonly kind: "PROBE"; readonly id: number; readonly phase: number; readonly hops: number }
  | { readonly kind: "REPLY"; readonly id: number; readonly phase: number }
  | { readonly kind: "ELECTED"; readonly id: number };

interface Local {
  readonly id: number;
  /** The phase this process is a candidate of (the last it reached, once it lost). */
  readonly phase: number;
  /** Replies of its current phase received so far, 0 to 2. */
  readonly replies: number;
  /** The leader this process knows of, itself included. */
  readonly leader: number | null;
}

type State = ActorState<Local, Message>;

const VARIANTS = {
  "one-reply":
    "a candidate survives a phase on one reply, not waiting for the other direction's (violates survivorIsLocalMax)",
} as const;

/** The largest id within `distance` of position p, both ways round, p's own excluded. */
function largestAround(ids: readonly number[], p: number, distance: number): number {
  const n = ids.length;
  let largest = 0;
  for (let d = 1; d <= Math.min(distance, n - 1); d++) {
    largest = Math.max(largest, ids[(p + d) % n]!, ids[(p - d + n) % n]!);
  }
  return largest;
}

export default defineActorModel({
  name: "hirschberg-sinclair",
  family: "election",
  description:
    "Hirschberg and Sinclair's election on a bidirectional ring: candidates probe to distance 2^r in phase r, the largest in each neighbourhood survives; O(N log N) messages",
  params: {
    n: intParam({ min: 2, max: 7, default: 4, description: "processes on the ring" }),
    ids: ringIdsParam,
  },
  network: "fifo",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts under BFS
    // and DFS (specs/models/hirschberg-sinclair.spec.ts); two is also counted by hand there. Each
    // arrangement sends the same messages in every interleaving (min = max); random:1 places
    // 4, 2, 1, 3 for n = 4.
    {
      name: "default",
      params: { n: 4 },
      expect: {
        verdict: "holds",
        states: 875,
        depth: 33,
        measures: { electionMessages: { min: 28, max: 28 }, messages: { min: 32, max: 32 } },
      },
    },
    {
      name: "two",
      params: { n: 2, ids: "increasing" },
      expect: {
        verdict: "holds",
        states: 9,
        depth: 8,
        measures: { electionMessages: { min: 5, max: 5 }, messages: { min: 7, max: 7 } },
      },
    },
    {
      name: "decreasing-4",
      params: { n: 4, ids: "decreasing" },
      expect: {
        verdict: "holds",
        states: 952,
        depth: 33,
        measures: { electionMessages: { min: 28, max: 28 }, messages: { min: 32, max: 32 } },
      },
    },
    {
      name: "increasing-5",
      params: { n: 5, ids: "increasing" },
      expect: {
        verdict: "holds",
        states: 4742,
        depth: 55,
        measures: { electionMessages: { min: 49, max: 49 }, messages: { min: 54, max: 54 } },
      },
    },
    {
      name: "large",
      description: "six processes under partial-order reduction: 4,998 of 23,020 states (--no-por: all)",
      params: { n: 6, ids: "increasing" },
      liveness: false,
      expect: {
        verdict: "holds",
        states: 23020,
        reducedStates: 4998,
        depth: 61,
        measures: { electionMessages: { min: 54, max: 54 }, messages: { min: 60, max: 60 } },
      },
    },
    {
      name: "one-reply",
      params: { n: 4, ids: "increasing" },
      variant: "one-reply",
      expect: { verdict: "violated", violates: "survivorIsLocalMax" },
    },
  ],
  build: ({ n, ids: arrangement }, variant) => {
    const ids = ringIds(n, arrangement);
    const names = ids.map((id) => `P${id}`);
    const max = n;
    const needed = variant === "one-reply" ? 1 : 2;

    const behaviour = (position: number): Behaviour<Local, Message> => {
      const clockwise = names[(position + 1) % n]!;
      const counter = names[(position - 1 + n) % n]!;
      const id = ids[position]!;
      const other = (from: string) => (from === clockwise ? counter : clockwise);
      const probeBoth = (phase: number, ctx: { send(to: string, m: Message): void }) => {
        ctx.send(clockwise, { kind: "PROBE", id, phase, hops: 1 });
        // On a ring of two the neighbours are one process: one probe, which both replies answer.
        if (counter !== clockwise) ctx.send(counter, { kind: "PROBE", id, phase, hops: 1 });
      };
      return {
        start: (ctx) => {
          probeBoth(0, ctx);
          return { id, phase: 0, replies: 0, leader: null };
        },
        onMessage: (local, message, from, ctx) => {
          switch (message.kind) {
            case "PROBE": {
              if (message.id === id) {
                if (local.leader !== null) return local;
                ctx.send(clockwise, { kind: "ELECTED", id });
                return { ...local, leader: id };
              }
              if (message.id < id) return local;
              if (message.hops < 2 ** message.phase) {
                ctx.send(other(from), { ...message, hops: message.hops + 1 });
              } else {
                ctx.send(from, { kind: "REPLY", id: message.id, phase: message.phase });
              }
              return local;
            }
            case "REPLY": {
              if (message.id !== id) {
                ctx.send(other(from), message);
                return local;
              }
              if (message.phase !== local.phase) return local;
              const replies = local.replies + 1;
              // A ring of two sends one probe each phase: its one reply is both directions'.
              if (replies < (counter === clockwise ? 1 : needed)) return { ...local, replies };
              probeBoth(local.phase + 1, ctx);
              return { ...local, phase: local.phase + 1, replies: 0 };
            }
            case "ELECTED": {
              if (message.id === id) return local;
              ctx.send(clockwise, message);
              return { ...local, leader: message.id };
            }
          }
        },
      };
    };

    const leaders = (s: State) => s.locals.filter((l) => l.leader === l.id).map((l) => `P${l.id}`);
    const known = (s: State) => [...new Set(s.locals.flatMap((l) => (l.leader === null ? [] : [l.leader])))];
    const finished = (s: State) => s.locals.every((l) => l.leader !== null) && inFlight(s).length === 0;
    /** A process of phase r ≥ 1 that a larger id within 2^(r−1) should have stopped. */
    const overreaching = (s: State) =>
      s.locals.findIndex((l, p) => l.phase >= 1 && largestAround(ids, p, 2 ** (l.phase - 1)) > l.id);

    const processes = names.map((id, position) => actor(id, behaviour(position)));
    return actorSystem(processes, {
      invariants: [
        {
          name: "oneLeader",
          description: "at most one process considers itself the leader",
          holds: (s) => leaders(s).length <= 1,
          explain: (s) => `${leaders(s).join(" and ")} all consider themselves the leader`,
        },
        {
          name: "leaderIsMax",
          description: "a process that considers itself the leader has the maximum id",
          holds: (s) => s.locals.every((l) => l.leader !== l.id || l.id === max),
          explain: (s) =>
            `${leaders(s).join(" and ")} considers itself the leader, but the maximum id is ${max}`,
        },
        {
          name: "agreement",
          description: "every process that knows a leader knows the same one",
          holds: (s) => known(s).length <= 1,
          explain: (s) =>
            s.locals
              .filter((l) => l.leader !== null)
              .map((l) => `P${l.id} knows P${l.leader}`)
              .join(", "),
        },
        {
          name: "survivorIsLocalMax",
          description: "a candidate in phase r ≥ 1 has the largest id within 2^(r−1) on both sides",
          holds: (s) => overreaching(s) === -1,
          explain: (s) => {
            const p = overreaching(s);
            const l = s.locals[p]!;
            return `P${l.id} reached phase ${l.phase}, but P${largestAround(ids, p, 2 ** (l.phase - 1))} is within ${2 ** (l.phase - 1)} of it`;
          },
        },
      ],
      liveness: [
        eventually("electionEnds", (s) => s.locals.every((l) => l.leader !== null), {
          description: "under fair delivery, every process eventually knows the leader",
          explain: (s) =>
            `${s.locals
              .filter((l) => l.leader === null)
              .map((l) => `P${l.id}`)
              .join(", ")} never learn the leader`,
        }),
      ],
      measures: [
        messagesSent({
          name: "electionMessages",
          description: "PROBE and REPLY messages sent in a complete election",
          kinds: ["PROBE", "REPLY"],
        }),
        messagesSent({
          name: "messages",
          description: "messages sent in a complete election, ELECTED included",
        }),
      ],
      terminal: finished,
      formatMessage: (m) =>
        m.kind === "PROBE"
          ? `PROBE(${m.id}, r=${m.phase}, d=${m.hops})`
          : m.kind === "REPLY"
            ? `REPLY(${m.id}, r=${m.phase})`
            : `ELECTED(${m.id})`,
      sendsTo: (process) => {
        const p = names.indexOf(process);
        return [...new Set([names[(p + 1) % n]!, names[(p - 1 + n) % n]!])];
      },
      observe: (local) => [local.leader, local.phase],
    });
  },
});
