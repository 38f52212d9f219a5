// Ricart and Agrawala's mutual exclusion ("An Optimal Algorithm for Mutual Exclusion in Computer
// Networks", CACM 1981), in the textbook form the seed gives (field manual, week 06):
//
//   to enter     a process ticks its Lamport clock, stamps a REQUEST (ts, id) and sends it to
//                every other process
//   on REQUEST   it defers the reply if it is in the critical section, or if it is requesting and
//                its own (ts, id) is lexicographically smaller than the incoming one; otherwise it
//                replies OK at once
//   enter        when OK has come from all N − 1 others
//   on exit      it sends OK to every deferred request (the reply replaces Lamport's RELEASE)
//
// Deciding to request and leaving the critical section are timers ("want", "leave"), so the
// explorer interleaves them with every delivery; entering is the delivery of the last OK.
//
// Clock: Lamport's rules applied to the events whose timestamps someone reads — sending a REQUEST
// (C := C + 1) and receiving one (C := max(C, ts) + 1). An OK carries no timestamp: nothing reads
// it. The state space is finite without a constraint: every clock is at most the number of
// request events so far (by induction, since a received ts was some clock at its send), and there
// are at most N·entries sends and N·entries·(N − 1) receipts, so every clock is ≤ N²·entries;
// every other variable is bounded by N and entries.
//
// OKs are kept as the set of processes that answered, as the seed words it ("from all N − 1
// others"), so a duplicated OK within one request is harmless; one that arrives during the
// sender's *next* request is not (config duplicated-ok). Nor does the algorithm survive a crash:
// a crashed process never answers, and every requester waits for it (config crash).
//
// Invariants: mutualExclusion; servedInOrder (no process is in the critical section while another
// waits with a strictly earlier timestamp — the order the timestamps promise).
//
// Measure: messagesPerEntry — from a process's request to its exit, the N − 1 REQUESTs it sends and
// the N − 1 OKs sent to it: the seed's 2(N − 1), in every execution.
//
// Liveness: granted:P0 … granted:Pn−1 — every request is eventually granted (leads-to: a process
// that is wanted later holds the critical section), under the actor layer's default fairness: each
// message in flight is eventually delivered and each armed timer eventually fires. Every step
// delivers a message, fires a timer or spends a fault, all bounded by N, entries and the budgets,
// so the state graph has no cycle, in every variant: the only lassos are stutters, in a state where
// no delivery and no timer is enabled, and without faults the deadlock check alone already shows
// that the correct algorithm grants every request. A real loop would need unbounded re-entry, and
// then the Lamport clocks grow without bound, so that no state repeats either. With delivery not
// fair (--fairness delivery=none) a request may wait forever for a REQUEST or an OK that is never
// delivered. Checking liveness turns partial-order reduction off (the reduction is for safety);
// --no-liveness checks the invariants alone, with it.
//
// Broken variants:
//   no-id-tiebreak    caught by mutualExclusion: requests are compared by timestamp only: a
//                     requester defers only an incoming request with a strictly larger ts, so two
//                     requests with equal ts each get the other's OK and both processes enter.
//                     (The other textbook slip, deferring on equal ts too, deadlocks instead.)
//   forget-deferred   caught by granted:P0 (config starvation): on leaving, a process forgets the
//                     requests it deferred instead of answering them. Nothing unsafe happens — a
//                     requester never enters without every OK — but a request deferred by the holder
//                     is never answered, so the requester stays wanted forever. The lasso is a
//                     stutter: with n = 2, P1 enters, P0 requests, P1 defers the request and leaves
//                     without its OK, and the run ends with P0 wanted, nothing in flight and no
//                     timer armed. That end is not a proper one (P0 is not done), so the deadlock
//                     check would report it first: the configuration runs with checkDeadlock false.

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
  processIds,
} from "../../checker/index.ts";
import { mutexProperties, sortedWith } from "./common.ts";

type Message =
  { readonly kind: "REQUEST"; readonly ts: number; readonly from: string } | { readonly kind: "OK" };

type Phase = "released" | "wanted" | "held";

