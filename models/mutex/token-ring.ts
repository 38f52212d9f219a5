// The token ring, the fourth row of the seed's table (field manual, week 06, "Mutual exclusion —
// costs & characteristics"): "Token ring · token, circulating · 1 to ∞ messages per CS · no
// starvation; token loss is hard". The seed gives the figure and the two properties and nothing of
// the protocol; this is the textbook one (Le Lann 1977; Coulouris et al., "a ring-based algorithm";
// Tanenbaum and van Steen, "a token-ring algorithm"):
//
//   the ring     processes P0 … Pn−1, each sending only to its clockwise neighbour P(i+1 mod n),
//                over FIFO links; one TOKEN goes round
//   on TOKEN     a process that wants the critical section keeps the token and enters; any other
//                passes it on at once
//   on exit      the process passes the token on
//
// Where the seed is vague, the choices here: the token starts with P0, which passes it to P1 as it
// starts (the initial state has the TOKEN in flight P0→P1, as in docs/examples/token-ring.ts); the
// token keeps circulating when nobody wants it, for ever once every entry is made, which is what
// makes the seed's ∞; deciding to request and leaving are timers ("want", "leave"), so the explorer
// interleaves them with every delivery, and entering is the delivery of the TOKEN.
//
// Invariant: mutualExclusion (at most one process in the critical section).
//
// Liveness: granted:P0 … granted:Pn−1 — every request is eventually granted (leads-to: a process
// that wants the critical section later holds it). Fairness: each message in flight is eventually
// delivered and each armed timer eventually fires — the actor layer's default, except that delivery
// stays weakly fair under --drop (where the default forces none): the budget is finite, so a token
// the network has not lost is delivered in the end. A wanting process is at most n − 1 hops from
// the token, so no process starves (the seed's "no starvation").
//
// Measures, each counted from the TOKEN messages the handlers sent; an occurrence runs from the
// step that opens it to the step that closes it, both included, so a message counts when it is
// sent within that stretch:
//   messagesPerEntry   from a process's request to its entry: the hops the token makes to reach it.
//                      0 when the TOKEN that lets it in is already in flight to it as it asks (it was
//                      sent before the request); n − 1 when the token has just left it, and goes
//                      once round the other n − 1 processes, each passing it on, at once or on
//                      leaving the critical section. So 0 to n − 1.
//   syncDelay          the synchronization delay, from one exit to the next entry by anyone: the
//                      seed's "1 to ∞". 1 when the exiting process's successor is waiting (the
//                      pass on exit is the hop); unbounded when nobody wants the critical section
//                      and the token goes round and round — the checker reports the cycle as a
//                      lasso, from an exit on.
//   responseTime       from a process's request to its exit: the hops to reach it and the pass on
//                      exit, 1 to n (no process sends while another is inside: the token is there).
//
// Faults. Token loss (--drop): a lost TOKEN is never regenerated, so every later request waits for
// ever; safety holds. The model accepts "no token anywhere" (nothing in flight, nobody inside) as a
// proper end, which the correct ring without faults never reaches, so that the deadlock check does
// not report the stuck state first and the checker shows the liveness failure itself, a lasso that
// stutters where nothing fair is enabled (config lost-token). A duplicated TOKEN (--duplicate) is a
// second token: two processes can hold one each (config duplicated-token).
//
// Broken variant:
//   two-tokens   P0 starts the ring with two TOKENs instead of one, so two wanting processes may
//                each keep one and be inside together (violates mutualExclusion) — the duplicated
//                token without a fault.

import {
  actor,
  type ActorAction,
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
  weaklyFair,
} from "../../checker/index.ts";

type Message = { readonly kind: "TOKEN" };

type Phase = "released" | "wanted" | "held";

interface Local {
  readonly phase: Phase;
  /** Critical-section entries completed. */
  readonly done: number;
}

type State = ActorState<Local, Message>;

const TOKEN: Message = { kind: "TOKEN" };

const VARIANTS = {
  "two-tokens":
    "P0 starts the ring with two TOKENs instead of one, so two processes may be inside together (violates mutualExclusion)",
} as const;

