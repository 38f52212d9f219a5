// A model's variants are typed from its own `variants` record (checked by `tsc`, part of
// `npm test`): a configuration, a `build` comparison or a helper that names a variant the model
// does not declare does not compile. The runtime checks stay for a model run by tsx alone, which
// strips types without checking them; the assertions below show both layers refuse the same name.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  checkModel,
  defineActorModel,
  defineModel,
  instantiate,
  type StateMachine,
  type VariantName,
  withVariant,
} from "../checker/index.ts";

const VARIANTS = { "skip-guard": "the counter passes its bound" } as const;
type Variant = VariantName<keyof typeof VARIANTS>;

/** A counter to 2, or past it in the broken variant. */
function counter(variant: Variant): StateMachine<number, "inc"> {
  const bound = variant === "skip-guard" ? 3 : 2;
  return {
    init: () => [0],
    actions: (n) => (n < bound ? ["inc"] : []),
    next: (n) => n + 1,
    invariants: [{ name: "atMostTwo", holds: (n) => n <= 2 }],
    terminal: (n) => n === bound,
  };
}

const model = defineModel({
  name: "typed-variants",
  family: "fixtures",
  description: "a bounded counter",
  params: {},
  variants: VARIANTS,
  configs: [
    { name: "default", expect: { verdict: "holds" } },
    {
      name: "broken",
      variant: "skip-guard",
      expect: { verdict: "violated", violates: "atMostTwo" },
    },
  ],
  build: (_params, variant) => {
    expectTypeOf(variant).toEqualTypeOf<"correct" | "skip-guard">();
    // @ts-expect-error -- "skip-gaurd" is not one of the model's variants
    if (variant === "skip-gaurd") throw new Error("unreachable");
    return counter(variant);
  },
});

describe("variants are typed from the model's own list", () => {
  it("the declared variants type build, configurations and helpers", async () => {
    expectTypeOf<Variant>().toEqualTypeOf<"correct" | "skip-guard">();
    expect((await checkModel(model, { config: "broken" })).verdict).toBe("violated");
    expect((await checkModel(model, { config: "default" })).verdict).toBe("holds");
  });

  it("a model without variants builds only the correct one", () => {
    defineModel({
      name: "no-variants",
      family: "fixtures",
      description: "a counter",
      params: {},
      build: (_params, variant) => {
        expectTypeOf(variant).toEqualTypeOf<"correct">();
        return counter(variant);
      },
    });
  });

  it("a configuration naming a variant the model lacks is refused by tsc and at load", () => {
    expect(() =>
      defineModel({
        name: "misspelt",
        family: "fixtures",
        description: "a config with a misspelt variant",
        params: {},
        variants: VARIANTS,
        configs: [
          // @ts-expect-error -- "skip-gaurd" is not one of the model's variants
          { name: "broken", variant: "skip-gaurd", expect: { verdict: "violated", violates: "atMostTwo" } },
        ],
        build: (_params, variant) => counter(variant),
      }),
    ).toThrow(/config "broken" names variant "skip-gaurd"; declared: correct, skip-guard/);
  });

  it("a run asking for a variant the model lacks is refused with the accepted names", () => {
    expect(() => instantiate(model, {}, "skip-gaurd")).toThrow(
      /unknown variant "skip-gaurd" for typed-variants: accepted correct, skip-guard/,
    );
  });

  it("actor models and added variants are typed the same way", () => {
    const actors = () =>
      defineActorModel({
        name: "typed-actors",
        family: "fixtures",
        description: "one process",
        params: {},
        network: "unordered",
        variants: { silent: "the process never starts" },
        configs: [
          // @ts-expect-error -- "slient" is not one of the model's variants
          { name: "x", variant: "slient", expect: { verdict: "holds" } },
        ],
        build: (_params, variant) => {
          expectTypeOf(variant).toEqualTypeOf<"correct" | "silent">();
          return {
            processes: [{ id: "a", behaviour: { start: () => 0, onMessage: (n: number) => n } }],
            invariants: [],
          };
        },
      });
    expect(actors).toThrow(/config "x" names variant "slient"; declared: correct, silent/);
    const joined = withVariant(model, {
      name: "tla",
      description: "another form",
      params: {},
      build: () => counter("correct"),
    });
    expectTypeOf(joined.build).parameter(1).toEqualTypeOf<"correct" | "skip-guard" | "tla">();
  });
});
