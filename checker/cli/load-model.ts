// Finds the model a command names: a registered name, or a path to a user's .ts/.js module (compiled
// by tsx's tsImport, from the sources and from the installed package alike). Every way this can go wrong is a one-line
// CheckerError: an unknown name comes with the closest registered names.
import { existsSync } from "node:fs";
import { access, constants } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { closest, distance } from "fastest-levenshtein";
import { tsImport } from "tsx/esm/api";
import { CheckerError, type ModelDefinition } from "../index.ts";
import { ownModule } from "../internal/own-files.ts";
import { findDefinition } from "../model/find-definition.ts";

const MODULE_EXTENSIONS = new Set([".ts", ".mts", ".js", ".mjs"]);

export function looksLikePath(target: string): boolean {
  return target.includes("/") || target.includes("\\") || MODULE_EXTENSIONS.has(extname(target));
}

/**
 * Where worker threads load the model a command names from: its file; for a registered model, its
 * own file when it lives where the layout says (models/<family>/<name>.ts), which loads faster
 * than the whole registry.
 */
export function modelModuleOf(target: string, definition: ModelDefinition): string {
  if (looksLikePath(target)) return pathToFileURL(resolve(target)).href;
  const own = ownModule(`../../models/${definition.family}/${definition.name}.ts`, import.meta.url);
  return existsSync(own) ? own.href : REGISTRY_MODULE;
}

const REGISTRY_MODULE = ownModule("../../models/index.ts", import.meta.url).href;

export async function loadModel(
  target: string,
  registry: readonly ModelDefinition[],
): Promise<ModelDefinition> {
  if (looksLikePath(target)) return loadModelFile(target);
  const found = registry.find((m) => m.name === target);
  if (found) return found;
  throw new CheckerError(
    "unknown-model",
    `unknown model "${target}"${suggest(
      target,
      registry.map((m) => m.name),
    )}; \`check --list\` shows every model`,
  );
}

function suggest(name: string, names: readonly string[]): string {
  if (names.length === 0) return "";
  const byPrefix = names.filter((n) => n.startsWith(name) || n.includes(name));
  const near = closest(name, [...names]);
  const candidates = [
    ...new Set([...byPrefix, ...(distance(name, near) <= Math.max(2, name.length / 3) ? [near] : [])]),
  ].slice(0, 3);
  return candidates.length ? ` (did you mean ${candidates.join(" or ")}?)` : "";
}

async function loadModelFile(target: string): Promise<ModelDefinition> {
  const path = resolve(target);
  if (!MODULE_EXTENSIONS.has(extname(path))) {
    throw new CheckerError("bad-model-file", `${target}: a model file is a .ts, .mts, .js or .mjs module`);
  }
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new CheckerError("bad-model-file", `cannot read model file ${target}: no such readable file`);
  }
  let module: Record<string, unknown>;
  try {
    // tsImport compiles the file as an ES module whatever package it sits in, so a model file
    // outside any package.json with "type": "module" loads too.
    module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new CheckerError("bad-model-file", `cannot load model file ${target}: ${reason}`);
  }
  const candidate = findDefinition(module);
  if (candidate === undefined) {
    throw new CheckerError(
      "bad-model-file",
      `${target} does not export a model: export default (or export const model =) defineModel({ name, family, description, params, build })`,
    );
  }
  return candidate;
}