export default defineActorModel({
  name: "token-ring",
  family: "mutex",
  description:
    "mutual exclusion by a token circulating on a unidirectional ring: 0 to n − 1 hops from a request to its entry, 1 to ∞ messages from an exit to the next entry; token loss starves everyone",
  params: {
    n: intParam({ min: 2, max: 6, default: 3, description: "processes on the ring" }),
    entries: intParam({ min: 1, max: 3, default: 1, description: "critical-section entries per process" }),
  },
  network: "fifo",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts under BFS
    // and DFS (specs/models/token-ring.spec.ts); "two" is counted by hand there. Pinned measures:
    // 0 to n − 1 hops per entry, 1 to n from request to exit, and the seed's 1 to ∞ from an exit
    // to the next entry.
    {
      name: "default",
      params: { n: 3 },
      expect: {
        verdict: "holds",
        states: 108,
        depth: 12,
        measures: {
          messagesPerEntry: { min: 0, max: 2 },
          syncDelay: { min: 1, max: "unbounded" },
          responseTime: { min: 1, max: 3 },
        },
      },
    },
    {
      name: "two",
      params: { n: 2 },
      expect: {
        verdict: "holds",
        states: 24,
        depth: 8,
        measures: {
          messagesPerEntry: { min: 0, max: 1 },
          syncDelay: { min: 1, max: "unbounded" },
          responseTime: { min: 1, max: 2 },
        },
      },
    },
    {
      name: "two-entries",
      params: { n: 2, entries: 2 },
      expect: {
        verdict: "holds",
        states: 70,
        depth: 14,
        measures: {
          messagesPerEntry: { min: 0, max: 1 },
          syncDelay: { min: 1, max: "unbounded" },
          responseTime: { min: 1, max: 2 },
        },
      },
    },
    {
      name: "four",
      params: { n: 4 },
      expect: {
        verdict: "holds",
        states: 432,
        depth: 16,
        measures: {
          messagesPerEntry: { min: 0, max: 3 },
          syncDelay: { min: 1, max: "unbounded" },
          responseTime: { min: 1, max: 4 },
        },
      },
    },
    {
      name: "large",
      description: "five processes, two entries each",
      params: { n: 5, entries: 2 },
      expect: {
        verdict: "holds",
        states: 21875,
        depth: 35,
        measures: {
          messagesPerEntry: { min: 0, max: 4 },
          syncDelay: { min: 1, max: "unbounded" },
          responseTime: { min: 1, max: 5 },
        },
      },
    },
    // The whole graph is searched before liveness is looked at, so the counts stand: no
    // invariant breaks, and a lost token leaves every later request waiting for ever.
    {
      name: "lost-token",
      description:
        "the network may lose the token (--drop 1): a process that wants the critical section waits for ever, a lasso stuck where nothing fair is enabled",
      params: { n: 2, drop: 1 },
      expect: { verdict: "violated", violates: "granted:P0", states: 33, depth: 8 },
    },
    {
      name: "duplicated-token",
      description: "the network may copy the token (--duplicate 1): each copy lets a process in",
      params: { n: 2, duplicate: 1 },
      expect: { verdict: "violated", violates: "mutualExclusion" },
    },
    {
      name: "two-tokens",
      description: "P0 starts the ring with two tokens: two processes keep one each",
      params: { n: 2 },
      variant: "two-tokens",
      expect: { verdict: "violated", violates: "mutualExclusion" },
    },
  ],
  build: ({ n, entries }, variant) => {
    const ids = processIds("P", n);
    const next = (i: number) => ids[(i + 1) % n]!;
    const startTokens = variant === "two-tokens" ? 2 : 1;

    const behaviour = (i: number): Behaviour<Local, Message> => ({
      start: (ctx) => {
        if (i === 0) for (let t = 0; t < startTokens; t++) ctx.send(next(i), TOKEN);
        ctx.setTimer("want");
        return { phase: "released", done: 0 };
      },
      onTimer: (local, timer, ctx) => {
        if (timer === "want") return { ...local, phase: "wanted" };
        // "leave": out of the critical section, the token goes on.
        ctx.send(next(i), TOKEN);
        const done = local.done + 1;
        if (done < entries) ctx.setTimer("want");
        return { phase: "released", done };
      },
      onMessage: (local, _token, _from, ctx) => {
        if (local.phase !== "wanted") {
          // Not wanted (or, with a second token, already inside): pass it on.
          ctx.send(next(i), TOKEN);
          return local;
        }
        ctx.setTimer("leave");
        return { ...local, phase: "held" };
      },
    });

    const processes = ids.map((id, i) => actor(id, behaviour(i)));
    const { local } = lookup(processes);
    const inside = (s: State) => ids.filter((id) => local(s, id).phase === "held");
    /** The processes whose phase goes from `before` to `after` in a step. */
    const moved = (from: State, to: State, before: Phase, after: Phase) =>
      ids.filter((id) => local(from, id).phase === before && local(to, id).phase === after);
    const request = {
      opens: ({ from, to }: { from: State; to: State }) => moved(from, to, "released", "wanted"),
    };
    /** No token anywhere: none in flight and nobody inside (only after a loss). */
    const tokenLost = (s: State) => inFlight(s).length === 0 && inside(s).length === 0;

    return actorSystem(processes, {
      invariants: [
        {
          name: "mutualExclusion",
          description: "at most one process is in the critical section",
          holds: (s) => inside(s).length <= 1,
          explain: (s) => `${inside(s).join(" and ")} are in the critical section together`,
        },
      ],
      measures: [
        messagesSent({
          name: "messagesPerEntry",
          description: "TOKEN hops from a process's request to its entry (0 to n − 1)",
          scope: {
            description: "a request, from the step that makes it to the process's entry",
            ...request,
            closes: ({ from, to }) => moved(from, to, "wanted", "held"),
          },
        }),
        messagesSent({
          name: "syncDelay",
          description: "TOKEN hops from one exit to the next entry by anyone (the seed: 1 to ∞)",
          scope: {
            description: "from an exit to the next entry by any process",
            opens: ({ from, to }) => (moved(from, to, "held", "released").length > 0 ? "ring" : null),
            closes: ({ from, to }) => (moved(from, to, "wanted", "held").length > 0 ? "ring" : null),
          },
        }),
        messagesSent({
          name: "responseTime",
          description: "TOKEN hops from a process's request to its exit, the pass on exit included (1 to n)",
          scope: {
            description: "a request, from the step that makes it to the process's exit",
            ...request,
            closes: ({ from, to }) => moved(from, to, "held", "released"),
          },
        }),
      ],
      liveness: ids.map((id) =>
        leadsTo(
          `granted:${id}`,
          (s) => local(s, id).phase === "wanted",
          (s) => local(s, id).phase === "held",
          {
            description: `every request of ${id} is eventually granted: once wanted, it enters the critical section`,
            explain: (s) =>
              `${id} requests the critical section and is never granted it: ${tokenLost(s) ? "the token is lost" : "the token never reaches it"}`,
          },
        ),
      ),
      // The actor layer's default fairness, except that delivery stays weakly fair under --drop:
      // the budget is finite, so a token the network has not lost is delivered eventually.
      fairness: [
        {
          ...weaklyFair<ActorAction>("delivery", (a) => (a.kind === "deliver" ? `deliver ${a.key}` : null)),
          description: "a message that stays deliverable is delivered eventually, lost ones aside",
        },
        {
          ...weaklyFair<ActorAction>("timers", (a) =>
            a.kind === "timer" ? `timer ${a.timer} at ${a.process}` : null,
          ),
          description: "an armed timer fires eventually",
        },
      ],
      // The token never stops, so without a fault no state is an end; a lost token is accepted as
      // one, so that the starvation it causes shows as the liveness failure, not as a deadlock.
      terminal: tokenLost,
      formatMessage: (m) => m.kind,
      // What mutualExclusion reads: partial-order reduction may skip orders of other steps.
      observe: (l) => l.phase,
      // The ring: each process sends only to its clockwise neighbour.
      sendsTo: (id) => [next(ids.indexOf(id))],
    });
  },
});
