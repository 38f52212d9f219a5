// The happens-before library (checker/history/happens-before.ts) against an independent oracle:
// on random histories, the transitive closure of process order and message edges computed by
// Floyd–Warshall decides happens-before and cut consistency (downward closure), and the library
// must agree with it; every prefix of the order a history was produced in is a consistent cut;
// and the seed's "received before it is sent" is caught with a reason that names both events.
import { alg } from "@dagrejs/graphlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  consistentCut,
  type Cut,
  type EventRef,
  happensBefore,
  happensBeforeGraph,
  type History,
  type HistoryEvent,
  HistoryError,
  eventNode,
} from "../checker/index.ts";

/** A history and the global order its events were produced in (one linearization of →). */
interface Run {
  readonly history: History;
  readonly order: readonly EventRef[];
}

const PROCESSES = ["P1", "P2", "P3", "P4"];

/**
 * Random runs: each step picks a process and makes it take a local step, send a new message to a
 * process, or receive one of the messages in flight to it (any one: channels need not be FIFO).
 * What is produced is a real run, so every receive follows its send.
 */
const runs: fc.Arbitrary<Run> = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    steps: fc.array(fc.record({ p: fc.nat(), kind: fc.integer({ min: 0, max: 2 }), pick: fc.nat() }), {
      maxLength: 24,
    }),
  })
  .map(({ n, steps }) => {
    const names = PROCESSES.slice(0, n);
    const events: Record<string, HistoryEvent[]> = Object.fromEntries(names.map((p) => [p, []]));
    const inFlight: { to: string; message: string }[] = [];
    const order: EventRef[] = [];
    let sent = 0;
    for (const step of steps) {
      const process = names[step.p % n]!;
      const mine = inFlight.filter((m) => m.to === process);
      let event: HistoryEvent;
      if (step.kind === 1) {
        event = { kind: "send", message: `m${++sent}` };
        inFlight.push({ to: names[step.pick % n]!, message: event.message });
      } else if (step.kind === 2 && mine.length > 0) {
        const taken = mine[step.pick % mine.length]!;
        inFlight.splice(inFlight.indexOf(taken), 1);
        event = { kind: "receive", message: taken.message };
      } else {
        event = { kind: "local" };
      }
      order.push({ process, index: events[process]!.length });
      events[process]!.push(event);
    }
    return { history: events, order };
  });

/** Every event of the history, numbered in process order. */
function allEvents(history: History): EventRef[] {
  return Object.keys(history).flatMap((process) => history[process]!.map((_, index) => ({ process, index })));
}

/** reach[i][j]: event i happens before event j, by Floyd–Warshall over the immediate edges. */
function transitiveClosure(history: History): { events: EventRef[]; reach: boolean[][] } {
  const events = allEvents(history);
  const id = (r: EventRef) => events.findIndex((e) => e.process === r.process && e.index === r.index);
  const reach = events.map(() => events.map(() => false));
  const sendOf = new Map<string, number>();
  events.forEach((e, i) => {
    const event = history[e.process]![e.index]!;
    if (e.index > 0) reach[id({ process: e.process, index: e.index - 1 })]![i] = true;
    if (event.kind === "send") sendOf.set(event.message, i);
  });
  events.forEach((e, i) => {
    const event = history[e.process]![e.index]!;
    if (event.kind === "receive") reach[sendOf.get(event.message)!]![i] = true;
  });
  for (let k = 0; k < events.length; k++)
    for (let i = 0; i < events.length; i++)
      if (reach[i]![k]) for (let j = 0; j < events.length; j++) if (reach[k]![j]) reach[i]![j] = true;
  return { events, reach };
}

/** A random cut of the run's history: any prefix length per process. */
const runsWithCuts = runs.chain((run) =>
  fc
    .tuple(...Object.keys(run.history).map((p) => fc.integer({ min: 0, max: run.history[p]!.length })))
    .map((counts) => ({
      ...run,
      cut: Object.fromEntries(Object.keys(run.history).map((p, i) => [p, counts[i]!])) as Cut,
    })),
);

