// Garcia-Molina's Bully election ("Elections in a Distributed Computing System", IEEE Trans.
// Computers, 1982), in the form the seed gives (field manual, week 06, "The Bully Algorithm",
// fig. 5.1): "The biggest live process wins. When a process notices the coordinator has gone
// silent, it sends ELECTION to every higher-numbered process. If none replies, it declares itself;
// otherwise, it stands down." Processes P1 … Pn, the id of Pk being k, over an unordered network.
//
//   hold an election  send ELECTION to every higher-numbered process and arm the timer "timeout";
//                     a process with no higher-numbered one (Pn) has nobody to ask and declares
//                     itself at once
//   ELECTION          from a lower process: answer ANSWER (the textbook's OK: "I am alive and
//                     take over") and hold an election of one's own, unless one has already held
//                     one or already knows the new coordinator
//   ANSWER            a live higher process will take over: stand down (cancel the timeout) and
//                     wait for its COORDINATOR
//   timeout           no ANSWER came: declare oneself coordinator, COORDINATOR(own id) to every
//                     lower-numbered process
//   COORDINATOR(c)    believe c; an election in progress stands down
//
// Where the seed is vague, the textbook form chosen (Tanenbaum and van Steen, Distributed Systems,
// §6.5.1; Garcia-Molina's synchronous assumptions):
//   - The timeout is how the algorithm detects a crash, and it is right only in a synchronous
//     system: it is longer than a round trip, so when it expires every ANSWER that will ever come
//     has come. The explorer fires it only then: the timer of Pk is enabled while Pk awaits
//     answers, no ELECTION of Pk is in flight to a live process and no ANSWER is in flight to Pk
//     (a live process answers in the step that delivers the ELECTION). So it fires exactly when
//     every higher-numbered process is down; firing earlier is the broken variant below. The
//     guard reads the network, which a handler cannot, so the model wraps the compiled actor
//     machine and refuses the timer's step when it is not justified.
//   - Crashes are those the election follows: the processes of `--crashed` are down from the
//     start (they never receive, and what is sent to them stays in flight for ever), and nothing
//     crashes during the election (the seed: a coordinator "has gone silent", then one election).
//     `--crash F` adds crashes the explorer may inject mid-election: outside these assumptions (an
//     announced coordinator may crash, and Garcia-Molina's second timeout, a process that stood
//     down waiting for COORDINATOR in vain, is not modelled), it is there to show that the
//     invariants then fail, not part of what is checked.
//   - An ANSWER to a process that no longer awaits answers is dead (its delivery would change
//     nothing and send nothing) and leaves the network at once: 702 states instead of 4,309 for
//     config default, with the same figures, since a message is counted when it is sent.
//   - The initiators (`--initiators`, the processes that noticed the silence) hold their election
//     at once; every process holds at most one, the textbook's "unless it is already holding one"
//     for a model of one election. A process that already believes a coordinator still answers an
//     ELECTION (it is alive) but does not start an election: it has nothing to take over.
//
// The seed's fig. 5.1 is config fig-5-1: five processes, P5 crashed, P2 initiates; P3 and P4 take
// part (ELECTION → {P3, P4}, and to P5, which never answers); P4, finding no higher process
// responding, times out and declares itself (specs/models/bully.spec.ts walks it step by step).
//
// Invariants, over what the processes believe once a coordinator is announced:
//   oneCoordinator            at most one process has announced itself coordinator
//   coordinatorIsHighestLive  a process that announced itself is the highest live id
//   believesHighestLive       every live process that believes a coordinator believes the highest
//                             live id
// Liveness: elected — under weakly fair delivery and timers (the actor layer's default) every live
// process eventually believes the highest live id. Every step delivers one of finitely many
// messages or fires a timer once (each process holds one election), so the graph has no cycle
// and the deadlock check alone already shows that every run ends with everyone told.
//
// Measures, over every complete execution, from what the handlers sent:
//   messages          every message. ELECTION goes once at most over each pair j < k (Pj holds
//                     at most one election), each ELECTION to a live process gets one ANSWER, and
//                     only the highest live process announces, to its N' lower processes. With
//                     nobody crashed the worst case is N² − 1: N(N − 1)/2 ELECTIONs, as many
//                     ANSWERs and N − 1 COORDINATORs, reached when P1 initiates and every process's
//                     ELECTION reaches it before the COORDINATOR does (so every process holds an
//                     election); the best case for that initiator is 3(N − 1): P1's N − 1
//                     ELECTIONs and their ANSWERs, and the COORDINATORs, when Pn's announcement
//                     reaches every process before P1's ELECTION. Pinned: 6 to 8, 9 to 15, 12 to
//                     24 for N = 3, 4, 5; O(N²), the seed's worst case.
//   electionMessages  ELECTION messages alone: N − 1 to N(N − 1)/2 with P1 initiating.
//
// Broken variant, caught by coordinatorIsHighestLive:
//   no-wait   the timeout does not wait for a round trip: a process may declare itself while its
//             ELECTIONs or their ANSWERs are still in flight, so in fig. 5.1 P2 declares itself
//             while P3 and P4 are alive (and P4 later declares too: two coordinators)

