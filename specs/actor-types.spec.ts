// What the actor API's types infer, checked by the type checker (`npx tsc --noEmit`, part of
// `npm test`): a model's handlers, properties and lookups receive typed local states and messages
// without annotations, and a wrong process id or message kind does not compile. The runtime
// assertions check that the typed accessors read the positions the types promise.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  actor,
  type ActorMachine,
  type ActorState,
  actorSystem,
  defineActorModel,
  instantiate,
  intParam,
  lookup,
  processIds,
} from "../checker/index.ts";

type Message = { readonly kind: "ask"; readonly n: number } | { readonly kind: "tell" };
interface Boss {
  readonly asked: number;
}
interface Worker {
  readonly told: boolean;
}

const boss = actor("boss", {
  start: (ctx) => {
    ctx.broadcast({ kind: "ask", n: 1 });
    return { asked: 1 };
  },
  onMessage: (local: Boss, _message: Message) => local,
  durable: (local) => local.asked,
  recover: (asked) => {
    expectTypeOf(asked).toEqualTypeOf<number>();
    return { asked };
  },
});

const worker = (id: `w${number}`) =>
  actor(id, {
    start: (): Worker => ({ told: false }),
    onMessage: (local: Worker, message: Message, from, ctx) => {
      if (message.kind === "ask") ctx.send(from, { kind: "tell" });
      // @ts-expect-error -- not a message kind
      if (message.kind === "shout") return local;
      return { told: true };
    },
  });

const model = defineActorModel({
  name: "typed",
  family: "fixtures",
  description: "a boss asks its workers",
  params: { workers: intParam({ min: 1, max: 3, default: 2 }) },
  network: "unordered",
  recoverable: true,
  build: ({ workers, crash }) => {
    expectTypeOf(workers).toEqualTypeOf<number>();
    expectTypeOf(crash).toEqualTypeOf<number>();
    const ids = processIds("w", workers, 1);
    const processes = [boss, ...ids.map(worker)];
    const { local, locals, isUp } = lookup(processes);
    return actorSystem(processes, {
      invariants: [
        {
          name: "askedOnce",
          holds: (s) => {
            expectTypeOf(s).toEqualTypeOf<ActorState<Boss | Worker, Message>>();
            expectTypeOf(local(s, "boss")).toEqualTypeOf<Boss>();
            expectTypeOf(local(s, "w1")).toEqualTypeOf<Worker>();
            expectTypeOf(locals(s, ids)).toEqualTypeOf<Worker[]>();
            // @ts-expect-error -- no process has this id
            local(s, "manager");
            // @ts-expect-error -- a worker's id is w1, w2, …
            isUp(s, "x1");
            return local(s, "boss").asked === 1;
          },
        },
      ],
      terminal: (s) => locals(s, ids).every((w) => w.told),
      formatMessage: (m) => {
        expectTypeOf(m).toEqualTypeOf<Message>();
        return m.kind;
      },
      observe: (l, process) => {
        if (process === "boss") return null;
        expectTypeOf(l).toEqualTypeOf<Worker>();
        return l.told;
      },
      symmetric: ids,
    });
  },
});

describe("typed actor models", () => {
  it("types the machine by the processes' local states and messages", () => {
    expectTypeOf(model.build).returns.toEqualTypeOf<ActorMachine<Boss | Worker, Message>>();
    const [s] = instantiate(model, { workers: 2 }).machine.init();
    const { local, locals, isUp, indexOf } = lookup([boss, worker("w1"), worker("w2")]);
    expect(local(s!, "boss")).toEqual({ asked: 1 });
    expect(locals(s!, ["w2", "w1"])).toEqual([{ told: false }, { told: false }]);
    expect(isUp(s!, "w2")).toBe(true);
    expect(indexOf("w2")).toBe(2);
  });

  it("refuses an id that is not a process's, naming the processes", () => {
    const { local } = lookup([actor("a", { start: () => 0, onMessage: (n: number) => n })]);
    const [s] = instantiate(model, {}).machine.init();
    expect(() => local(s!, "b" as "a")).toThrow(/no process b \(processes: a\)/);
  });

  it("takes ids of the system's processes where a system names processes", () => {
    const processes = [boss, worker("w1"), worker("w2")];
    const system = actorSystem(processes, {
      invariants: [],
      mayCrash: ["w1"],
      // @ts-expect-error -- symmetric names processes by id
      symmetric: ["w1", "boss2"],
    });
    expect(system.processes.map((p) => p.id)).toEqual(["boss", "w1", "w2"]);
  });

  it("numbers ids from the first given", () => {
    expect(processIds("P", 3, 1)).toEqual(["P1", "P2", "P3"]);
    expectTypeOf(processIds("P", 3)).toEqualTypeOf<readonly `P${number}`[]>();
  });
});
