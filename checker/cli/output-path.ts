// The files a run writes (--json, --html, --itf, --junit): checked before the search starts, so a
// path that cannot be written fails at once instead of after a long search, and created without
// mkdir's recursive mode, which under /proc retries forever (each mkdir there fails with ENOENT,
// the error that sends it back to create the parent, which exists).
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { access, mkdir, rmdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { CheckerError } from "../index.ts";

export type OutputKind = "file" | "directory";

/**
 * Refuses an output path that cannot be written: an existing directory where a file goes (or a
 * file where a directory goes), a parent that is a file, or a place where nothing can be created.
 * Whether something can be created is tried, not inferred from permission bits (root may write
 * everywhere by the bits, yet not under /proc or on a read-only mount): a directory is made
 * where the first missing one would go and removed again, so nothing is left behind.
 */
export async function checkOutputPath(option: string, given: string, kind: OutputKind): Promise<void> {
  if (given.trim() === "") {
    throw new CheckerError("bad-output", `${option} "" names no ${kind}: expected the path of one to write`);
  }
  let why: string | null;
  try {
    why = await whyNotWritable(option, resolve(given), kind);
  } catch (error) {
    why = `cannot be written (${errorCode(error)})`;
  }
  if (why !== null) throw new CheckerError("bad-output", `${option} ${given}: ${why}`);
}

async function whyNotWritable(option: string, path: string, kind: OutputKind): Promise<string | null> {
  const existing = await statOrNull(path);
  if (existing !== null) {
    if (kind === "file" && existing.isDirectory())
      return "is a directory; expected a file to write (its directory is created when missing)";
    if (kind === "directory" && !existing.isDirectory()) {
      return option === "--html"
        ? "is a file; with --all, --html takes a directory, for one report per configuration and index.html"
        : "is a file; expected a directory";
    }
    try {
      await access(path, constants.W_OK);
    } catch {
      return `cannot be written (the ${existing.isDirectory() ? "directory" : "file"} is not writable)`;
    }
    if (kind === "file") return null;
  }
  // The deepest directory that exists, where the first missing part of the path would be made.
  let parent = kind === "file" || existing === null ? dirname(path) : path;
  let parentStats = await statOrNull(parent);
  while (parentStats === null && dirname(parent) !== parent) {
    parent = dirname(parent);
    parentStats = await statOrNull(parent);
  }
  if (parentStats === null || !parentStats.isDirectory())
    return `cannot be created: ${parent} is not a directory`;
  const probe = join(parent, `.check-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(probe);
  } catch (error) {
    return `cannot be created in ${parent} (${errorCode(error)})`;
  }
  await rmdir(probe).catch(() => undefined);
  return null;
}

/** Writes `text` to `file`, making the missing directories on its way one at a time. */
export async function writeOutputFile(option: string, given: string, text: string): Promise<void> {
  const path = resolve(given);
  try {
    await makeDirectories(dirname(path));
    await writeFile(path, text);
  } catch (error) {
    throw new CheckerError("bad-output", `${option} ${given}: cannot write the file (${errorCode(error)})`);
  }
}

async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; (await statOrNull(d)) === null && dirname(d) !== d; d = dirname(d)) missing.push(d);
  for (const d of missing.reverse()) {
    await mkdir(d).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
    });
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT") return null;
    // ENOTDIR (a part of the path is a file) or EACCES (it cannot be looked into): not writable.
    throw error;
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const messages: Readonly<Record<string, string>> = {
    ENOENT: "no such directory can be made there",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOTDIR: "a part of the path is a file, not a directory",
    ENOSPC: "no space left on the device",
    EISDIR: "is a directory",
  };
  return typeof code === "string"
    ? (messages[code] ?? code)
    : error instanceof Error
      ? error.message
      : String(error);
}