import {
  actor,
  type ActorAction,
  type ActorState,
  actorSystem,
  type Behaviour,
  CheckerError,
  defineActorModel,
  defineModel,
  eventually,
  inFlight,
  intParam,
  messagesSent,
  type NetworkKind,
  processIds,
  rewriteInFlight,
  stringParam,
} from "../../checker/index.ts";

type Message =
  | { readonly kind: "ELECTION" }
  | { readonly kind: "ANSWER" }
  | { readonly kind: "COORDINATOR"; readonly id: number };

type Phase = "idle" | "electing" | "answered";

interface Local {
  readonly id: number;
  /** idle: not in an election (or done with it); electing: awaiting ANSWERs; answered: stood down. */
  readonly phase: Phase;
  /** Whether this process has held its election (it holds at most one). */
  readonly held: boolean;
  /** The coordinator this process believes in, itself when it announced itself. */
  readonly coordinator: number | null;
}

type State = ActorState<Local, Message>;

const VARIANTS = {
  "no-wait":
    "a process may declare itself while its ELECTIONs or their ANSWERs are still in flight (violates coordinatorIsHighestLive)",
} as const;

const TIMEOUT = "timeout";

/** A list of ids for `--crashed` or `--initiators`: each of 1..n at most once. */
export function parseIds(name: string, raw: string, n: number): number[] {
  if (raw === "none") return [];
  const ids = raw.split(",").map(Number);
  const bad = ids.find((id) => id < 1 || id > n);
  if (bad !== undefined) {
    throw new CheckerError("bad-param", `${name} ${raw} names P${bad}, but the processes are P1 … P${n}`);
  }
  if (new Set(ids).size !== ids.length) {
    throw new CheckerError("bad-param", `${name} ${raw} names a process twice`);
  }
  return [...ids].sort((a, b) => a - b);
}