interface Local {
  readonly phase: Phase;
  readonly clock: number;
  /** The timestamp of the current request, while wanted or held. */
  readonly ts: number | null;
  /** Who has answered the current request, sorted. */
  readonly oks: readonly string[];
  /** Requests whose reply waits for this process to leave, sorted. */
  readonly deferred: readonly string[];
  /** Critical-section entries completed. */
  readonly done: number;
}

type State = ActorState<Local, Message>;
/** A process id: P0, P1, … */
type Pid = `P${number}`;

const VARIANTS = {
  "no-id-tiebreak":
    "requests are compared by timestamp only, so two requests with equal timestamps both get the other's OK (violates mutualExclusion)",
  "forget-deferred":
    "on leaving, a process forgets the requests it deferred instead of answering them, so their senders wait forever (violates granted:P0)",
} as const;

/** (ts, id) < (ts', id'), lexicographically; a process's id is its number (P0 < P1 < …). */
const before = (ts: number, id: number, ts2: number, id2: number) => ts < ts2 || (ts === ts2 && id < id2);

export default defineActorModel({
  name: "ricart-agrawala",
  family: "mutex",
  description:
    "Ricart and Agrawala's mutual exclusion: Lamport-timestamped requests to all, replies deferred by (timestamp, id), 2(N − 1) messages per entry",
  params: {
    n: intParam({ min: 2, max: 5, default: 3, description: "processes" }),
    entries: intParam({ min: 1, max: 3, default: 1, description: "critical-section entries per process" }),
  },
  network: "unordered",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts (and depth)
    // under BFS and DFS (specs/models/ricart-agrawala.spec.ts).
    // Pinned measures: 2(N − 1) messages per entry (N − 1 REQUESTs, N − 1 OKs), in every execution.
    {
      name: "default",
      params: { n: 3 },
      expect: {
        verdict: "holds",
        states: 6445,
        depth: 19,
        measures: { messagesPerEntry: { min: 4, max: 4 } },
      },
    },
    {
      name: "two",
      params: { n: 2 },
      expect: { verdict: "holds", states: 35, depth: 9, measures: { messagesPerEntry: { min: 2, max: 2 } } },
    },
    {
      name: "two-entries",
      params: { n: 2, entries: 2 },
      expect: {
        verdict: "holds",
        states: 220,
        depth: 17,
        measures: { messagesPerEntry: { min: 2, max: 2 } },
      },
    },
    {
      name: "three-entries",
      params: { n: 2, entries: 3 },
      expect: {
        verdict: "holds",
        states: 832,
        depth: 25,
        measures: { messagesPerEntry: { min: 2, max: 2 } },
      },
    },
    {
      name: "tiebreak-bug",
      description: "two requests stamped ts 1 each get the other's OK",
      params: { n: 2 },
      variant: "no-id-tiebreak",
      expect: { verdict: "violated", violates: "mutualExclusion" },
    },
    {
      name: "duplicated-ok",
      description:
        "a duplicated OK answers the sender's next request too: the shortest trace overtakes an earlier request, a longer one puts both inside",
      params: { n: 2, entries: 2, duplicate: 1 },
      expect: { verdict: "violated", violates: "servedInOrder" },
    },
    {
      name: "crash",
      description: "a crashed process never answers, so a requester waits forever (N points of failure)",
      params: { n: 2, crash: 1 },
      expect: { verdict: "violated", violates: "deadlock" },
    },
    {
      name: "starvation",
      description:
        "P1 leaves without answering the request it deferred: P0 waits forever (a stutter where nothing is enabled, so no deadlock check)",
      params: { n: 2 },
      variant: "forget-deferred",
      checkDeadlock: false,
      expect: { verdict: "violated", violates: "granted:P0" },
    },
  ],
  build: ({ n, entries }, variant) => {
    const names = processIds("P", n);
    const indexOf = new Map<string, number>(names.map((name, i) => [name, i]));
    const tiebreak = variant !== "no-id-tiebreak";
    const answersDeferred = variant !== "forget-deferred";

    /** Whether a requester with (ts, self) answers an incoming (ts2, from) only later. */
    const defers = (local: Local, self: string, ts2: number, from: string): boolean => {
      if (local.phase === "held") return true;
      if (local.phase !== "wanted") return false;
      const ts = local.ts!;
      return tiebreak ? before(ts, indexOf.get(self)!, ts2, indexOf.get(from)!) : ts < ts2;
    };

    const behaviour: Behaviour<Local, Message> = {
      start: (ctx) => {
        ctx.setTimer("want");
        return { phase: "released", clock: 0, ts: null, oks: [], deferred: [], done: 0 };
      },
      onTimer: (local, timer, ctx) => {
        if (timer === "want") {
          const clock = local.clock + 1;
          ctx.broadcast({ kind: "REQUEST", ts: clock, from: ctx.self });
          return { ...local, phase: "wanted", clock, ts: clock, oks: [] };
        }
        const answered = answersDeferred ? local.deferred : [];
        for (const to of answered) ctx.send(to, { kind: "OK" });
        const done = local.done + 1;
        if (done < entries) ctx.setTimer("want");
        return {
          ...local,
          phase: "released",
          ts: null,
          oks: [],
          deferred: [],
          done,
        };
      },
      onMessage: (local, message, from, ctx) => {
        if (message.kind === "REQUEST") {
          const clock = Math.max(local.clock, message.ts) + 1;
          if (defers(local, ctx.self, message.ts, message.from)) {
            return { ...local, clock, deferred: sortedWith(local.deferred, from) };
          }
          ctx.send(from, { kind: "OK" });
          return { ...local, clock };
        }
        if (local.phase !== "wanted") return local;
        const oks = sortedWith(local.oks, from);
        if (oks.length < n - 1) return { ...local, oks };
        ctx.setTimer("leave");
        return { ...local, phase: "held", oks };
      },
    };

    const processes = names.map((id) => actor(id, behaviour));
    const { local } = lookup(processes);

    /** A process in the critical section and one waiting with a strictly earlier timestamp. */
    const overtaken = (s: State): [Pid, Pid] | null => {
      for (const holder of names) {
        const held = local(s, holder);
        if (held.phase !== "held") continue;
        for (const waiter of names) {
          const waiting = local(s, waiter);
          if (waiting.phase === "wanted" && waiting.ts! < held.ts!) return [holder, waiter];
        }
      }
      return null;
    };
    const { mutualExclusion, messagesPerEntry, allDone } = mutexProperties(processes, entries, {
      formula: "2(N − 1)",
      answers: ["OK"],
    });

    return actorSystem(processes, {
      invariants: [
        mutualExclusion,
        {
          name: "servedInOrder",
          description: "no process is in the critical section while another waits with an earlier timestamp",
          holds: (s) => overtaken(s) === null,
          explain: (s) => {
            const [holder, waiter] = overtaken(s)!;
            const ts = (name: Pid) => local(s, name).ts;
            return `${holder} (ts ${ts(holder)}) is in the critical section while ${waiter} waits with ts ${ts(waiter)}`;
          },
        },
      ],
      measures: [messagesPerEntry],
      liveness: names.map((name) =>
        leadsTo(
          `granted:${name}`,
          (s) => local(s, name).phase === "wanted",
          (s) => local(s, name).phase === "held",
          {
            description: `every request of ${name} is eventually granted: once wanted, it enters the critical section`,
            explain: (s) => {
              const { oks, ts } = local(s, name);
              const missing = names.filter((other) => other !== name && !oks.includes(other));
              const answered = oks.length ? `OK from ${oks.join(", ")}` : "no OK yet";
              return `${name} requests the critical section (ts ${ts}, ${answered}) and is never granted it: ${missing.join(", ")} never answer${missing.length === 1 ? "s" : ""}`;
            },
          },
        ),
      ),
      terminal: (s) => allDone(s) && inFlight(s).length === 0,
      formatMessage: (m) => (m.kind === "OK" ? "OK" : `REQUEST(ts=${m.ts}, from=${m.from})`),
      // What mutualExclusion and servedInOrder read: partial-order reduction may then skip orders
      // of steps that change neither (a deferred REQUEST, an OK that is not the last).
      observe: (l) => [l.phase, l.ts],
    });
  },
});
