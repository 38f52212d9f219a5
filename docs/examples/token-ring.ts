// A token ring around a critical section, as the README's measures tutorial writes it: n
// processes pass one TOKEN clockwise; a process that wants the critical section waits for the
// token, enters, and passes it on when it leaves. Two measures, counted from what the handlers
// sent:
//   messagesPerEntry  TOKEN messages from a process's request to its entry: 0 when the token is
//                     already on its way to it, n − 1 when it has just gone past;
//   exitToEntry       messages from one exit to the next entry by anyone (the seed's token ring:
//                     "1 to ∞"): 1 when the next process is waiting, unbounded when nobody wants
//                     the section and the token goes round and round.
import {
  actor,
  actorSystem,
  type Behaviour,
  defineActorModel,
  intParam,
  lookup,
  messagesSent,
  processIds,
} from "../../checker/index.ts";

type Message = { readonly kind: "TOKEN" };
interface Local {
  readonly phase: "idle" | "wanting" | "inside";
  readonly entries: number;
}

const TOKEN: Message = { kind: "TOKEN" };

export default defineActorModel({
  name: "token-ring",
  family: "examples",
  description: "a token passed round a ring of processes grants the critical section",
  params: {
    n: intParam({ min: 2, max: 5, default: 3, description: "processes on the ring" }),
    entries: intParam({ min: 1, max: 2, default: 1, description: "entries per process" }),
  },
  network: "fifo",
  configs: [
    {
      name: "default",
      params: { n: 3 },
      expect: {
        verdict: "holds",
        measures: { messagesPerEntry: { min: 0, max: 2 }, exitToEntry: { min: 1, max: "unbounded" } },
      },
    },
  ],
  build: ({ n, entries }) => {
    const ids = processIds("P", n);
    const next = (i: number) => ids[(i + 1) % n]!;
    const behaviour = (i: number): Behaviour<Local, Message> => ({
      start: (ctx) => {
        if (i === 0) ctx.send(next(i), TOKEN);
        ctx.setTimer("want");
        return { phase: "idle", entries: 0 };
      },
      onTimer: (local, timer, ctx) => {
        if (timer === "want") return { ...local, phase: "wanting" };
        // "leave": out of the critical section, the token goes on.
        ctx.send(next(i), TOKEN);
        if (local.entries + 1 < entries) ctx.setTimer("want");
        return { phase: "idle", entries: local.entries + 1 };
      },
      onMessage: (local, _token, _from, ctx) => {
        if (local.phase !== "wanting") {
          ctx.send(next(i), TOKEN);
          return local;
        }
        ctx.setTimer("leave");
        return { ...local, phase: "inside" };
      },
    });
    const processes = ids.map((id, i) => actor(id, behaviour(i)));
    const { local } = lookup(processes);
    type State = Parameters<typeof local>[0];
    /** The processes whose phase goes from `before` to `after` in a step. */
    const moved = (from: State, to: State, before: Local["phase"], after: Local["phase"]) =>
      ids.filter((id) => local(from, id).phase === before && local(to, id).phase === after);
    return actorSystem(processes, {
      invariants: [
        {
          name: "mutualExclusion",
          description: "at most one process is in the critical section",
          holds: (s) => ids.filter((id) => local(s, id).phase === "inside").length <= 1,
          explain: (s) => `${ids.filter((id) => local(s, id).phase === "inside").join(" and ")} are inside`,
        },
      ],
      measures: [
        messagesSent({
          name: "messagesPerEntry",
          description: "TOKEN messages from a process's request to its entry",
          scope: {
            opens: ({ from, to }) => moved(from, to, "idle", "wanting"),
            closes: ({ from, to }) => moved(from, to, "wanting", "inside"),
          },
        }),
        messagesSent({
          name: "exitToEntry",
          description: "messages from one exit to the next entry by anyone (the seed: 1 to ∞)",
          scope: {
            opens: ({ from, to }) => (moved(from, to, "inside", "idle").length > 0 ? "ring" : null),
            closes: ({ from, to }) => (moved(from, to, "wanting", "inside").length > 0 ? "ring" : null),
          },
        }),
      ],
      formatMessage: (m) => m.kind,
    });
  },
});
