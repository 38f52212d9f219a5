// Finding a model's definition among a module's exports: a user's model file exports it as default
// (or as `model`); a registry exports an array of them. A .ts file outside an ES-module package is
// compiled as CommonJS, and its exports then arrive wrapped once more in `default`.
import type { ModelDefinition } from "./contract.ts";

export function isModelDefinition(value: unknown): value is ModelDefinition {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === "string" &&
    typeof v.build === "function" &&
    typeof v.params === "object" &&
    v.params !== null
  );
}

/**
 * The model a module exports as default or as `model`; with `name`, the one of that name among
 * those, its other exports, and the definitions in any exported array.
 */
export function findDefinition(module: Record<string, unknown>, name?: string): ModelDefinition | undefined {
  const wrapped =
    typeof module.default === "object" && module.default !== null
      ? (module.default as Record<string, unknown>)
      : {};
  const direct = [module.default, module.model, wrapped.default, wrapped.model].filter(isModelDefinition);
  if (name === undefined) return direct[0];
  const listed = Object.values(module)
    .filter(Array.isArray)
    .flatMap((array: unknown[]) => array.filter(isModelDefinition));
  const named = Object.values(module).filter(isModelDefinition);
  return [...direct, ...named, ...listed].find((d) => d.name === name);
}
