// Suzuki and Kasami's broadcast token algorithm ("A Distributed Mutual Exclusion Algorithm", ACM
// TOCS 1985), in the form the seed gives (field manual, week 06, and its table "Mutual exclusion —
// costs & characteristics": token, broadcast request, 0 or N messages per CS, counter-based).
//
//   state        one token, carrying LN[] (LN[j]: the request number of j's latest served request)
//                and a queue Q of sites waiting for it; every site keeps RN[] (RN[j]: the highest
//                request number of j it has seen)
//   to enter     site i increments RN[i]; holding the idle token it enters at once, otherwise it
//                broadcasts REQUEST(i, n) with n = RN[i] and waits for the token
//   on REQUEST   site k receiving REQUEST(j, n) sets RN[j] := max(RN[j], n); if k holds the token
//   (j, n)       and is not using it, and RN[j] = LN[j] + 1 (j's request is outstanding), it sends
//                the token to j
//   on exit      the holder sets LN[i] := RN[i], appends to Q every j with RN[j] = LN[j] + 1 that is
//                not queued yet, and sends the token to the head of Q (with the rest of Q); with Q
//                empty it keeps the token, idle
//
// Where the seed is vague, the textbook form (Kshemkalyani and Singhal, ch. 9): the seed writes
// "n = RN[i] + 1" for the request number, the paper increments RN[i] first and sends the new value,
// which is the same number. A site already holding the idle token also increments RN[i] (and so
// sets LN[i] to it on exit): the paper enters without a request there; counting the entry in RN
// changes no message and keeps one request number per entry, which names the entry in the measure
// below. The order in which Q takes the outstanding sites is not fixed by the algorithm: here it is
// the sites' order, P0 first. P0 holds the token at the start. Deciding to request and leaving are
// timers ("want", "leave"), so the explorer interleaves them with every delivery. No FIFO is
// assumed: the network is unordered, which is what makes a REQUEST arrive late.
//
// Invariants: mutualExclusion (at most one site in the critical section) and oneToken (exactly one
// token in the system: held by a site or in flight).
//
// Measure: messagesPerEntry — from a site's request to its entry, the N − 1 REQUESTs it broadcasts
// and the TOKEN sent to it: N, or 0 when it already holds the idle token (the seed's "0 or N").
// A REQUEST counts for the request it names (j, n); a TOKEN for the receiver's current request,
// which is the one the sender found outstanding (RN[j] = LN[j] + 1 means j has not been served
// since it asked). Pinned: min 0, max N.
//
// Liveness: granted:P0 … granted:Pn−1 — every request is eventually granted, under the actor layer's
// default fairness (each message in flight is eventually delivered, each armed timer fires). Every
// request number is at most `entries`, so the state space is finite, and every step delivers a
// message or fires a timer, so the graph has no cycle: the only lassos are stutters where nothing
// is enabled, and the deadlock check already shows that the correct algorithm serves everyone.
//
// Broken variant:
//   serve-outdated    the holder of the idle token sends it on every REQUEST, without the test
//                     RN[j] = LN[j] + 1. A REQUEST that arrives after its request was served (it was
//                     overtaken on the unordered network by the token's travels) sends the token to
//                     a site that is not waiting. That site keeps it idle (it enters only on a
//                     request of its own), and a site whose REQUEST it had already received before
//                     the token came waits forever: nobody will pass the token on. Nothing unsafe
//                     happens (one token, one site inside at most); the checker catches the stuck
//                     end as a deadlock, or, with the deadlock check off, as the lasso of granted:P0
//                     (config stale-request). It needs three sites: with two, a REQUEST reaches only
//                     the site that serves it.
//
// Faults: the token is the single point of failure. A duplicated TOKEN breaks oneToken (config
// duplicated-token); a lost one leaves every later requester waiting (a deadlock, not configured).

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
  messageKind,
  messagesSent,
  processIds,
} from "../../checker/index.ts";

interface Token {
  /** LN[j]: the request number of j's latest served request. */
  readonly ln: readonly number[];
  /** The sites waiting for the token, in the order they will get it. */
  readonly q: readonly string[];
}

type Message =
  | { readonly kind: "REQUEST"; readonly site: string; readonly n: number }
  | { readonly kind: "TOKEN"; readonly ln: readonly number[]; readonly q: readonly string[] };

type Phase = "released" | "wanted" | "held";

