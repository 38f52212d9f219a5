// The vitest example of the README's tutorial, run as written (paths adjusted to specs/).
import { describe, it } from "vitest";
import { expectModel } from "../checker/testing.ts";
import tinyLock from "../docs/examples/tiny-lock.ts";

describe("tiny-lock", () => {
  it("keeps processes apart", () => expectModel(tinyLock, { params: { n: 3 } }).toHold());
  it("has the states counted by hand", () =>
    expectModel(tinyLock, { params: { n: 3 } }).toHaveDistinctStates(4));
  it("is broken without the check", () =>
    expectModel(tinyLock, { params: { n: 2 }, variant: "no-check" }).toViolate("mutualExclusion"));
  it("matches every declared configuration", () => expectModel(tinyLock).toMatchExpectation("broken"));
});
