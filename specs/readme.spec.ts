// The command examples of README.md and of the pages under docs/, run: what a block shows after
// an `npx check …` command is what the command prints, line for line, once what differs from run
// to run (times, rates, which threads searched) is set aside. An example is
// - a ```sh block whose last line is an `npx check …` command (lines before it, such as `npm ci`,
//   are setup and not run), followed directly by a plain ``` block with its output; or
// - a plain ``` block whose first line is `$ npx check …` and the rest its output.
// In an output, a line that is only `…` stands for any lines, and `# output abridged` after the
// command makes the block a selection: its lines appear in the output in that order, others between.
// `<!-- example: large -->` on the line before an example's first block runs it only with LARGE=1.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/check.mjs");
const LARGE = process.env.LARGE === "1";
const ANY_LINES = "…";

interface Example {
  readonly file: string;
  /** 1-based line of the command. */
  readonly line: number;
  readonly command: string;
  readonly output: readonly string[];
  readonly abridged: boolean;
  readonly large: boolean;
}

interface Block {
  readonly lang: string;
  readonly start: number;
  readonly lines: readonly string[];
  /** What stands between the end of the previous block and this one. */
  readonly before: readonly string[];
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  let between: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!fence) {
      between.push(lines[i]!);
      continue;
    }
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    blocks.push({ lang: fence[1]!, start, lines: body, before: between });
    between = [];
  }
  return blocks;
}

function examplesIn(file: string, text: string): Example[] {
  const examples: Example[] = [];
  const blocks = blocksOf(text);
  const large = (block: Block) =>
    block.before.findLast((l) => l.trim() !== "")?.trim() === "<!-- example: large -->";
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    if (
      block.lang === "sh" &&
      block.lines.at(-1)?.startsWith("npx check ") === true &&
      next !== undefined &&
      next.lang === "" &&
      next.before.every((l) => l.trim() === "")
    ) {
      examples.push(
        example(file, block.start + block.lines.length, block.lines.at(-1)!, next.lines, large(block)),
      );
    } else if (block.lang === "" && block.lines[0]?.startsWith("$ npx check ")) {
      examples.push(
        example(file, block.start + 1, block.lines[0].slice(2), block.lines.slice(1), large(block)),
      );
    }
  });
  return examples;
}

function example(
  file: string,
  line: number,
  written: string,
  output: readonly string[],
  large: boolean,
): Example {
  const comment = written.indexOf(" #");
  const command = (comment < 0 ? written : written.slice(0, comment)).trim();
  const abridged = comment >= 0 && written.slice(comment + 2).trim() === "output abridged";
  return { file, line, command, output, abridged, large };
}

/** What may differ between two runs of one command, or between machines, made the same. */
function normalise(line: string): string {
  if (line.trim() === ANY_LINES) return ANY_LINES;
  return line
    .replace(/\d[\d,]*\.\d+ s · [\d,]+ states\/s/, "<seconds> s · <rate> states/s")
    .replace(/store [\d.]+ bytes\/state/, "store <bytes> bytes/state")
    .replace(
      // By default the search takes every core, once the worker threads have loaded the model.
      /^(\s*)(searched by \d+ worker threads|searched on one thread|one worker: the search finished before the workers were ready)$/,
      "$1<the threads this machine gave it>",
    )
    .replaceAll(ROOT, "<repo>");
}

/**
 * Whether `actual` is what `shown` shows, `…` lines standing for any lines; and `shown` written out
 * against `actual` — each `…` replaced by the lines it stood for — so that a difference reads as a
 * diff of the few lines that differ.
 */