interface Local {
  readonly phase: Phase;
  /** RN[j]: the highest request number of j this site has seen. */
  readonly rn: readonly number[];
  /** The token, while this site holds it (using it or not). */
  readonly token: Token | null;
  /** The request number of the current request, while wanted or held. */
  readonly ts: number | null;
  /** Critical-section entries completed. */
  readonly done: number;
}

type State = ActorState<Local, Message>;

const VARIANTS = {
  "serve-outdated":
    "the idle token goes to every requester, without the RN[j] = LN[j] + 1 test, so an outdated request is served and a waiting site starves (deadlock; granted:P0 without the deadlock check)",
} as const;

const replacedAt = (list: readonly number[], i: number, value: number) =>
  list.map((x, j) => (j === i ? value : x));

export default defineActorModel({
  name: "suzuki-kasami",
  family: "mutex",
  description:
    "Suzuki and Kasami's broadcast token algorithm: REQUEST(i, n) to all, the token carries LN[] and a queue, 0 or N messages per entry",
  params: {
    n: intParam({ min: 2, max: 5, default: 3, description: "sites" }),
    entries: intParam({ min: 1, max: 3, default: 1, description: "critical-section entries per site" }),
  },
  network: "unordered",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts (and depth)
    // under BFS and DFS (specs/models/suzuki-kasami.spec.ts), where `two` is also counted by hand.
    // Pinned measures: 0 (P0 enters with the idle token it starts with) and N (N − 1 REQUESTs and
    // the TOKEN), the seed's "0 or N".
    {
      name: "default",
      params: { n: 3 },
      expect: {
        verdict: "holds",
        states: 727,
        depth: 16,
        measures: { messagesPerEntry: { min: 0, max: 3 } },
      },
    },
    {
      name: "two",
      params: { n: 2 },
      expect: { verdict: "holds", states: 21, depth: 9, measures: { messagesPerEntry: { min: 0, max: 2 } } },
    },
    {
      name: "two-entries",
      params: { n: 2, entries: 2 },
      expect: { verdict: "holds", states: 89, depth: 17, measures: { messagesPerEntry: { min: 0, max: 2 } } },
    },
    {
      name: "three-twice",
      description: "the larger configuration: three sites, two entries each (about 15 s)",
      params: { n: 3, entries: 2 },
      expect: {
        verdict: "holds",
        states: 62577,
        depth: 30,
        measures: { messagesPerEntry: { min: 0, max: 3 } },
      },
    },
    {
      name: "stale-request",
      description:
        "a REQUEST arriving after its request was served sends the idle token to a site that is not waiting, and a waiting site starves (a stutter where nothing is enabled, so no deadlock check)",
      params: { n: 3 },
      variant: "serve-outdated",
      checkDeadlock: false,
      expect: { verdict: "violated", violates: "granted:P0" },
    },
    {
      name: "duplicated-token",
      description: "a duplicated TOKEN makes two tokens",
      params: { n: 2, duplicate: 1 },
      expect: { verdict: "violated", violates: "oneToken" },
    },
  ],
  build: ({ n, entries }, variant) => {
    const names = processIds("P", n);
    const position = new Map<string, number>(names.map((name, i) => [name, i]));
    const testsOutstanding = variant !== "serve-outdated";

    const behaviour: Behaviour<Local, Message> = {
      start: (ctx) => {
        ctx.setTimer("want");
        const rn = names.map(() => 0);
        const token = ctx.self === names[0] ? { ln: names.map(() => 0), q: [] } : null;
        return { phase: "released", rn, token, ts: null, done: 0 };
      },
      onTimer: (local, timer, ctx) => {
        const i = position.get(ctx.self)!;
        if (timer === "want") {
          const ts = local.rn[i]! + 1;
          const rn = replacedAt(local.rn, i, ts);
          if (local.token !== null) {
            ctx.setTimer("leave");
            return { ...local, phase: "held", rn, ts };
          }
          ctx.broadcast({ kind: "REQUEST", site: ctx.self, n: ts });
          return { ...local, phase: "wanted", rn, ts };
        }
        // leave: the holder records its request served and passes the token to the next waiter.
        const token = local.token!;
        const ln = replacedAt(token.ln, i, local.rn[i]!);
        const q = [...token.q];
        names.forEach((site, j) => {
          if (local.rn[j] === ln[j]! + 1 && !q.includes(site)) q.push(site);
        });
        const done = local.done + 1;
        if (done < entries) ctx.setTimer("want");
        const released = { ...local, phase: "released" as const, ts: null, done };
        if (q.length === 0) return { ...released, token: { ln, q } };
        ctx.send(q[0]!, { kind: "TOKEN", ln, q: q.slice(1) });
        return { ...released, token: null };
      },
      onMessage: (local, message, from, ctx) => {
        if (message.kind === "REQUEST") {
          const j = position.get(message.site)!;
          const rn = replacedAt(local.rn, j, Math.max(local.rn[j]!, message.n));
          const token = local.token;
          if (
            token !== null &&
            local.phase === "released" &&
            (!testsOutstanding || rn[j] === token.ln[j]! + 1)
          ) {
            ctx.send(from, { kind: "TOKEN", ln: token.ln, q: token.q });
            return { ...local, rn, token: null };
          }
          return { ...local, rn };
        }
        const token = { ln: message.ln, q: message.q };
        // A site that is not waiting (only ever in the broken variant) keeps the token idle.
        if (local.phase !== "wanted") return { ...local, token };
        ctx.setTimer("leave");
        return { ...local, phase: "held", token };
      },
    };

    const processes = names.map((id) => actor(id, behaviour));
    const { local, indexOf } = lookup(processes);
    const inside = (s: State) => names.filter((id) => local(s, id).phase === "held");
    /** Where the tokens are: the sites holding one, and the TOKEN messages in flight. */
    const tokens = (s: State) => [
      ...names.filter((id) => local(s, id).token !== null),
      ...inFlight(s)
        .filter((e) => e.message.kind === "TOKEN")
        .map((e) => `TOKEN ${e.from}→${e.to}`),
    ];
    const moved = (from: State, to: State, before: (p: Phase) => boolean, after: Phase) =>
      names.flatMap((id) => {
        const was = local(from, id);
        const is = local(to, id);
        return before(was.phase) && is.phase === after ? [`${id}@${is.ts}`] : [];
      });

    return actorSystem(processes, {
      invariants: [
        {
          name: "mutualExclusion",
          description: "at most one site is in the critical section",
          holds: (s) => inside(s).length <= 1,
          explain: (s) => `${inside(s).join(" and ")} are in the critical section together`,
        },
        {
          name: "oneToken",
          description: "exactly one token is in the system: held by a site or in flight",
          holds: (s) => tokens(s).length === 1,
          explain: (s) => {
            const where = tokens(s);
            return where.length === 0 ? "the token is gone" : `${where.length} tokens: ${where.join(", ")}`;
          },
        },
      ],
      measures: [
        messagesSent({
          name: "messagesPerEntry",
          description: "messages from a site's request to its entry (the seed: 0 or N)",
          // A REQUEST is sent as its site requests, so it names the sender's request after the
          // step; a TOKEN is for the receiver's request outstanding before it.
          countFor: (m, { from, to }) => {
            if (messageKind(m.message) === "REQUEST") return `${m.from}@${to.locals[indexOf(m.from)]!.ts}`;
            const ts = from.locals[indexOf(m.to)]!.ts;
            return ts === null ? null : `${m.to}@${ts}`;
          },
          scope: {
            description: "a request, from the step that makes it to the entry",
            opens: ({ from, to }) =>
              moved(from, to, (p) => p === "released", "wanted").concat(
                moved(from, to, (p) => p === "released", "held"),
              ),
            closes: ({ from, to }) => moved(from, to, (p) => p !== "held", "held"),
          },
        }),
      ],
      liveness: names.map((name) =>
        leadsTo(
          `granted:${name}`,
          (s) => local(s, name).phase === "wanted",
          (s) => local(s, name).phase === "held",
          {
            description: `every request of ${name} is eventually granted: once wanted, it enters the critical section`,
            explain: (s) => {
              const holder = names.find((id) => local(s, id).token !== null);
              const where = holder === undefined ? "the token is in flight" : `${holder} holds the token`;
              return `${name} requests the critical section (n = ${local(s, name).ts}) and is never granted it: ${where}`;
            },
          },
        ),
      ),
      terminal: (s) => s.locals.every((l) => l.done === entries) && inFlight(s).length === 0,
      formatMessage: (m) =>
        m.kind === "REQUEST"
          ? `REQUEST(${m.site}, ${m.n})`
          : `TOKEN(LN=[${m.ln.join(",")}], Q=[${m.q.join(",")}])`,
    });
  },
});
