// `defineModel` checks a model definition once, when its module loads, so that a mistake in a
// model (a config naming a variant that does not exist, a default outside its range) is reported
// as a clear error at load time rather than in the middle of a run.
import { CheckerError, describeThrown, isCheckerError } from "../errors.ts";
import {
  CORRECT_VARIANT,
  type LivenessFacet,
  type MachineCore,
  type ModelConfig,
  type ModelDefinition,
  type StateMachine,
} from "./contract.ts";
import { noteDefiningFile } from "./defined-in.ts";
import { type ParamSpecs, type ParamValues, resolveParams } from "./params.ts";

const NAME = /^[a-z][a-z0-9-]*$/;

export function defineModel<const P extends ParamSpecs, const V extends string = never>(
  definition: ModelDefinition<P, V>,
): ModelDefinition<P, V> {
  const where = `model "${definition.name}"`;
  if (!NAME.test(definition.name)) {
    throw new CheckerError("bad-model", `${where}: a model name is lower-case letters, digits and dashes`);
  }
  for (const param of Object.keys(definition.params)) {
    if (!NAME.test(param))
      throw new CheckerError("bad-model", `${where}: parameter name "${param}" is not kebab-case`);
  }
  const variants = variantNames(definition);
  const seen = new Set<string>();
  for (const config of definition.configs ?? []) {
    if (seen.has(config.name))
      throw new CheckerError("bad-model", `${where}: config "${config.name}" is declared twice`);
    seen.add(config.name);
    const variant = config.variant ?? CORRECT_VARIANT;
    if (!variants.includes(variant)) {
      throw new CheckerError(
        "bad-model",
        `${where}: config "${config.name}" names variant "${variant}"; declared: ${variants.join(", ")}`,
      );
    }
    try {
      resolveParams(definition.params, config.params ?? {});
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CheckerError("bad-model", `${where}: config "${config.name}": ${reason}`);
    }
  }
  noteDefiningFile(definition);
  return definition;
}

/** Every variant of a model, "correct" first. */
export function variantNames(definition: Pick<ModelDefinition, "variants">): string[] {
  return [CORRECT_VARIANT, ...Object.keys(definition.variants ?? {}).filter((v) => v !== CORRECT_VARIANT)];
}

/** The parameters and variant a named configuration stands for. */
export function configByName(definition: ModelDefinition, name: string): ModelConfig {
  const config = definition.configs?.find((c) => c.name === name);
  if (!config) {
    const names = (definition.configs ?? []).map((c) => c.name);
    throw new CheckerError(
      "bad-config",
      `unknown config "${name}" for ${definition.name}: ${names.length ? `declared: ${names.join(", ")}` : "it declares none"}`,
    );
  }
  return config;
}

/** Builds the state machine for validated parameters and a variant name. */
export function instantiate<P extends ParamSpecs>(
  definition: ModelDefinition<P>,
  given: Readonly<Record<string, unknown>>,
  variant: string = CORRECT_VARIANT,
) {
  const variants = variantNames(definition);
  if (!variants.includes(variant)) {
    throw new CheckerError(
      "bad-variant",
      `unknown variant "${variant}" for ${definition.name}: accepted ${variants.join(", ")}`,
    );
  }
  const params: ParamValues<P> = resolveParams(definition.params, given);
  const machine = build(definition, params, variant);
  refuseDuplicateNames(definition.name, machine);
  return { params, variant, machine };
}

/**
 * Calls the model's build(). What it throws is a mistake in the model, not in the checker: it
 * becomes one line naming the model, where a stack trace would point into a compiled copy of the
 * user's file. A CheckerError it throws (a bad parameter combination, a malformed actor system)
 * already says what is wrong and passes through as it is.
 */
function build<P extends ParamSpecs>(
  definition: ModelDefinition<P>,
  params: ParamValues<P>,
  variant: string,
): ReturnType<ModelDefinition<P>["build"]> {
  const where = `model "${definition.name}", variant ${variant}`;
  let machine: unknown;
  try {
    machine = definition.build(params, variant);
  } catch (error) {
    if (isCheckerError(error)) throw error;
    throw new CheckerError(
      "model-build-error",
      `the model's build() threw (${where}): ${describeThrown(error)}`,
    );
  }
  const m = machine as Partial<Record<keyof StateMachine<unknown, unknown>, unknown>> | null;
  const missing =
    typeof m !== "object" || m === null
      ? `it returned ${m === null ? "null" : typeof m}`
      : (["init", "actions", "next"] as const)
          .filter((name) => typeof m[name] !== "function")
          .map((name) => `${name}() is missing`)
          .concat(Array.isArray(m.invariants) ? [] : ["invariants is not an array"])
          .join(", ");
  if (missing !== "") {
    throw new CheckerError(
      "model-build-error",
      `the model's build() gave no state machine (${where}): ${missing}; it returns { init, actions, next, invariants }`,
    );
  }
  return machine as ReturnType<ModelDefinition<P>["build"]>;
}

/** The parameter values a variant reads (all of them unless the model says otherwise), for results. */
export function paramsRead(
  definition: Pick<ModelDefinition, "paramsOf">,
  variant: string,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (!definition.paramsOf) return { ...params };
  const read = new Set(definition.paramsOf(variant));
  return Object.fromEntries(Object.entries(params).filter(([name]) => read.has(name)));
}

/**
 * Two properties of one name would be reported as one ("checked: a, a"), and a violation would
 * not say which failed: each invariant and liveness property needs a name of its own.
 */
function refuseDuplicateNames(
  model: string,
  machine: Pick<MachineCore<unknown, unknown>, "invariants"> &
    Pick<LivenessFacet<unknown, unknown>, "liveness">,
): void {
  const seen = new Set<string>();
  const named = [
    ...(machine.invariants ?? []).map((p) => ["invariant", p.name] as const),
    ...(machine.liveness ?? []).map((p) => ["liveness property", p.name] as const),
  ];
  for (const [kind, name] of named) {
    if (seen.has(name)) {
      throw new CheckerError(
        "bad-model",
        `model "${model}": ${kind} "${name}" has the name of another property; every invariant and liveness property needs its own name`,
      );
    }
    seen.add(name);
  }
}