const actorForm = defineActorModel({
  name: "bully",
  family: "election",
  description:
    "Garcia-Molina's Bully election: ELECTION to every higher process, ANSWER stands the sender down, a justified timeout crowns the highest live process",
  params: {
    n: intParam({ min: 2, max: 6, default: 4, description: "processes P1 … Pn, the id of Pk being k" }),
    crashed: stringParam({
      pattern: String.raw`none|\d+(,\d+)*`,
      accepted: "none, or the ids of the processes down from the start (5 or 4,5)",
      default: "none",
      description: "processes down from the start (the silent coordinator among them)",
    }),
    initiators: stringParam({
      pattern: String.raw`\d+(,\d+)*`,
      accepted: "the ids of the processes that start an election (2 or 1,3)",
      default: "1",
      description: "processes that notice the silence and start an election at once",
    }),
  },
  network: "unordered",
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, with equal distinct and generated counts under BFS
    // and DFS (specs/models/bully.spec.ts); two (n = 2) is also counted by hand there. Pinned
    // measures: 3(N − 1) to N² − 1 messages with P1 initiating and nobody crashed (derived in the
    // header), and fig-5-1's 9 to 12, counted in the spec.
    {
      name: "default",
      description: "four processes, P1 initiates: 9 to 15 messages",
      params: { n: 4 },
      expect: {
        verdict: "holds",
        states: 702,
        depth: 10,
        measures: { messages: { min: 9, max: 15 }, electionMessages: { min: 3, max: 6 } },
      },
    },
    {
      name: "two",
      params: { n: 2 },
      expect: {
        verdict: "holds",
        states: 4,
        depth: 3,
        measures: { messages: { min: 3, max: 3 }, electionMessages: { min: 1, max: 1 } },
      },
    },
    {
      name: "three",
      params: { n: 3 },
      expect: {
        verdict: "holds",
        states: 36,
        depth: 6,
        measures: { messages: { min: 6, max: 8 }, electionMessages: { min: 2, max: 3 } },
      },
    },
    {
      name: "fig-5-1",
      description: "the seed's figure: P5 crashed, P2 initiates, P3 and P4 take part, P4 wins",
      params: { n: 5, crashed: "5", initiators: "2" },
      expect: {
        verdict: "holds",
        states: 81,
        depth: 8,
        measures: { messages: { min: 9, max: 12 }, electionMessages: { min: 4, max: 6 } },
      },
    },
    {
      name: "five",
      description:
        "the worst case at N = 5: 24 = N² − 1 messages (safety and measures; liveness as in default)",
      params: { n: 5 },
      liveness: false,
      expect: {
        verdict: "holds",
        states: 29424,
        depth: 15,
        measures: { messages: { min: 12, max: 24 }, electionMessages: { min: 4, max: 10 } },
      },
    },
    {
      name: "no-wait",
      description: "P2 declares itself while P3 and P4 are alive",
      params: { n: 5, crashed: "5", initiators: "2" },
      variant: "no-wait",
      expect: { verdict: "violated", violates: "coordinatorIsHighestLive" },
    },
  ],
  build: ({ n, crashed: crashedList, initiators: initiatorList }) => {
    const crashed = parseIds("crashed", crashedList, n);
    const initiators = parseIds("initiators", initiatorList, n);
    const silent = initiators.filter((id) => crashed.includes(id));
    if (silent.length > 0) {
      throw new CheckerError(
        "bad-param",
        `initiators ${initiatorList}: P${silent.join(", P")} ${silent.length === 1 ? "is" : "are"} down from the start (crashed ${crashedList}), and a crashed process starts nothing`,
      );
    }
    const names = processIds("P", n, 1);
    // Read from the state, not from --crashed, so that a crash injected by --crash counts too.
    const highestLive = (s: State) => s.up.lastIndexOf(true) + 1;

    const behaviour = (id: number): Behaviour<Local, Message> => {
      const higher = names.slice(id);
      const lower = names.slice(0, id - 1);
      /** Declares itself: COORDINATOR(own id) to every lower-numbered process. */
      const declare = (ctx: { send(to: string, m: Message): void }): Local => {
        for (const to of lower) ctx.send(to, { kind: "COORDINATOR", id });
        return { id, phase: "idle", held: true, coordinator: id };
      };
      const holdElection = (
        local: Local,
        ctx: { send(to: string, m: Message): void; setTimer(name: string): void },
      ): Local => {
        if (higher.length === 0) return declare(ctx);
        for (const to of higher) ctx.send(to, { kind: "ELECTION" });
        ctx.setTimer(TIMEOUT);
        return { ...local, phase: "electing", held: true };
      };
      return {
        start: (ctx) => {
          const idle: Local = { id, phase: "idle", held: false, coordinator: null };
          return initiators.includes(id) ? holdElection(idle, ctx) : idle;
        },
        onMessage: (local, message, from, ctx) => {
          switch (message.kind) {
            case "ELECTION":
              ctx.send(from, { kind: "ANSWER" });
              return local.held || local.coordinator !== null ? local : holdElection(local, ctx);
            case "ANSWER":
              if (local.phase !== "electing") return local;
              ctx.cancelTimer(TIMEOUT);
              return { ...local, phase: "answered" };
            case "COORDINATOR":
              ctx.cancelTimer(TIMEOUT);
              return { ...local, phase: "idle", coordinator: message.id };
          }
        },
        onTimer: (local, _timer, ctx) => declare(ctx),
      };
    };

    const announced = (s: State) => s.locals.filter((l) => l.coordinator === l.id).map((l) => l.id);
    const wrongBelievers = (s: State) =>
      s.locals.filter((l, i) => s.up[i] && l.coordinator !== null && l.coordinator !== highestLive(s));
    const informed = (s: State) => s.locals.every((l, i) => !s.up[i] || l.coordinator === highestLive(s));
    const uninformed = (s: State) =>
      s.locals.filter((l, i) => s.up[i] && l.coordinator !== highestLive(s)).map((l) => `P${l.id}`);

    const processes = names.map((name, i) => actor(name, behaviour(i + 1)));
    return actorSystem(processes, {
      invariants: [
        {
          name: "oneCoordinator",
          description: "at most one process has announced itself coordinator",
          holds: (s) => announced(s).length <= 1,
          explain: (s) => `P${announced(s).join(" and P")} have all announced themselves coordinator`,
        },
        {
          name: "coordinatorIsHighestLive",
          description: "a process that announced itself coordinator is the highest live id",
          holds: (s) => announced(s).every((id) => id === highestLive(s)),
          explain: (s) =>
            `P${announced(s)
              .filter((id) => id !== highestLive(s))
              .join(
                " and P",
              )} announced itself coordinator, but the highest live id is ${highestLive(s)} (P${highestLive(s)})`,
        },
        {
          name: "believesHighestLive",
          description: "every live process that believes a coordinator believes the highest live id",
          holds: (s) => wrongBelievers(s).length === 0,
          explain: (s) =>
            `${wrongBelievers(s)
              .map((l) => `P${l.id} believes P${l.coordinator}`)
              .join(", ")}, but the highest live id is ${highestLive(s)}`,
        },
      ],
      liveness: [
        eventually("elected", informed, {
          description:
            "under fair delivery and timers, every live process eventually believes the highest live id",
          explain: (s) =>
            `${uninformed(s).join(", ")} never learn${uninformed(s).length === 1 ? "s" : ""} that P${highestLive(s)} is coordinator`,
        }),
      ],
      measures: [
        messagesSent({ name: "messages", description: "messages sent in a complete election" }),
        messagesSent({
          name: "electionMessages",
          description: "ELECTION messages sent in a complete election",
          kinds: ["ELECTION"],
        }),
      ],
      // What is sent to a crashed process stays in flight for ever: the election is over when
      // every live process is told and nothing is on its way to a live one.
      terminal: (s) => informed(s) && inFlight(s).every((e) => !s.up[names.indexOf(e.to as `P${number}`)]),
      formatMessage: (m) => (m.kind === "COORDINATOR" ? `COORDINATOR(${m.id})` : m.kind),
    });
  },
});

