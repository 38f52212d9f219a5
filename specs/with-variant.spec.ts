// withVariant: a model with one more variant that is another state machine (a transcription of a
// published specification beside the model's own form), its parameters joined to the model's and
// each form's own parameters refused by the other.
import { describe, expect, it } from "vitest";
import { checkModel, defineModel, intParam, withVariant } from "../checker/index.ts";

/** A counter stepping by 1 up to `to`; the added variant steps by `step` up to `to`. */
const base = defineModel({
  name: "counter",
  family: "test",
  description: "counts up",
  params: {
    to: intParam({ min: 1, max: 20, default: 4, description: "bound" }),
    wrap: intParam({ min: 0, max: 1, default: 0, description: "only the base form reads it" }),
  },
  variants: { stuck: "never moves" },
  configs: [{ name: "default", expect: { verdict: "holds", states: 5 } }],
  build: ({ to }, variant) => ({
    init: () => [0],
    actions: () => ["up"],
    next: (s: number) => (variant === "stuck" || s >= to ? null : s + 1),
    invariants: [],
  }),
});

const model = withVariant(base, {
  name: "by-step",
  description: "steps by --step",
  params: {
    to: intParam({ min: 1, max: 20, default: 4, description: "bound" }),
    step: intParam({ min: 1, max: 5, default: 2, description: "only the added variant reads it" }),
  },
  configs: [{ name: "by-three", params: { to: 9, step: 3 }, expect: { verdict: "holds", states: 4 } }],
  build: ({ to, step }) => ({
    init: () => [0],
    actions: () => ["up"],
    next: (s: number) => (s + step > to ? null : s + step),
    invariants: [],
  }),
});

describe("withVariant", () => {
  it("keeps the model's variants and configurations and adds its own", () => {
    expect(Object.keys(model.variants ?? {})).toEqual(["stuck", "by-step"]);
    expect(model.configs?.map((c) => [c.name, c.variant])).toEqual([
      ["default", undefined],
      ["by-three", "by-step"],
    ]);
    expect(Object.keys(model.params)).toEqual(["to", "wrap", "step"]);
  });

  it("builds each form from its own variant, with the shared parameters", async () => {
    const plain = await checkModel(model, { params: { to: 6 } });
    const stepped = await checkModel(model, { variant: "by-step", params: { to: 6 } });
    const config = await checkModel(model, { config: "by-three" });
    expect([plain.stats.distinctStates, stepped.stats.distinctStates, config.stats.distinctStates]).toEqual([
      7, 4, 4,
    ]);
    expect((await checkModel(model, { variant: "stuck" })).stats.distinctStates).toBe(1);
  });

  it("refuses a parameter of the other form, naming it", async () => {
    await expect(checkModel(model, { params: { step: 3 } })).rejects.toMatchObject({
      code: "bad-param",
      message: expect.stringContaining("{ params: { step: 3 } } is a parameter of variant by-step"),
    });
    await expect(checkModel(model, { variant: "by-step", params: { wrap: 1 } })).rejects.toMatchObject({
      code: "bad-param",
      message: expect.stringContaining("{ params: { wrap: 1 } } is a parameter of the other variants"),
    });
  });

  it("reports only the parameters the variant that ran reads", async () => {
    const plain = await checkModel(model, { params: { to: 6 } });
    const stepped = await checkModel(model, { variant: "by-step" });
    expect(plain.params).toEqual({ to: 6, wrap: 0 });
    expect(stepped.params).toEqual({ to: 4, step: 2 });
  });
});
