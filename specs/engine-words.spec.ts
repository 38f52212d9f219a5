// The engine says what it says in its request's terms (`{ maxStates: 10 }`, checker/pipeline/setting.ts)
// and the command line translates them into flags; so no string the engine writes names a flag. Only
// the command line (checker/cli/) and its vocabulary (checker/pipeline/command.ts) do.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const COMMAND_LINE = [/^checker\/cli\//, /^checker\/pipeline\/command\.ts$/];
// Node's own flag, which the engine suggests when the JavaScript heap runs out.
const NOT_OURS = ["--max-old-space-size"];

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return engineFiles(path);
    const name = relative(ROOT, path);
    return name.endsWith(".ts") && !COMMAND_LINE.some((p) => p.test(name)) ? [name] : [];
  });
}

/** Flags inside string or template literals, outside comments. */
function flagsIn(source: string): string[] {
  const code = source
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .map((line) => line.replace(/\s\/\/ .*$/, ""))
    .join("\n");
  const literals = code.match(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g) ?? [];
  return literals.flatMap((literal) =>
    [...literal.matchAll(/(?<![\w-])--(?:[a-z][\w-]*|\$\{)/g)]
      .map((m) => m[0])
      .filter((flag) => !NOT_OURS.includes(flag)),
  );
}

describe("the engine's words", () => {
  const files = engineFiles(join(ROOT, "checker"));

  it("finds the engine's files", () => {
    expect(files).toContain("checker/run.ts");
    expect(files).not.toContain("checker/cli/args.ts");
  });

  it("recognises a flag in a message", () => {
    expect(flagsIn("throw new Error(`--max-states ${n} is not accepted`);")).toEqual(["--max-states"]);
    expect(flagsIn("const i = --count; // --comment")).toEqual([]);
  });

  it.each(files)("%s names no command-line flag", (file) => {
    expect(flagsIn(readFileSync(join(ROOT, file), "utf8"))).toEqual([]);
  });
});
