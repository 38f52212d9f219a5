// Mutual exclusion by a central coordinator, the first row of the seed's table (field manual,
// week 06, "Mutual exclusion — costs & characteristics"): "Centralized coordinator · token at a
// master · 3 messages per CS · SPOF; trivial fairness". The seed names the costs and nothing more;
// the protocol is the textbook one (Coulouris et al., "central server algorithm"; Tanenbaum and
// van Steen, "a centralized algorithm"):
//
//   to enter     a client sends REQUEST to the coordinator and waits
//   on REQUEST   the coordinator grants at once (GRANT) if nobody holds the critical section, and
//                otherwise appends the requester to its queue
//   on exit      the client sends RELEASE; the coordinator grants the head of its queue, if any
//
// Where the seed is vague, the choices here: the coordinator C is a process of its own, not one of
// the clients P0 … Pn−1 (a coordinator that is also a client would save the messages of its own
// entries, which the seed's flat "3" does not count); the queue is first-come, first-served in the
// order the REQUESTs reach C — the "trivial fairness" — and C keeps it as a list in that order;
// the network is unordered (nothing in the protocol needs FIFO links: a client's next REQUEST that
// overtakes its RELEASE is queued behind its own holding and granted on that RELEASE). Deciding to
// request and leaving are timers ("want", "leave"), so the explorer interleaves them with every
// delivery; entering is the delivery of the GRANT.
//
// Invariant: mutualExclusion (at most one client in the critical section).
//
// Liveness: granted:P0 … granted:Pn−1 — every request is eventually granted (leads-to: a client that
// wants the critical section later holds it), under the actor layer's default fairness (each
// message in flight eventually delivered, each armed timer eventually fired). Every step delivers a
// message or fires a timer, finitely many of each with bounded entries, so the state graph has no
// cycle; the correct protocol grants every request.
//
// Measures, each per occurrence and counted from what the handlers sent (an occurrence runs from
// the step that opens it to the step that closes it, both included):
//   messagesPerEntry   per request, from the client's request to its exit: its REQUEST, the GRANT
//                      to it and its RELEASE. The seed's 3, in every execution (min = max).
//   syncDelay          the synchronization delay, from one exit to the next entry by anyone: the
//                      RELEASE and the GRANT between them, 2 in every execution (the textbook's
//                      two message delays). REQUESTs other clients send in that stretch are not on
//                      its path and are left out; responseTime counts them.
//   responseTime       per request, from the request to the client's exit: every message anyone
//                      sends meanwhile, so it grows with contention — 3 alone, 3n when every other
//                      client's whole REQUEST · GRANT · RELEASE comes first (with one entry each).
//
// Faults. Only the coordinator may crash (mayCrash: C): the single point of failure of the seed's
// table. A crashed C answers nobody, so a client that requests after the crash (or waits in the
// queue) waits forever — no invariant breaks and nothing more can happen. The model accepts "C is
// down" as a proper end, so that the deadlock check does not report the stuck state first and the
// checker shows the liveness failure itself: a lasso that stutters where nothing fair is enabled
// (config coordinator-crash).
//
// Symmetry (--symmetry): the clients are interchangeable; C's queue is in arrival order, not
// sorted, so a renamed state is one the protocol builds.
//
// Broken variant:
//   no-queue   the coordinator grants whenever asked, without looking whether someone holds the
//              critical section: two clients that ask in turn are both granted (violates
//              mutualExclusion).

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

type Message = { readonly kind: "REQUEST" } | { readonly kind: "GRANT" } | { readonly kind: "RELEASE" };

type Phase = "released" | "wanted" | "held";

interface ClientLocal {
  readonly phase: Phase;
  /** Critical-section entries completed. */
  readonly done: number;
}

interface CoordinatorLocal {
  /** The client granted the critical section and not released yet. */
  readonly holder: string | null;
  /** Waiting clients, in the order their REQUESTs arrived. */
  readonly queue: readonly string[];
}

type State = ActorState<ClientLocal | CoordinatorLocal, Message>;

const C = "C";
const REQUEST: Message = { kind: "REQUEST" };
const GRANT: Message = { kind: "GRANT" };
const RELEASE: Message = { kind: "RELEASE" };

