// Declared parameters of a model: what `--<name> <value>` accepts, checked in one place so that
// every bad value gets the same kind of one-line error naming the parameter and the accepted range.
import { CheckerError } from "../errors.ts";
import { paramSetting } from "../pipeline/setting.ts";

export type IntParam = {
  readonly type: "int";
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly description?: string;
};
export type BoolParam = { readonly type: "bool"; readonly default: boolean; readonly description?: string };
export type EnumParam<V extends string = string> = {
  readonly type: "enum";
  readonly values: readonly V[];
  readonly default: V;
  readonly description?: string;
};
export type StringParam = {
  readonly type: "string";
  /** The whole value must match this (a regular expression's source). */
  readonly pattern: string;
  /** What is accepted, in words, for errors and --list ("increasing, decreasing or random:SEED"). */
  readonly accepted: string;
  readonly default: string;
  readonly description?: string;
  /**
   * Every value worth running, given the other parameters' values: what `--sweep NAME=every`
   * runs (every arrangement of ids around a ring of n, say). Undeclared: the parameter cannot be
   * swept over "every" value.
   */
  every?(params: Readonly<Record<string, unknown>>): readonly string[];
};
export type ParamSpec = IntParam | BoolParam | EnumParam | StringParam;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value type a declared parameter gives to the model. */
export type ParamValue<P extends ParamSpec> = P extends IntParam
  ? number
  : P extends BoolParam
    ? boolean
    : P extends EnumParam<infer V>
      ? V
      : P extends StringParam
        ? string
        : never;
export type ParamValues<P extends ParamSpecs> = { readonly [K in keyof P]: ParamValue<P[K]> };

export function intParam(spec: Omit<IntParam, "type">): IntParam {
  if (!Number.isInteger(spec.min) || !Number.isInteger(spec.max) || spec.min > spec.max) {
    throw new CheckerError(
      "bad-model",
      `int parameter range ${spec.min}..${spec.max} is not a range of integers`,
    );
  }
  if (!Number.isInteger(spec.default) || spec.default < spec.min || spec.default > spec.max) {
    throw new CheckerError(
      "bad-model",
      `int parameter default ${spec.default} is outside ${spec.min}..${spec.max}`,
    );
  }
  return { type: "int", ...spec };
}

export function boolParam(spec: Omit<BoolParam, "type">): BoolParam {
  return { type: "bool", ...spec };
}

export function enumParam<const V extends string>(spec: Omit<EnumParam<V>, "type">): EnumParam<V> {
  if (!spec.values.includes(spec.default)) {
    throw new CheckerError(
      "bad-model",
      `enum parameter default "${spec.default}" is not one of ${spec.values.join(", ")}`,
    );
  }
  return { type: "enum", ...spec };
}

export function stringParam(spec: Omit<StringParam, "type">): StringParam {
  if (!new RegExp(`^(?:${spec.pattern})$`).test(spec.default)) {
    throw new CheckerError("bad-model", `string parameter default "${spec.default}" is not ${spec.accepted}`);
  }
  return { type: "string", ...spec };
}

/** What a parameter accepts, in words, for error messages and `--list`. */
export function describeAccepted(spec: ParamSpec): string {
  switch (spec.type) {
    case "int":
      return `an integer from ${spec.min} to ${spec.max}`;
    case "bool":
      return "true or false";
    case "enum":
      return `one of ${spec.values.join(", ")}`;
    case "string":
      return spec.accepted;
  }
}

/** Parses a command-line string (or checks a config's value) against the declared parameter. */
export function parseParamValue(name: string, spec: ParamSpec, raw: unknown): number | boolean | string {
  const fail = (): never => {
    throw new CheckerError(
      "bad-param",
      `${paramSetting(name, raw)} is not accepted: expected ${describeAccepted(spec)}`,
    );
  };
  switch (spec.type) {
    case "int": {
      const n =
        typeof raw === "number"
          ? raw
          : typeof raw === "string" && /^-?\d+$/.test(raw.trim())
            ? Number(raw)
            : NaN;
      if (!Number.isInteger(n) || n < spec.min || n > spec.max) fail();
      return n;
    }
    case "bool": {
      if (raw === true || raw === "true" || raw === "") return true;
      if (raw === false || raw === "false") return false;
      return fail();
    }
    case "enum": {
      if (typeof raw !== "string" || !spec.values.includes(raw)) fail();
      return raw as string;
    }
    case "string": {
      if (typeof raw !== "string" || !new RegExp(`^(?:${spec.pattern})$`).test(raw)) fail();
      return raw as string;
    }
  }
}

/** Completes the given values with defaults and validates each; unknown names are rejected. */
export function resolveParams<P extends ParamSpecs>(
  specs: P,
  given: Readonly<Record<string, unknown>>,
): ParamValues<P> {
  const out: Record<string, number | boolean | string> = {};
  for (const name of Object.keys(given)) {
    if (!(name in specs)) {
      const known = Object.keys(specs);
      throw new CheckerError(
        "bad-param",
        `unknown parameter ${name}: this model accepts ${known.length ? known.join(", ") : "no parameters"}`,
      );
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = name in given ? parseParamValue(name, spec, given[name]) : spec.default;
  }
  return out as ParamValues<P>;
}
