// Chang and Roberts' ring election ("An improved algorithm for decentralized extrema-finding in
// circular configurations of processes", CACM 1979), in the form the seed gives (field manual,
// week 06, fig. 5.2): a unidirectional ring over FIFO links, every process an initiator.
//
//   start          each process sends ELECTION(own id) to its clockwise neighbour
//   ELECTION(j)    j > own id: forward it; j < own id: swallow it; j = own id: the id went all the
//                  way round, so this process is the leader, and it sends ELECTED(own id)
//   ELECTED(j)     j ≠ own id: record j as the leader and forward it; j = own id: the announcement
//                  is back home, and it stops
//
// Processes are named by their ids (P1 … Pn) and declared in ring order, so a trace reads like the
// seed's figure. The parameter `ids` places 1..n around the ring, clockwise: increasing (each id
// dies at its first hop except n: 2N − 1 ELECTION messages), decreasing (id k makes k hops: the
// worst case, N(N + 1)/2), random:SEED (a permutation from a small seeded generator below), or an
// explicit list ("3,1,4,2"). `--sweep ids=every` runs each of the (N − 1)! arrangements up to
// rotation, the ones that differ as rings.
// Every id message only moves forward and makes at most N hops, and the announcement makes N, so
// the state space is finite; every step delivers one of finitely many messages, so it has no cycle
// and the deadlock check alone shows that the election always ends with everyone knowing the
// leader.
//
// Liveness: electionEnds — under weakly fair delivery (the actor layer's default) every process
// eventually knows the leader. Checking it turns partial-order reduction off (the reduction is for
// safety); `--no-liveness` checks the invariants alone, with it.
//
// Invariants: oneLeader, leaderIsMax, agreement (every process that knows a leader knows the same
// one).
//
// Measures, over every complete execution, counted from what the handlers sent:
//   electionMessages   ELECTION messages: the hops each id makes before a larger id swallows it
//                      (N for the maximum). The same in every interleaving of one arrangement, so
//                      min = max; the seed's worst case N(N + 1)/2 (ids decreasing clockwise) and
//                      best 2N − 1 (increasing) are pinned, and `--sweep ids=every` gives the mean
//                      over all (N − 1)! arrangements, N·H_N (H_N the N-th harmonic number).
//   messages           every message, the N ELECTED announcements included.
//
// FIFO links are what the seed assumes, but safety does not rest on them: an id is swallowed by
// the maximum whatever the order, so --network unordered holds as well (checked in the spec).
//
// Broken variant, caught by leaderIsMax:
//   forward-smaller   a process forwards smaller ids instead of swallowing them, so every id comes
//                     home and the first to arrive crowns a process that is not the maximum

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

type Message =
  { readonly kind: "ELECTION"; readonly id: number } | { readonly kind: "ELECTED"; readonly id: number };

interface Local {
  readonly id: number;
  /** The leader this process knows of, itself included. */
  readonly leader: number | null;
}

type State = ActorState<Local, Message>;

const VARIANTS = {
  "forward-smaller":
    "a process forwards smaller ids instead of swallowing them, so a non-maximal id comes home (violates leaderIsMax)",
} as const;

/** The ids 1..n in ring order, clockwise, for the `ids` parameter. */
export function ringIds(n: number, arrangement: string): number[] {
  const increasing = Array.from({ length: n }, (_, i) => i + 1);
  if (arrangement === "increasing") return increasing;
  if (arrangement === "decreasing") return increasing.reverse();
  if (/^\d+(,\d+)*$/.test(arrangement)) {
    const listed = arrangement.split(",").map(Number);
    const sorted = [...listed].sort((a, b) => a - b);
    if (sorted.length !== n || sorted.some((id, i) => id !== i + 1)) {
      throw new CheckerError(
        "bad-param",
        `ids ${arrangement} is not an arrangement of 1..${n}: list each of 1..${n} once, clockwise`,
      );
    }
    return listed;
  }
  const seed = Number(/^random:(\d+)$/.exec(arrangement)![1]);
  const random = mulberry32(seed);
  const ids = increasing;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids;
}

