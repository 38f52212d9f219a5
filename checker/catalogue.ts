// A model described as data, for `check --list --json` (docs/architecture.md, "The catalogue").
import type { Expectation, ModelDefinition } from "./model/contract.ts";
import { CORRECT_VARIANT } from "./model/contract.ts";
import { instantiate, paramsRead, variantNames } from "./model/define.ts";
import type { Measure } from "./measures/contract.ts";
import { type ParamSpec, resolveParams } from "./model/params.ts";

export interface CatalogueEntry {
  readonly name: string;
  readonly family: string;
  readonly description: string;
  readonly params: readonly ({ readonly name: string } & ParamSpec)[];
  readonly variants: readonly { readonly name: string; readonly description?: string }[];
  /**
   * The measures the model declares (checker/measures), as its default parameters build it: a
   * configuration's `expect.measures` pins their figures.
   */
  readonly measures: readonly {
    readonly name: string;
    readonly description?: string;
    readonly scope: "execution" | "occurrence";
  }[];
  readonly configs: readonly {
    readonly name: string;
    readonly description?: string;
    readonly params: Readonly<Record<string, unknown>>;
    readonly variant: string;
    /** The reductions and checks the configuration declares it runs with (when it declares any). */
    readonly options?: { readonly por?: boolean; readonly symmetry?: boolean; readonly liveness?: boolean };
    readonly expect: Expectation;
  }[];
}

export function describeModel(model: ModelDefinition): CatalogueEntry {
  return {
    name: model.name,
    family: model.family,
    description: model.description,
    params: Object.entries(model.params).map(([name, spec]) => ({ name, ...spec })),
    variants: variantNames(model).map((name) =>
      name === CORRECT_VARIANT ? { name } : { name, description: model.variants?.[name] ?? "" },
    ),
    measures: declaredMeasures(model),
    configs: (model.configs ?? []).map((config) => {
      const variant = config.variant ?? CORRECT_VARIANT;
      const options = Object.fromEntries(
        (["por", "symmetry", "liveness"] as const)
          .filter((name) => config[name] !== undefined)
          .map((name) => [name, config[name]]),
      );
      return {
        name: config.name,
        ...(config.description ? { description: config.description } : {}),
        params: paramsRead(model, variant, resolveParams(model.params, config.params ?? {})),
        variant,
        ...(Object.keys(options).length > 0 ? { options } : {}),
        expect: config.expect,
      };
    }),
  };
}

/** The measures of the model built with its defaults; none when that build fails (a run says why). */
function declaredMeasures(model: ModelDefinition): CatalogueEntry["measures"] {
  let measures: readonly Measure<unknown, unknown>[];
  try {
    measures = instantiate(model, {}, CORRECT_VARIANT).machine.measures ?? [];
  } catch {
    return [];
  }
  return measures.map((m) => ({
    name: m.name,
    ...(m.description === undefined ? {} : { description: m.description }),
    scope: (m.scope ?? "execution") === "execution" ? ("execution" as const) : ("occurrence" as const),
  }));
}