const VARIANTS = {
  "no-queue":
    "the coordinator grants whenever asked, without queueing a request while someone holds the critical section (violates mutualExclusion)",
} as const;

export default defineActorModel({
  name: "mutex-centralized",
  family: "mutex",
  description:
    "mutual exclusion by a central coordinator that grants, queues and releases: REQUEST · GRANT · RELEASE, 3 messages per entry; the coordinator is a single point of failure",
  params: {
    n: intParam({ min: 1, max: 5, default: 3, description: "clients" }),
    entries: intParam({ min: 1, max: 3, default: 1, description: "critical-section entries per client" }),
  },
  network: "unordered",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts and depth
    // under BFS and DFS (specs/models/mutex-centralized.spec.ts). Pinned measures: the seed's 3 per
    // entry and a synchronization delay of 2, in every execution; the response time from 3 alone
    // to 3 + 3(n − 1)·entries behind every other client's every entry.
    {
      name: "default",
      params: { n: 3 },
      expect: {
        verdict: "holds",
        states: 180,
        depth: 16,
        measures: {
          messagesPerEntry: { min: 3, max: 3 },
          syncDelay: { min: 2, max: 2 },
          responseTime: { min: 3, max: 9 },
        },
      },
    },
    {
      // Counted by hand in the spec: one client, one step enabled in each state.
      name: "one",
      params: { n: 1 },
      expect: {
        verdict: "holds",
        states: 6,
        depth: 6,
        measures: { messagesPerEntry: { min: 3, max: 3 }, responseTime: { min: 3, max: 3 } },
      },
    },
    {
      name: "two",
      params: { n: 2 },
      expect: {
        verdict: "holds",
        states: 33,
        depth: 11,
        measures: {
          messagesPerEntry: { min: 3, max: 3 },
          syncDelay: { min: 2, max: 2 },
          responseTime: { min: 3, max: 6 },
        },
      },
    },
    {
      name: "two-entries",
      params: { n: 2, entries: 2 },
      expect: {
        verdict: "holds",
        states: 141,
        depth: 21,
        measures: {
          messagesPerEntry: { min: 3, max: 3 },
          syncDelay: { min: 2, max: 2 },
          responseTime: { min: 3, max: 9 },
        },
      },
    },
    {
      name: "large",
      description: "four clients, two entries each",
      params: { n: 4, entries: 2 },
      expect: {
        verdict: "holds",
        states: 16937,
        depth: 41,
        measures: {
          messagesPerEntry: { min: 3, max: 3 },
          syncDelay: { min: 2, max: 2 },
          responseTime: { min: 3, max: 21 },
        },
      },
    },
    // The whole graph is searched before liveness is looked at, so the counts stand: no
    // invariant breaks, and a crashed coordinator leaves a waiting client stuck for ever.
    {
      name: "coordinator-crash",
      description:
        "the coordinator may crash (the single point of failure): a client that asks afterwards is never granted, a lasso stuck where nothing fair is enabled",
      params: { n: 2, crash: 1 },
      expect: { verdict: "violated", violates: "granted:P0", states: 66, depth: 12 },
    },
    {
      name: "no-queue",
      description: "the coordinator grants whenever asked: P1 is granted while P0 is inside",
      params: { n: 2 },
      variant: "no-queue",
      expect: { verdict: "violated", violates: "mutualExclusion" },
    },
  ],
  build: ({ n, entries }, variant) => {
    const clients = processIds("P", n);
    const queueing = variant !== "no-queue";

    const client: Behaviour<ClientLocal, Message> = {
      start: (ctx) => {
        ctx.setTimer("want");
        return { phase: "released", done: 0 };
      },
      onTimer: (local, timer, ctx) => {
        if (timer === "want") {
          ctx.send(C, REQUEST);
          return { ...local, phase: "wanted" };
        }
        // "leave": out of the critical section.
        ctx.send(C, RELEASE);
        const done = local.done + 1;
        if (done < entries) ctx.setTimer("want");
        return { phase: "released", done };
      },
      onMessage: (local, _grant, _from, ctx) => {
        // Only C sends, and only GRANTs, each to a client waiting for it.
        ctx.setTimer("leave");
        return { ...local, phase: "held" };
      },
    };

    const coordinator: Behaviour<CoordinatorLocal, Message> = {
      start: () => ({ holder: null, queue: [] }),
      onMessage: (local, message, from, ctx) => {
        if (message.kind === "REQUEST") {
          if (local.holder === null || !queueing) {
            ctx.send(from, GRANT);
            return { ...local, holder: from };
          }
          return { ...local, queue: [...local.queue, from] };
        }
        // RELEASE: the critical section goes to the head of the queue, if anyone waits.
        const [head, ...rest] = local.queue;
        if (head === undefined) return { holder: null, queue: [] };
        ctx.send(head, GRANT);
        return { holder: head, queue: rest };
      },
    };

    const processes = [...clients.map((id) => actor(id, client)), actor(C, coordinator)];
    const { local, locals, isUp } = lookup(processes);
    const inside = (s: State) => clients.filter((id) => local(s, id).phase === "held");
    /** The clients whose phase goes from `before` to `after` in a step. */
    const moved = (from: State, to: State, before: Phase, after: Phase) =>
      clients.filter((id) => local(from, id).phase === before && local(to, id).phase === after);
    const request = {
      description: "a request, from the step that makes it to the client's exit",
      opens: ({ from, to }: { from: State; to: State }) => moved(from, to, "released", "wanted"),
      closes: ({ from, to }: { from: State; to: State }) => moved(from, to, "held", "released"),
    };

    return actorSystem(processes, {
      invariants: [
        {
          name: "mutualExclusion",
          description: "at most one client is in the critical section",
          holds: (s) => inside(s).length <= 1,
          explain: (s) => `${inside(s).join(" and ")} are in the critical section together`,
        },
      ],
      measures: [
        messagesSent({
          name: "messagesPerEntry",
          description: "messages per critical-section entry: REQUEST, GRANT, RELEASE (the seed: 3)",
          // A client's REQUEST and RELEASE are its own; a GRANT belongs to the client it lets in.
          countFor: (m) => (m.from === C ? m.to : m.from),
          scope: request,
        }),
        messagesSent({
          name: "syncDelay",
          description:
            "the RELEASE and GRANT from one exit to the next entry by anyone (synchronization delay)",
          kinds: ["RELEASE", "GRANT"],
          scope: {
            description: "from an exit to the next entry by any client",
            opens: ({ from, to }) => (moved(from, to, "held", "released").length > 0 ? "cs" : null),
            closes: ({ from, to }) => (moved(from, to, "wanted", "held").length > 0 ? "cs" : null),
          },
        }),
        messagesSent({
          name: "responseTime",
          description: "every message sent from a request to its client's exit (response time, in messages)",
          scope: request,
        }),
      ],
      liveness: clients.map((id) =>
        leadsTo(
          `granted:${id}`,
          (s) => local(s, id).phase === "wanted",
          (s) => local(s, id).phase === "held",
          {
            description: `every request of ${id} is eventually granted: once wanted, it enters the critical section`,
            explain: (s) => {
              const c = local(s, C);
              const where = !isUp(s, C)
                ? "the coordinator is down"
                : c.queue.includes(id)
                  ? `it waits in the coordinator's queue behind ${c.holder ?? "nobody"}`
                  : "the coordinator has not granted it";
              return `${id} requests the critical section and is never granted it: ${where}`;
            },
          },
        ),
      ),
      // A proper end: every entry made and nothing left in flight — or the coordinator down, which
      // leaves any waiting client stuck: the liveness failure granted:Pi shows, not a deadlock.
      terminal: (s) =>
        !isUp(s, C) || (locals(s, clients).every((l) => l.done === entries) && inFlight(s).length === 0),
      mayCrash: [C],
      formatMessage: (m) => m.kind,
      // What mutualExclusion reads: partial-order reduction may skip orders of other steps.
      observe: (l, id) => (id === C ? null : l.phase),
      symmetric: n > 1 ? clients : undefined,
      // Clients talk only to C; C answers clients.
      sendsTo: (id) => (id === C ? clients : [C]),
    });
  },
});
