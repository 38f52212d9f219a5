// Two-phase commit as message-passing processes: the coordinator "TM" and resource managers
// "r1".."rN" exchange messages over a network the explorer controls, so that loss, duplication,
// reordering and crashes (the --drop, --duplicate, --crash and --restart options) act on the
// protocol itself rather than being folded into a set of messages, as the TLA+ transcription
// (two-phase-commit.ts) does. The seed (field manual, weeks 02 and 13, fig. 10.1) describes it:
// PREPARE gathers votes, COMMIT or ABORT enforces the decision, and a coordinator that dies between
// the phases leaves the participants blocked.
//
//   TM     sends PREPARE to every RM and arms "timeout"; commits once every RM voted YES, aborts on
//          a NO or when "timeout" fires while it is still undecided, and sends the decision to
//          every RM. Once decided it answers a late vote or a decision request with the decision,
//          and an early decision request with WAIT.
//   RM     on PREPARE arms two timers, "vote-yes" and "vote-no": whichever the explorer fires is the
//          RM's vote, and it cancels the other. Voting YES makes it prepared (in doubt until it
//          learns the decision) and arms "ask", which sends a decision request (ASK); a WAIT
//          answer re-arms "ask". Voting NO aborts it on the spot. COMMIT or ABORT sets its outcome,
//          once; later copies change nothing.
//
// Losing one message never leaves anyone waiting (everyRmDecides holds in config lossy): a lost
// PREPARE or vote runs into the TM's timeout, and an RM in doubt holds at every moment an armed
// "ask", an ASK or a WAIT in flight, besides the decision the TM sends everyone. Two losses can
// strand an RM (its PREPARE and the ABORT, say, or its ASK and the decision), and the checker then
// reports a deadlock.
//
// Crash-recover (--restart): what a process logs survives. An RM logs its vote and its outcome; on
// restart an RM that never voted aborts on its own (it sent no YES, so the TM cannot commit without
// it: presumed abort), and one that voted YES with no outcome is in doubt and sends ASK. The TM logs
// its decision; on restart it sends it to every RM, and with no decision logged it aborts.
//
// Ends. A state with nothing enabled is a proper end when every live RM knows its outcome and
// nothing is in flight to a live process. A crashed coordinator with RMs still waiting is 2PC's
// blocking problem: no RM may decide alone once it voted YES, so it waits forever. That is a
// liveness failure, not a safety one: no invariant is broken and nothing more can happen. So the
// model accepts "the TM is down" as an end, which lets atomicity be checked exhaustively under
// --crash and leaves the blocking to the liveness property below. The variant `blocking-reported`
// withholds that acceptance, so that the checker shows the blocked state as a deadlock, before any
// liveness check (config `coordinator-crash-blocks`); it changes no step of the protocol.
//
// Measure: messagesPerTransaction, every message sent from the PREPAREs to the end of the
// transaction. At least 2N: the TM may time out before any vote and send N ABORTs (N PREPAREs, N
// ABORTs); a commit with no retry takes 3N (PREPAREs, YES votes, COMMITs). No maximum: an RM in
// doubt asks the undecided TM, is told WAIT and asks again, for as long as the TM's timeout does
// not fire — a cycle the checker reports as unbounded, with the lasso (PREPARE, YES, then ASK and
// WAIT for ever).
//
// Liveness: everyRmDecides — whenever a live RM is undecided, eventually every live RM has decided,
// commit or abort (a crashed RM is excused while it is down, and owes a decision again once it
// restarts). Fairness: the actor layer's default — each message in flight is delivered eventually,
// each armed timer fires eventually, faults are never forced — except that delivery stays weakly
// fair under --drop, where the default forces no delivery at all (so that every run could stop at
// its start): the drop budget is finite, so a message the network has not lost is delivered in the
// end. Under that fairness:
//   - with no fault, one loss (config lossy) or one duplicate (config duplicates) it holds: the
//     TM's "timeout" stays armed while it is undecided, so the ask/WAIT cycle of an RM in doubt
//     cannot go round forever, and a decided TM answers every ASK with the outcome;
//   - with --crash 1 it is violated (configs crash, crash-restart, coordinator-crash-waits): the TM
//     crashes after an RM voted YES and before the decision reaches it. The lasso is a stutter: the
//     RM in doubt has fired "ask", its YES and ASK sit in flight to the crashed TM, where they are
//     never deliverable, no timer is armed, and the trace's last state repeats forever (loopStart
//     is its last index). With one RM: PREPARE delivered, vote-yes, ask, crash TM. A restart is a
//     fault, never forced, so --restart changes nothing: the TM may stay down.
// Checking liveness turns partial-order reduction off (the reduction is for safety); --no-liveness
// checks the invariants alone, with it.
//
// Symmetry (--symmetry): the RMs are interchangeable (`symmetric`), so renaming them maps runs to
// runs. The TM keeps the RMs that voted YES as a set rather than a sorted list, so that a renamed
// state is one the protocol itself builds.
//
// Broken variant:
//   commit-on-first-yes   the TM commits on the first YES it receives (violates commitNeedsVotes
//                         first under BFS, and atomicity once another RM has voted NO)

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
  type ProcessContext,
  processIds,
  weaklyFair,
} from "../../checker/index.ts";