/**
 * Whether process `p`'s timeout may fire in `s`: while it awaits answers, once nothing it waits
 * for is on its way — no ELECTION of its own to a live process, no ANSWER to it. A live process
 * answers in the step that delivers the ELECTION, so then no live higher process exists.
 */
function timeoutJustified(s: State, p: number, names: readonly string[]): boolean {
  const self = names[p]!;
  return inFlight(s).every(
    (e) =>
      !(e.from === self && e.message.kind === "ELECTION" && s.up[names.indexOf(e.to)]) &&
      !(e.to === self && e.message.kind === "ANSWER"),
  );
}

/**
 * The state without its dead ANSWERs: an ANSWER to a process no longer awaiting answers changes
 * nothing and sends nothing, now or later (the process never awaits them again: it holds one
 * election). They were counted when sent; collecting them only merges states that no property can
 * tell apart (702 states instead of 4,309 for config default). What is sent to a crashed process
 * stays in flight: it is never delivered, so it adds no state, and the ELECTIONs an initiator
 * sends as it starts must stay in the initial state for the measures to count them.
 */
function collected(s: State, names: readonly string[], network: NetworkKind): State {
  return rewriteInFlight(s, network, (message, _from, to) =>
    message.kind === "ANSWER" && s.locals[names.indexOf(to)]!.phase !== "electing" ? null : message,
  );
}

/**
 * The Bully model: the actor form, with the processes of `--crashed` down from the start and the
 * timeout fired only when it is justified (or, in variant no-wait, whenever it is armed).
 */
export default defineModel({
  ...actorForm,
  build(values, variant) {
    const machine = actorForm.build(values, variant);
    const crashed = parseIds("crashed", values.crashed, values.n);
    const names = processIds("P", values.n, 1);
    const waits = variant !== "no-wait";
    const enabled = (s: State, a: ActorAction<Message>) =>
      !(waits && a.kind === "timer" && a.timer === TIMEOUT) || timeoutJustified(s, a.process, names);
    const collect = (s: State) => collected(s, names, values.network);
    return {
      ...machine,
      init: () =>
        machine.init().map((s) => collect({ ...s, up: s.up.map((_, i) => !crashed.includes(i + 1)) })),
      next: (s, a) => {
        const next = enabled(s, a) ? machine.next(s, a) : null;
        return next === null ? null : collect(next);
      },
      partialOrder: {
        unavailable:
          "the timeout is enabled only once no ELECTION or ANSWER of its process is in flight, so a timer step depends on other processes' deliveries",
        ample: () => null,
      },
    };
  },
});