function compare(shown: readonly string[], actual: readonly string[]): { same: boolean; written: string[] } {
  const n = shown.length;
  const m = actual.length;
  // cost[i][j]: the fewest lines to add or remove to make shown[i..] show actual[j..].
  const cost = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n) cost[i]![j] = m - j;
      else if (shown[i] === ANY_LINES)
        cost[i]![j] = Math.min(cost[i + 1]![j]!, j < m ? cost[i]![j + 1]! : Infinity);
      else {
        const same = j < m && shown[i] === actual[j] ? cost[i + 1]![j + 1]! : Infinity;
        cost[i]![j] = Math.min(same, cost[i + 1]![j]! + 1, j < m ? cost[i]![j + 1]! + 1 : Infinity);
      }
    }
  }
  const written: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n) {
    const here = cost[i]![j]!;
    if (shown[i] === ANY_LINES) {
      if (j < m && cost[i]![j + 1] === here) written.push(actual[j++]!);
      else i++;
    } else if (j < m && shown[i] === actual[j] && cost[i + 1]![j + 1] === here) {
      written.push(shown[i++]!);
      j++;
    } else if (cost[i + 1]![j]! + 1 === here) written.push(shown[i++]!);
    else j++;
  }
  return { same: cost[0]![0] === 0, written };
}

function run(command: string) {
  const args = command.slice("npx check ".length).split(/\s+/);
  if (args.some((arg) => /["'\\$`]/.test(arg))) {
    throw new Error(`${command}: quoting is not understood here; write the example without it`);
  }
  const ran = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".md"))
    .map((path) => join("docs", path))
    .sort();
  return ["README.md", ...docs];
}

const examples = markdownFiles().flatMap((file) => examplesIn(file, readFileSync(join(ROOT, file), "utf8")));

describe("the command examples of the README and docs/", () => {
  it("are found", () => {
    expect(examples.map((e) => `${e.file}: ${e.command}`)).toContain(
      "README.md: npx check two-phase-commit --rm 3",
    );
  });

  for (const e of examples) {
    it.skipIf(e.large && !LARGE)(`${e.file}:${e.line}: ${e.command}${e.large ? " (large)" : ""}`, () => {
      const ran = run(e.command);
      expect([0, 1, 3], `${e.command} failed:\n${ran.stderr}`).toContain(ran.code);
      const actual = ran.stdout.replace(/\n$/, "").split("\n").map(normalise);
      let shown = e.output.map(normalise);
      if (e.abridged) shown = [ANY_LINES, ...shown.flatMap((line) => [line, ANY_LINES])];
      const { same, written } = compare(shown, actual);
      const message = `${e.file}:${e.line}: what \`${e.command}\` prints (+) is not what the block shows (-)`;
      expect(actual.join("\n"), message).toBe(written.join("\n"));
      expect(same, message).toBe(true);
    });
  }
});

describe("comparing an output with its block", () => {
  const output = ["holds  3 states", "  checked: a, b", "  searched on one thread"];

  it("takes `…` for any lines, none included", () => {
    expect(compare(["holds  3 states", "…", "  searched on one thread"], output).same).toBe(true);
    expect(
      compare(["…", "holds  3 states", "…", "  checked: a, b", "…", "  searched on one thread", "…"], output)
        .same,
    ).toBe(true);
  });

  it("finds a line changed, missing or added, and keeps the block's own lines in what it writes out", () => {
    const changed = compare(["holds  4 states", "…", "  searched on one thread"], output);
    expect(changed.same).toBe(false);
    expect(changed.written).toContain("holds  4 states");
    expect(changed.written.filter((line) => !output.includes(line))).toEqual(["holds  4 states"]);
    expect(compare(["holds  3 states", "  checked: a, b"], output).same).toBe(false);
    expect(compare([...output, "  store 12 bytes/state"], output).same).toBe(false);
    expect(compare(output, output)).toEqual({ same: true, written: output });
  });

  it("sets aside times, rates, bytes per state and the threads a machine gave the search", () => {
    expect(
      normalise("✓ holds  288 distinct states · 1,146 generated · depth 11 · 0.04 s · 8,210 states/s"),
    ).toBe(normalise("✓ holds  288 distinct states · 1,146 generated · depth 11 · 12.50 s · 23 states/s"));
    expect(normalise("  searched by 2 worker threads")).toBe(
      normalise("  one worker: the search finished before the workers were ready"),
    );
    expect(normalise("  one worker: depth-first search runs on one thread")).toBe(
      "  one worker: depth-first search runs on one thread",
    );
  });
});
