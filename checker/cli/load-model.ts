// Finds the model a command names: a registered name, or a path to a user's .ts/.js module (compiled
// by tsx's tsImport, from the sources and from the installed package alike). Every way this can go wrong is a one-line
// CheckerError: an unknown name comes with the closest registered names.
import { existsSync, type Stats } from "node:fs";
import { access, constants, stat } from "node:fs/promises";
import { extname, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { closest, distance } from "fastest-levenshtein";
import { tsImport } from "tsx/esm/api";
import { describeThrown } from "../errors.ts";
import { CheckerError, isCheckerError, type ModelDefinition } from "../index.ts";
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
  let file: Stats;
  try {
    file = await stat(path);
    await access(path, constants.R_OK);
  } catch {
    throw new CheckerError(
      "bad-model-file",
      `cannot read model file ${target}: no such readable file (a model is a registered name from \`check --list\`, or a path to a .ts/.js module)`,
    );
  }
  if (file.isDirectory()) {
    throw new CheckerError(
      "bad-model-file",
      `${target} is a directory: give the path of the model's .ts, .mts, .js or .mjs file`,
    );
  }
  if (!MODULE_EXTENSIONS.has(extname(path))) {
    throw new CheckerError("bad-model-file", `${target}: a model file is a .ts, .mts, .js or .mjs module`);
  }
  let module: Record<string, unknown>;
  try {
    // tsImport compiles the file as an ES module whatever package it sits in, so a model file
    // outside any package.json with "type": "module" loads too.
    module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    if (isCheckerError(error)) {
      throw new CheckerError("bad-model-file", `cannot load model file ${target}: ${error.message}`);
    }
    throw new CheckerError("bad-model-file", `cannot load model file ${target}: ${whyNotLoaded(error)}`);
  }
  const candidate = findDefinition(module);
  if (candidate === undefined) {
    const exported = Object.keys(module).filter((k) => k !== "__esModule");
    throw new CheckerError(
      "bad-model-file",
      `${target} does not export a model (${exported.length ? `it exports ${exported.join(", ")}` : "it exports nothing"}): export default (or export const model =) defineModel({ name, family, description, params, build })`,
    );
  }
  return candidate;
}

/**
 * What went wrong importing a model file, in one line. esbuild's syntax errors put the location
 * and the problem on the lines after "Transform failed"; an exception the module threw while
 * loading is named with its type, since its stack points into a compiled copy of the file.
 */
function whyNotLoaded(error: unknown): string {
  if (error instanceof Error && error.name === "TransformError") {
    const detail = error.message.split("\n").find((line) => / ERROR: /.test(line));
    if (detail !== undefined) {
      const [where, problem] = detail.split(/: ERROR: /);
      const near = relative(process.cwd(), where!);
      return `syntax error at ${near.startsWith("..") ? where : near}: ${problem}`;
    }
  }
  const code = (error as { code?: unknown }).code;
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND")
    return (error as Error).message.split("\n")[0]!;
  return `it threw while loading: ${describeThrown(error).split("\n")[0]}`;
}