/** Tommy Ettinger's mulberry32: a 32-bit generator, the same sequence for the same seed everywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every arrangement of 1..n around a ring up to rotation, as explicit lists: n first, then each
 * order of the rest, (n − 1)! in all.
 */
export function everyArrangement(n: number): string[] {
  const out: string[] = [];
  const rest = Array.from({ length: n - 1 }, (_, i) => i + 1);
  const permute = (prefix: number[], left: number[]) => {
    if (left.length === 0) out.push([n, ...prefix].join(","));
    left.forEach((id, i) => permute([...prefix, id], [...left.slice(0, i), ...left.slice(i + 1)]));
  };
  permute([], rest);
  return out;
}

/** ELECTION messages of a complete run, by hand: each id's hops until a larger id swallows it (N for the maximum). */
export function expectedElectionMessages(ids: readonly number[]): number {
  const n = ids.length;
  let hops = 0;
  ids.forEach((id, p) => {
    let h = 1;
    while (h < n && ids[(p + h) % n]! < id) h++;
    hops += h;
  });
  return hops;
}

/** The `ids` parameter of the ring elections: how 1..n are placed, with every arrangement for sweeps. */
export const ringIdsParam = stringParam({
  pattern: String.raw`increasing|decreasing|random:\d+|\d+(,\d+)*`,
  accepted: "increasing, decreasing, random:SEED, or the ids clockwise (3,1,4,2)",
  every: (params) => everyArrangement(params.n as number),
  default: "random:1",
  description: "how the ids 1..n are placed around the ring, clockwise",
});