type Message = "PREPARE" | "YES" | "NO" | "COMMIT" | "ABORT" | "ASK" | "WAIT";
type Outcome = "commit" | "abort";

interface TMLocal {
  readonly decision: Outcome | null;
  /** The RMs whose YES has arrived, while the TM is undecided. */
  readonly yes: ReadonlySet<string>;
}

interface RMLocal {
  readonly vote: "yes" | "no" | null;
  readonly outcome: Outcome | null;
}

export type State = ActorState<TMLocal | RMLocal, Message>;

const TM = "TM";
const VARIANTS = {
  "commit-on-first-yes":
    "the TM commits on the first YES vote instead of waiting for all (violates commitNeedsVotes and atomicity)",
  "blocking-reported":
    "the correct protocol, but a crashed TM leaving an RM without its outcome is not accepted as an end: 2PC's blocking shows as a deadlock",
} as const;

const DECISION_MESSAGE: Record<Outcome, Message> = { commit: "COMMIT", abort: "ABORT" };
const WORKING: RMLocal = { vote: null, outcome: null };
const NOBODY: ReadonlySet<string> = new Set();

export default defineActorModel({
  name: "two-phase-commit-actors",
  family: "commit",
  description:
    "two-phase commit as message-passing processes, under message loss, duplication and crashes: a coordinator and N resource managers agree to commit or abort",
  params: {
    rm: intParam({ min: 1, max: 5, default: 3, description: "number of resource managers" }),
  },
  network: "unordered",
  recoverable: true,
  variants: VARIANTS,
  configs: [
    // Pinned counts (distinct states, BFS depth): computed by the checker under BFS, and DFS finds
    // the same distinct and generated states (specs/models/two-phase-commit-actors.spec.ts).
    {
      name: "default",
      params: { rm: 3 },
      expect: {
        verdict: "holds",
        states: 30941,
        depth: 21,
        measures: { messagesPerTransaction: { min: 6, max: "unbounded" } },
      },
    },
    // crash and crash-restart held before the liveness check: every invariant still holds in every
    // state they reach (the whole graph is searched before liveness is checked, so the pins stand),
    // but a TM crash between the phases leaves an RM in doubt forever (see "Liveness" above).
    {
      name: "crash",
      description:
        "any one process may crash, the TM included: atomicity holds, but a TM crash between the phases leaves an RM in doubt forever",
      params: { rm: 2, crash: 1 },
      expect: { verdict: "violated", violates: "everyRmDecides", states: 4270, depth: 16 },
    },
    {
      name: "lossy",
      description: "the network may lose one message",
      params: { rm: 2, drop: 1 },
      expect: {
        verdict: "holds",
        states: 2567,
        depth: 15,
        measures: { messagesPerTransaction: { min: 4, max: "unbounded" } },
      },
    },
    {
      name: "duplicates",
      description: "the network may duplicate one message",
      params: { rm: 2, duplicate: 1 },
      expect: {
        verdict: "holds",
        states: 8194,
        depth: 17,
        measures: { messagesPerTransaction: { min: 4, max: "unbounded" } },
      },
    },
    {
      name: "crash-restart",
      description:
        "one process may crash and restart from its log: atomicity holds, but nothing forces the TM to restart, so an RM in doubt may wait forever",
      params: { rm: 2, crash: 1, restart: true },
      expect: { verdict: "violated", violates: "everyRmDecides", states: 8830, depth: 18 },
    },
    {
      name: "commit-on-first-yes",
      params: { rm: 2 },
      variant: "commit-on-first-yes",
      expect: { verdict: "violated", violates: "commitNeedsVotes" },
    },
    {
      name: "coordinator-crash-blocks",
      description: "the TM crashes between the phases and an RM that voted YES waits forever",
      params: { rm: 2, crash: 1 },
      variant: "blocking-reported",
      expect: { verdict: "violated", violates: "deadlock" },
    },
    {
      name: "coordinator-crash-waits",
      description:
        "the lone RM votes YES and the TM crashes before deciding: the RM waits forever, a lasso stuck where nothing fair is enabled",
      params: { rm: 1, crash: 1 },
      expect: { verdict: "violated", violates: "everyRmDecides", states: 123, depth: 10 },
    },
  ],
  build(params, variant) {
    const rms = processIds("r", params.rm, 1);
    const commitOnFirstYes = variant === "commit-on-first-yes";
    const acceptBlocking = variant !== "blocking-reported";

    const decide = (decision: Outcome, ctx: ProcessContext<Message>): TMLocal => {
      ctx.cancelTimer("timeout");
      ctx.broadcast(DECISION_MESSAGE[decision]);
      return { decision, yes: NOBODY };
    };

    const coordinator: Behaviour<TMLocal, Message, Outcome | null> = {
      start: (ctx) => {
        ctx.broadcast("PREPARE");
        ctx.setTimer("timeout");
        return { decision: null, yes: NOBODY };
      },
      onMessage: (local, message, from, ctx) => {
        if (local.decision !== null) {
          // A late vote or a decision request: whoever asks is told the outcome again.
          if (message === "YES" || message === "ASK") ctx.send(from, DECISION_MESSAGE[local.decision]);
          return local;
        }
        switch (message) {
          case "YES": {
            if (local.yes.has(from)) return local;
            const yes: ReadonlySet<string> = new Set(local.yes).add(from);
            if (commitOnFirstYes || yes.size === rms.length) return decide("commit", ctx);
            return { decision: null, yes };
          }
          case "NO":
            return decide("abort", ctx);
          case "ASK":
            ctx.send(from, "WAIT");
            return local;
          default:
            return local;
        }
      },
      onTimer: (local, _timer, ctx) => (local.decision === null ? decide("abort", ctx) : local),
      durable: (local) => local.decision,
      recover: (logged, ctx) => decide(logged ?? "abort", ctx),
    };

    const resourceManager: Behaviour<RMLocal, Message, RMLocal> = {
      start: () => WORKING,
      onMessage: (local, message, _from, ctx) => {
        switch (message) {
          case "PREPARE":
            if (local.vote !== null || local.outcome !== null) return local;
            ctx.setTimer("vote-yes");
            ctx.setTimer("vote-no");
            return local;
          case "COMMIT":
          case "ABORT":
            if (local.outcome !== null) return local;
            for (const timer of ["vote-yes", "vote-no", "ask"]) ctx.cancelTimer(timer);
            return { vote: local.vote, outcome: message === "COMMIT" ? "commit" : "abort" };
          case "WAIT":
            if (local.vote === "yes" && local.outcome === null) ctx.setTimer("ask");
            return local;
          default:
            return local;
        }
      },
      onTimer: (local, timer, ctx) => {
        switch (timer) {
          case "vote-yes":
            ctx.cancelTimer("vote-no");
            ctx.send(TM, "YES");
            ctx.setTimer("ask");
            return { vote: "yes", outcome: null };
          case "vote-no":
            ctx.cancelTimer("vote-yes");
            ctx.send(TM, "NO");
            return { vote: "no", outcome: "abort" };
          default: // "ask": still in doubt
            ctx.send(TM, "ASK");
            return local;
        }
      },
      durable: (local) => local,
      recover: (log, ctx) => {
        if (log.vote === null && log.outcome === null) return { vote: null, outcome: "abort" };
        if (log.vote === "yes" && log.outcome === null) ctx.send(TM, "ASK");
        return log;
      },
    };

    const processes = [actor(TM, coordinator), ...rms.map((id) => actor(id, resourceManager))];
    const { local, locals, isUp, indexOf } = lookup(processes);
    const named = (s: State, holds: (rm: RMLocal) => boolean) => rms.filter((rm) => holds(local(s, rm)));
    /** The live RMs that have not decided yet. */
    const waiting = (s: State) => rms.filter((rm) => isUp(s, rm) && local(s, rm).outcome === null);
    const settled = (s: State) =>
      rms.every((rm) => !isUp(s, rm) || local(s, rm).outcome !== null) &&
      inFlight(s).every((e) => !s.up[indexOf(e.to)]);

    return actorSystem(processes, {
      measures: [
        messagesSent({
          name: "messagesPerTransaction",
          description: "messages sent in one transaction, from the PREPAREs to its end",
        }),
      ],
      invariants: [
        {
          name: "atomicity",
          description: "no resource manager has committed while another has aborted",
          holds: (s) => {
            const outcomes = locals(s, rms).map((rm) => rm.outcome);
            return !(outcomes.includes("commit") && outcomes.includes("abort"));
          },
          explain: (s) =>
            `${named(s, (rm) => rm.outcome === "commit").join(", ")} committed while ${named(s, (rm) => rm.outcome === "abort").join(", ")} aborted`,
        },
        {
          name: "commitNeedsVotes",
          description: "a resource manager commits only if every resource manager voted YES",
          holds: (s) =>
            !locals(s, rms).some((rm) => rm.outcome === "commit") ||
            locals(s, rms).every((rm) => rm.vote === "yes"),
          explain: (s) => {
            const votedNo = named(s, (rm) => rm.vote === "no");
            const silent = named(s, (rm) => rm.vote === null);
            const missing = [
              ...(votedNo.length ? [`${votedNo.join(", ")} voted NO`] : []),
              ...(silent.length ? [`${silent.join(", ")} has not voted`] : []),
            ];
            return `${named(s, (rm) => rm.outcome === "commit").join(", ")} committed but ${missing.join(" and ")}`;
          },
        },
      ],
      liveness: [
        leadsTo(
          "everyRmDecides",
          (s) => waiting(s).length > 0,
          (s) => waiting(s).length === 0,
          {
            description: "every live resource manager eventually decides, commit or abort",
            explain: (s) => {
              const stuck = waiting(s);
              const inDoubt = stuck.filter((rm) => local(s, rm).vote === "yes");
              const tm = isUp(s, TM) ? "" : ", the TM is down";
              const doubt = inDoubt.length
                ? ` (${inDoubt.join(", ")} voted YES and may not decide alone)`
                : "";
              return `${stuck.join(", ")} never decide${stuck.length === 1 ? "s" : ""}${doubt}${tm}`;
            },
          },
        ),
      ],
      // The actor layer's default fairness, except that delivery stays weakly fair under --drop:
      // the budget is finite, so a message the network has not lost is delivered eventually.
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
      terminal: (s) => settled(s) || (acceptBlocking && !isUp(s, TM)),
      formatMessage: (m) => m,
      // What the invariants read — each RM's vote and outcome — for partial-order reduction.
      observe: (rm, process) => (process === TM ? null : [rm.vote, rm.outcome]),
      // One RM alone has nothing to be swapped with.
      symmetric: rms.length > 1 ? rms : undefined,
    });
  },
});
