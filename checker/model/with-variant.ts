// A model with one more variant that is a different state machine: typically a transcription of a
// published specification (a TLA+ module, action for action, so that its distinct-state counts
// compare with TLC's) beside the model's own form of the algorithm (an actor model, say). Both
// share a name, a registry entry, and `--list`; the variant's parameters join the model's.
//
// A parameter of one form means nothing to the other. Rather than ignore it silently, a run of
// one form with a parameter of the other set away from its default is refused (exit 2), naming
// the parameter and the form it belongs to.
import { CheckerError } from "../errors.ts";
import { paramSetting } from "../pipeline/setting.ts";
import type { ModelConfig, ModelDefinition, StateMachine, VariantName } from "./contract.ts";
import { defineModel } from "./define.ts";
import type { ParamSpecs, ParamValues } from "./params.ts";

export interface AddedVariant<P extends ParamSpecs, N extends string = string> {
  /** The variant's name (`tla`, …) and what it is. */
  readonly name: N;
  readonly description: string;
  /** Its own parameters; one with the name of a parameter of the model is shared with it. */
  readonly params: P;
  /** Configurations of the variant (their `variant` is set to it). */
  readonly configs?: readonly Omit<ModelConfig<N>, "variant">[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as ModelDefinition.build
  build(params: ParamValues<P>): StateMachine<any, any>;
}

export function withVariant<P extends ParamSpecs, B extends string, const N extends string>(
  base: ModelDefinition<ParamSpecs, B>,
  added: AddedVariant<P, N>,
): ModelDefinition<ParamSpecs, B | N> {
  const baseOnly = Object.keys(base.params).filter((name) => !(name in added.params));
  const addedOnly = Object.keys(added.params).filter((name) => !(name in base.params));
  const params: ParamSpecs = { ...base.params, ...added.params };
  const refuseForeign = (
    values: Record<string, unknown>,
    foreign: string[],
    variant: string,
    owner: string,
  ) => {
    for (const name of foreign) {
      if (values[name] !== params[name]!.default) {
        throw new CheckerError(
          "bad-param",
          `${paramSetting(name, values[name])} is a parameter of ${owner}, not of variant ${variant} of ${base.name}; leave it out`,
        );
      }
    }
  };
  return defineModel<ParamSpecs, B | N>({
    name: base.name,
    family: base.family,
    description: base.description,
    params,
    variants: { ...base.variants, [added.name]: added.description } as Record<B | N, string>,
    configs: [
      ...(base.configs ?? []),
      ...(added.configs ?? []).map((config) => ({ ...config, variant: added.name })),
    ],
    ...(base.unsupportedOptions ? { unsupportedOptions: base.unsupportedOptions } : {}),
    paramsOf: (variant) =>
      variant === added.name
        ? Object.keys(added.params)
        : Object.keys(base.params).filter((name) => !addedOnly.includes(name)),
    build(values, variant) {
      const all = values as Record<string, unknown>;
      if (variant === added.name) {
        refuseForeign(all, baseOnly, variant, `the other variants`);
        return added.build(values as ParamValues<P>);
      }
      refuseForeign(all, addedOnly, variant, `variant ${added.name}`);
      return base.build(values, variant as VariantName<B>);
    },
  });
}