export default defineActorModel({
  name: "chang-roberts",
  family: "election",
  description:
    "Chang and Roberts' election on a unidirectional ring: ids travel until a larger one swallows them, the maximum comes home and is announced",
  params: {
    n: intParam({ min: 2, max: 7, default: 4, description: "processes on the ring" }),
    ids: ringIdsParam,
  },
  network: "fifo",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts (and depth)
    // under BFS and DFS (specs/models/chang-roberts.spec.ts); increasing-3 is also counted by hand
    // there. Pinned measures: the checker's, equal to the hand count of expectedElectionMessages
    // (plus N announcements) in the spec. random:1 places 4, 2, 1, 3 for n = 4 and 2, 6, 7, 4, 3, 1, 5 for n = 7; random:7
    // places 4, 2, 3, 5, 1 for n = 5.
    {
      name: "default",
      params: { n: 4 },
      expect: {
        verdict: "holds",
        states: 33,
        depth: 13,
        measures: { electionMessages: { min: 8, max: 8 }, messages: { min: 12, max: 12 } },
      },
    },
    {
      name: "increasing-3",
      params: { n: 3, ids: "increasing" },
      expect: {
        verdict: "holds",
        states: 14,
        depth: 9,
        measures: { electionMessages: { min: 5, max: 5 }, messages: { min: 8, max: 8 } },
      },
    },
    {
      name: "increasing-5",
      params: { n: 5, ids: "increasing" },
      expect: {
        verdict: "holds",
        states: 52,
        depth: 15,
        measures: { electionMessages: { min: 9, max: 9 }, messages: { min: 14, max: 14 } },
      },
    },
    {
      name: "decreasing-4",
      params: { n: 4, ids: "decreasing" },
      expect: {
        verdict: "holds",
        states: 46,
        depth: 15,
        measures: { electionMessages: { min: 10, max: 10 }, messages: { min: 14, max: 14 } },
      },
    },
    {
      name: "decreasing-5",
      params: { n: 5, ids: "decreasing" },
      expect: {
        verdict: "holds",
        states: 137,
        depth: 21,
        measures: { electionMessages: { min: 15, max: 15 }, messages: { min: 20, max: 20 } },
      },
    },
    {
      name: "decreasing-7",
      description: "the worst case: 28 ELECTION messages",
      params: { n: 7, ids: "decreasing" },
      expect: {
        verdict: "holds",
        states: 1437,
        depth: 36,
        measures: { electionMessages: { min: 28, max: 28 }, messages: { min: 35, max: 35 } },
      },
    },
    {
      name: "random-5",
      params: { n: 5, ids: "random:7" },
      expect: {
        verdict: "holds",
        states: 71,
        depth: 17,
        measures: { electionMessages: { min: 11, max: 11 }, messages: { min: 16, max: 16 } },
      },
    },
    {
      name: "random-7",
      params: { n: 7, ids: "random:1" },
      expect: {
        verdict: "holds",
        states: 436,
        depth: 25,
        measures: { electionMessages: { min: 17, max: 17 }, messages: { min: 24, max: 24 } },
      },
    },
    {
      name: "forward-smaller",
      params: { n: 4, ids: "increasing" },
      variant: "forward-smaller",
      expect: { verdict: "violated", violates: "leaderIsMax" },
    },
    {
      name: "lost-message",
      description: "a lost id or announcement stalls the election: nobody times out and retries",
      params: { n: 3, ids: "increasing", drop: 1 },
      expect: { verdict: "violated", violates: "deadlock" },
    },
  ],
  build: ({ n, ids: arrangement }, variant) => {
    const ids = ringIds(n, arrangement);
    const names = ids.map((id) => `P${id}`);
    const max = n;
    const swallow = variant !== "forward-smaller";

    const behaviour = (position: number): Behaviour<Local, Message> => {
      const next = names[(position + 1) % n]!;
      const id = ids[position]!;
      return {
        start: (ctx) => {
          ctx.send(next, { kind: "ELECTION", id });
          return { id, leader: null };
        },
        onMessage: (local, message, _from, ctx) => {
          if (message.kind === "ELECTION") {
            if (message.id === id) {
              ctx.send(next, { kind: "ELECTED", id });
              return { ...local, leader: id };
            }
            if (message.id < id && swallow) return local;
            ctx.send(next, message);
            return local;
          }
          if (message.id === id) return local;
          ctx.send(next, message);
          return { ...local, leader: message.id };
        },
      };
    };

    const leaders = (s: State) => s.locals.filter((l) => l.leader === l.id).map((l) => `P${l.id}`);
    const known = (s: State) => [...new Set(s.locals.flatMap((l) => (l.leader === null ? [] : [l.leader])))];
    const finished = (s: State) => s.locals.every((l) => l.leader !== null) && inFlight(s).length === 0;

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
            `${leaders(s)
              .filter((p) => p !== `P${max}`)
              .join(" and ")} considers itself the leader, but the maximum id is ${max}`,
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
      ],
      liveness: [
        eventually("electionEnds", (s) => s.locals.every((l) => l.leader !== null), {
          description: "under fair delivery, every process eventually knows the leader",
          explain: (s) =>
            `${s.locals
              .filter((l) => l.leader === null)
              .map((l) => `P${l.id}`)
              .join(
                ", ",
              )} never learn${s.locals.filter((l) => l.leader === null).length === 1 ? "s" : ""} the leader`,
        }),
      ],
      measures: [
        messagesSent({
          name: "electionMessages",
          description: "ELECTION messages sent in a complete election",
          kinds: ["ELECTION"],
        }),
        messagesSent({
          name: "messages",
          description: "messages sent in a complete election, ELECTED included",
        }),
      ],
      terminal: finished,
      formatMessage: (m) => `${m.kind}(${m.id})`,
      // The ring, and what the invariants read (who knows which leader): with them, partial-order
      // reduction explores one order of the hops that no invariant can tell apart.
      sendsTo: (process) => [names[(names.indexOf(process) + 1) % n]!],
      observe: (local) => local.leader,
    });
  },
});
