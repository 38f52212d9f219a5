// Lamport's mutual exclusion ("Time, Clocks, and the Ordering of Events in a Distributed System",
// CACM 1978, the resource-allocation example), in the textbook form the seed gives (field manual,
// week 06: "every site keeps a local request queue ordered by timestamp; channels must be FIFO;
// REQUEST · REPLY · RELEASE"):
//
//   to enter     a process ticks its Lamport clock, puts its own request (ts, id) in its queue and
//                sends REQUEST(ts) to every other process
//   on REQUEST   it puts (ts, from) in its queue and answers with a timestamped REPLY
//   enter        when L1: it has received, from every other process, a message stamped later than
//                its request, and L2: its own request is at the head of its queue
//   on exit      it removes its request from its queue and sends RELEASE to every other process
//   on RELEASE   it removes the sender's request from its queue
//
// The queue is ordered by (timestamp, id), ties broken by the process number (P0 < P1 < …), as
// Lamport's total order ⇒ does. The seed numbers the entry conditions as above (L1 the later
// messages, L2 the head of the queue); Lamport's paper numbers them the other way round.
//
// Where the seed is vague, and the form chosen:
//   - Clock: Lamport's rules, with a handler as one event: the want timer and the exit tick
//     (C := C + 1) and stamp what they send; every receipt sets C := max(C, ts) + 1, and a REPLY,
//     sent in the same atomic step as the receipt of its REQUEST, carries that clock, so it is
//     always later than the request it answers. Every message carries a timestamp: L1 reads them
//     all (a RELEASE or a REQUEST counts as much as a REPLY).
//   - L1 is kept as the set of processes a later-stamped message has come from during the current
//     request. That is the same as comparing the latest timestamp received from each with the
//     request's: a message received before the request has a smaller timestamp (the request's
//     stamp is the clock ticked past every receipt), so only receipts during the request count.
//   - A RELEASE removes the sender's requests stamped before it (Lamport: "any" of its
//     requests). On FIFO links that is the one request it releases; on an unordered network the
//     sender's next REQUEST may overtake its RELEASE, and must survive it.
//   - The entry conditions are tested after every step of a waiting process: the want timer (never
//     enough for N ≥ 2, since L1 needs a message from every other) and every receipt. Entering sets the leave timer.
//
// Deciding to request and leaving are timers ("want", "leave"), as in ricart-agrawala, and each
// process enters `entries` times, so the state space is finite without a constraint: every clock is
// at most the number of events so far, and there are at most N·entries·(1 + 3(N − 1)) + N·entries
// of them. Every step delivers a message or fires a timer, all bounded, so the state graph has no
// cycle: the only lassos are stutters, and without faults the deadlock check already shows every
// request granted; the liveness check says so under the actor layer's default fairness (each
// message in flight eventually delivered, each armed timer eventually fired).
//
// Invariants: mutualExclusion; servedInOrder (no process is in the critical section while another
// waits with an earlier request in the (timestamp, id) order — Lamport's algorithm grants requests
// in exactly that order).
//
// Measure: messagesPerEntry — from a process's request to its exit, the REQUESTs and RELEASEs it
// sends and the REPLYs sent to it: the seed's 3(N − 1), N − 1 of each kind, the same in every
// execution (min = max, configs pin it).
//
// FIFO channels are what L1 relies on: a later-stamped message from Pj proves that Pj's earlier
// REQUEST is already in the queue. Config unordered runs the correct algorithm over an unordered
// network: P0 answers P1's REQUEST, the REPLY overtakes P0's own earlier REQUEST, and P1 enters
// ahead of P0's earlier request — servedInOrder, at depth 5. Let P0's REQUEST arrive and P1
// answer it, and P0 enters too, both inside (specs/models/mutex-lamport.spec.ts walks it):
// mutualExclusion breaks as well, two steps later, so the shortest counterexample is the first.
//
// Broken variant:
//   head-only   caught by mutualExclusion: a process enters as soon as its own request heads its
//               queue (L2 without L1). A request is at the head of its own queue the moment it is
//               made, before anyone has heard of it, so P0 and P1 each request and enter: a
//               two-step trace. (The other slip, L1 without L2 — entering on the later-stamped
//               messages alone — breaks servedInOrder first: two crossing requests stamped ts 1
//               are both answered, and P1 enters ahead of P0's (1, P0). It is not a variant here.)
//
// Variant tla is another state machine: Stephan Merz's TLA+ specification LamportMutex (TLA+
// Examples, specifications/lamport_mutex) transcribed action for action in
// models/mutex/mutex-lamport-tla.ts, with its variables clock, req, ack, network and crit. The
// specification words the algorithm differently from this actor form: only the receipt of
// a REQUEST moves a clock (a request is stamped with the clock as it is), acknowledgements and
// releases carry no timestamp, L1 is "every other process has acknowledged", L2 is "my request
// beats every request I know of", and a process may request again and again, its clocks bounded by
// the state constraint ClockConstraint instead of by a number of entries. Its parameters are --n
// (shared), --max-clock and --max-nat. Config tla is the TLC model MCLamportMutex (N = 3,
// maxClock = 6, MaxNat = 7): 724,274 distinct states, 2,729,079 generated, depth 61, TLC's own
// figures; config tla-small lowers maxClock to 3.

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
  withVariant,
} from "../../checker/index.ts";
import { mutexProperties, sortedWith } from "./common.ts";
import { tlaVariant } from "./mutex-lamport-tla.ts";