describe("happens-before", () => {
  it("consistentCut says consistent exactly when the cut is downward closed under the transitive closure", () => {
    fc.assert(
      fc.property(runsWithCuts, ({ history, cut }) => {
        const { events, reach } = transitiveClosure(history);
        const inside = (e: EventRef) => e.index < cut[e.process]!;
        const closed = events.every(
          (e, j) => !inside(e) || events.every((f, i) => !reach[i]![j] || inside(f)),
        );
        const verdict = consistentCut(history, cut);
        expect(verdict.kind === "consistent").toBe(closed);
        if (verdict.kind === "inconsistent") {
          // The witness is real: the receive is inside, its send outside, and they are one message.
          expect(inside(verdict.receive)).toBe(true);
          expect(inside(verdict.send)).toBe(false);
          expect(history[verdict.receive.process]![verdict.receive.index]).toEqual({
            kind: "receive",
            message: verdict.message,
          });
          expect(history[verdict.send.process]![verdict.send.index]).toEqual({
            kind: "send",
            message: verdict.message,
          });
        }
      }),
      { numRuns: 400 },
    );
  });

  it("happensBefore and the graph's reachability agree with the transitive closure on every pair", () => {
    fc.assert(
      fc.property(runs, ({ history }) => {
        const { events, reach } = transitiveClosure(history);
        const graph = happensBeforeGraph(history);
        expect(graph.nodeCount()).toBe(events.length);
        events.forEach((a, i) => {
          const reachable = new Set(alg.preorder(graph, [eventNode(a)]));
          events.forEach((b, j) => {
            expect(happensBefore(history, a, b)).toBe(reach[i]![j]);
            expect(i !== j && reachable.has(eventNode(b))).toBe(reach[i]![j]);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it("every prefix of the order the run was produced in is a consistent cut", () => {
    fc.assert(
      fc.property(runs, ({ history, order }) => {
        const counts: Record<string, number> = Object.fromEntries(Object.keys(history).map((p) => [p, 0]));
        expect(consistentCut(history, counts)).toEqual({ kind: "consistent" });
        for (const step of order) {
          counts[step.process]!++;
          expect(consistentCut(history, counts)).toEqual({ kind: "consistent" });
        }
      }),
      { numRuns: 200 },
    );
  });

  describe("by hand", () => {
    // The seed's picture: P1 sends m to P2. A cut that takes P2's receive but not P1's send has m
    // received before it is sent; the other way round, m is merely in flight.
    const history: History = {
      P1: [
        { kind: "local", label: "deposit" },
        { kind: "send", message: "m" },
      ],
      P2: [{ kind: "receive", message: "m" }, { kind: "local" }],
    };

    it("a receive inside the cut whose send is outside: named, with where the cut lies", () => {
      expect(consistentCut(history, { P1: 1, P2: 1 })).toEqual({
        kind: "inconsistent",
        message: "m",
        receive: { process: "P2", index: 0 },
        send: { process: "P1", index: 1 },
        reason:
          "P2 event 1 (receive m) is inside the cut but its send, P1 event 2 (send m), is not: the cut takes 1 of P1's events",
      });
    });

    it("a message sent inside the cut and received outside it is in flight: consistent", () => {
      expect(consistentCut(history, { P1: 2, P2: 0 }).kind).toBe("consistent");
      expect(consistentCut(history, { P1: 2 }).kind).toBe("consistent");
      expect(consistentCut(history, {}).kind).toBe("consistent");
    });

    it("happens-before follows process order and messages, and is strict", () => {
      const at = (process: string, index: number) => ({ process, index });
      expect(happensBefore(history, at("P1", 0), at("P2", 1))).toBe(true);
      expect(happensBefore(history, at("P2", 0), at("P1", 1))).toBe(false);
      expect(happensBefore(history, at("P1", 1), at("P1", 1))).toBe(false);
      expect(happensBefore(history, at("P2", 1), at("P1", 0))).toBe(false);
    });

    it("refuses malformed cuts and histories with a stable code", () => {
      const code = (f: () => unknown) => {
        try {
          f();
        } catch (error) {
          expect(error).toBeInstanceOf(HistoryError);
          return (error as HistoryError).code;
        }
        return "no error";
      };
      expect(code(() => consistentCut(history, { P1: 3 }))).toBe("bad-cut");
      expect(code(() => consistentCut(history, { P1: -1 }))).toBe("bad-cut");
      expect(code(() => consistentCut(history, { P9: 0 }))).toBe("bad-cut");
      expect(code(() => consistentCut({ P1: [{ kind: "receive", message: "x" }] }, { P1: 1 }))).toBe(
        "unsent-message",
      );
      const twice: History = { P1: [{ kind: "send", message: "x" }], P2: [{ kind: "send", message: "x" }] };
      expect(code(() => consistentCut(twice, {}))).toBe("duplicate-send");
      const crossed: History = {
        P1: [
          { kind: "receive", message: "b" },
          { kind: "send", message: "a" },
        ],
        P2: [
          { kind: "receive", message: "a" },
          { kind: "send", message: "b" },
        ],
      };
      expect(code(() => happensBeforeGraph(crossed))).toBe("cyclic-history");
      expect(
        code(() => happensBefore(history, { process: "P1", index: 5 }, { process: "P2", index: 0 })),
      ).toBe("bad-event");
    });
  });
});
