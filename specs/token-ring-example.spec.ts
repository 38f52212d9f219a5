// The README's measures tutorial (docs/examples/token-ring.ts), checked as written: a request waits
// 0 to n − 1 TOKEN hops, and from one exit to the next entry the ring sends 1 message at least
// and, when nobody wants the critical section, any number — a lasso of the token going round.
import { describe, expect, it } from "vitest";
import { checkModel, fingerprintHex } from "../checker/index.ts";
import { expectModel } from "../checker/testing.ts";
import tokenRing from "../docs/examples/token-ring.ts";

describe("token-ring (the measures tutorial)", () => {
  it("its configuration's pinned measures match", async () => {
    await expectModel(tokenRing).toMatchExpectation("default");
  });

  it.each([2, 3, 4])("n = %i: 0 to n − 1 messages per entry; exit to entry 1 to unbounded", async (n) => {
    const result = await checkModel(tokenRing, { params: { n } });
    expect(result.verdict).toBe("holds");
    const figures = Object.fromEntries(result.measures!.map((m) => [m.name, [m.min?.value, m.max?.value]]));
    expect(figures).toEqual({ messagesPerEntry: [0, n - 1], exitToEntry: [1, "unbounded"] });
    const lasso = result.measures!.find((m) => m.name === "exitToEntry")!.max!.witness;
    const loop = lasso.trace.slice(lasso.loopStart! + 1);
    expect(fingerprintHex(lasso.trace[lasso.loopStart!]!.state)).toBe(
      fingerprintHex(lasso.trace.at(-1)!.state),
    );
    // Round and round: n deliveries of the token, each passing it on.
    expect(loop.map((step) => step.label.split(" ").slice(0, 2).join(" "))).toEqual(
      Array(n).fill("deliver TOKEN"),
    );
  });

  it("measuring changes no count", async () => {
    const on = await checkModel(tokenRing, { params: { n: 3, entries: 2 } });
    const off = await checkModel(tokenRing, { params: { n: 3, entries: 2 }, measures: false });
    expect([on.stats.distinctStates, on.stats.generatedStates]).toEqual([
      off.stats.distinctStates,
      off.stats.generatedStates,
    ]);
  });
});