type Message =
  | { readonly kind: "REQUEST"; readonly ts: number }
  | { readonly kind: "REPLY"; readonly ts: number }
  | { readonly kind: "RELEASE"; readonly ts: number };

type Phase = "released" | "wanted" | "held";

/** A request in a queue: its timestamp and who made it. */
interface Request {
  readonly ts: number;
  readonly id: string;
}

interface Local {
  readonly phase: Phase;
  readonly clock: number;
  /** The timestamp of the current request, while wanted or held. */
  readonly ts: number | null;
  /** Every request this process knows of and not yet released, ordered by (ts, id). */
  readonly queue: readonly Request[];
  /** L1: who has sent a message stamped later than the current request, sorted. */
  readonly later: readonly string[];
  /** Critical-section entries completed. */
  readonly done: number;
}

type State = ActorState<Local, Message>;
/** A process id: P0, P1, … */
type Pid = `P${number}`;

const VARIANTS = {
  "head-only":
    "a process enters as soon as its own request heads its queue (L2 alone), without waiting for a later-stamped message from every other (violates mutualExclusion)",
} as const;

/** N, shared by the actor form and variant tla. */
const PROCESSES = intParam({ min: 2, max: 4, default: 3, description: "processes" });

const actors = defineActorModel({
  name: "mutex-lamport",
  family: "mutex",
  description:
    "Lamport's mutual exclusion: request queues ordered by (timestamp, id), REQUEST · REPLY · RELEASE over FIFO channels, 3(N − 1) messages per entry",
  params: {
    n: PROCESSES,
    entries: intParam({ min: 1, max: 2, default: 1, description: "critical-section entries per process" }),
  },
  network: "fifo",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts (and depth)
    // under BFS and DFS (specs/models/mutex-lamport.spec.ts).
    // messagesPerEntry: computed by the checker over every execution, the seed's 3(N − 1).
    {
      name: "default",
      params: { n: 3 },
      expect: {
        verdict: "holds",
        states: 396007,
        depth: 25,
        measures: { messagesPerEntry: { min: 6, max: 6 } },
      },
    },
    {
      name: "two",
      params: { n: 2 },
      expect: { verdict: "holds", states: 68, depth: 11, measures: { messagesPerEntry: { min: 3, max: 3 } } },
    },
    {
      // Safety only, so that partial-order reduction runs (liveness turns it off): the default's
      // 396,007 states, of which 273,137 are stored reduced (--no-por stores them all).
      name: "large",
      description: "three processes, safety only: partial-order reduction stores 273,137 of 396,007 states",
      params: { n: 3 },
      liveness: false,
      // Its point is the reduced count; measuring would search the whole graph again.
      measures: false,
      expect: { verdict: "holds", states: 396007, reducedStates: 273137, depth: 25 },
    },
    {
      name: "two-entries",
      params: { n: 2, entries: 2 },
      expect: {
        verdict: "holds",
        states: 1365,
        depth: 21,
        measures: { messagesPerEntry: { min: 3, max: 3 } },
      },
    },
    {
      name: "unordered",
      description:
        "the correct algorithm without FIFO channels: a REPLY overtakes its sender's earlier REQUEST, and the later request is served first",
      params: { n: 2, network: "unordered" },
      expect: { verdict: "violated", violates: "servedInOrder" },
    },
    {
      name: "head-only",
      description:
        "each process enters as soon as it requests, its own request alone in its queue: both inside",
      params: { n: 2 },
      variant: "head-only",
      expect: { verdict: "violated", violates: "mutualExclusion" },
    },
  ],
  build: ({ n, entries }, variant) => {
    const names = processIds("P", n);
    const indexOf = new Map<string, number>(names.map((name, i) => [name, i]));
    const checksLater = variant !== "head-only";

    /** (ts, id) < (ts', id'), lexicographically; a process's id orders as its number. */
    const before = (a: Request, b: Request) =>
      a.ts < b.ts || (a.ts === b.ts && indexOf.get(a.id)! < indexOf.get(b.id)!);
    const enqueue = (queue: readonly Request[], request: Request) => {
      const at = queue.findIndex((r) => before(request, r));
      return at === -1 ? [...queue, request] : [...queue.slice(0, at), request, ...queue.slice(at)];
    };

    /** Records a timestamped receipt from `from`: the clock rule, and L1's bookkeeping. */
    const receive = (local: Local, ts: number, from: string): Local => ({
      ...local,
      clock: Math.max(local.clock, ts) + 1,
      later: local.phase === "wanted" && ts > local.ts! ? sortedWith(local.later, from) : local.later,
    });

    /** Enters the critical section if L1 and L2 hold. */
    const tryEnter = (local: Local, ctx: { setTimer(name: string): void }, self: string): Local => {
      if (local.phase !== "wanted" || local.queue[0]?.id !== self) return local;
      if (checksLater && local.later.length < n - 1) return local;
      ctx.setTimer("leave");
      return { ...local, phase: "held" };
    };

    const behaviour: Behaviour<Local, Message> = {
      start: (ctx) => {
        ctx.setTimer("want");
        return { phase: "released", clock: 0, ts: null, queue: [], later: [], done: 0 };
      },
      onTimer: (local, timer, ctx) => {
        const clock = local.clock + 1;
        if (timer === "want") {
          ctx.broadcast({ kind: "REQUEST", ts: clock });
          const wanted: Local = {
            ...local,
            phase: "wanted",
            clock,
            ts: clock,
            queue: enqueue(local.queue, { ts: clock, id: ctx.self }),
            later: [],
          };
          return tryEnter(wanted, ctx, ctx.self);
        }
        ctx.broadcast({ kind: "RELEASE", ts: clock });
        const done = local.done + 1;
        if (done < entries) ctx.setTimer("want");
        return {
          ...local,
          phase: "released",
          clock,
          ts: null,
          queue: local.queue.filter((r) => r.id !== ctx.self),
          later: [],
          done,
        };
      },
      onMessage: (local, message, from, ctx) => {
        const received = receive(local, message.ts, from);
        switch (message.kind) {
          case "REQUEST": {
            ctx.send(from, { kind: "REPLY", ts: received.clock });
            const queued = { ...received, queue: enqueue(received.queue, { ts: message.ts, id: from }) };
            return tryEnter(queued, ctx, ctx.self);
          }
          case "REPLY":
            return tryEnter(received, ctx, ctx.self);
          case "RELEASE": {
            const queue = received.queue.filter((r) => r.id !== from || r.ts > message.ts);
            return tryEnter({ ...received, queue }, ctx, ctx.self);
          }
        }
      },
    };

    const processes = names.map((id) => actor(id, behaviour));
    const { local } = lookup(processes);
    const requestOf = (s: State, id: Pid): Request => ({ ts: local(s, id).ts!, id });
    /** A process in the critical section and one waiting with an earlier (ts, id). */
    const overtaken = (s: State): [Pid, Pid] | null => {
      for (const holder of names) {
        if (local(s, holder).phase !== "held") continue;
        for (const waiter of names) {
          if (local(s, waiter).phase === "wanted" && before(requestOf(s, waiter), requestOf(s, holder)))
            return [holder, waiter];
        }
      }
      return null;
    };
    const { mutualExclusion, messagesPerEntry, allDone } = mutexProperties(processes, entries, {
      formula: "3(N − 1)",
      answers: ["REPLY"],
    });

    return actorSystem(processes, {
      invariants: [
        mutualExclusion,
        {
          name: "servedInOrder",
          description:
            "no process is in the critical section while another waits with an earlier request in (timestamp, id) order",
          holds: (s) => overtaken(s) === null,
          explain: (s) => {
            const [holder, waiter] = overtaken(s)!;
            const ts = (id: Pid) => local(s, id).ts;
            return `${holder} (ts ${ts(holder)}) is in the critical section while ${waiter} waits with the earlier request (ts ${ts(waiter)}, ${waiter})`;
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
              const { later, queue, ts } = local(s, name);
              const silent = names.filter((other) => other !== name && !later.includes(other));
              const head = queue[0];
              const why = [
                silent.length ? `no later-stamped message from ${silent.join(", ")}` : "",
                head && head.id !== name ? `(ts ${head.ts}, ${head.id}) ahead in its queue` : "",
              ].filter(Boolean);
              return `${name} requests the critical section (ts ${ts}) and is never granted it: ${why.join("; ")}`;
            },
          },
        ),
      ),
      terminal: (s) => allDone(s) && inFlight(s).length === 0,
      formatMessage: (m) => `${m.kind}(ts=${m.ts})`,
      // What mutualExclusion and servedInOrder read: partial-order reduction may then skip orders
      // of steps that change neither (a REQUEST queued, a REPLY that does not let its receiver in).
      observe: (l) => [l.phase, l.ts],
    });
  },
});

export default withVariant(actors, tlaVariant(PROCESSES));
