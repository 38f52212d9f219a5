// Ctrl-C stops a search and still prints and writes what it found, with exit status 3. The
// terminal signals the whole foreground process group, and a parent that forwards signals (npm,
// npx, `check --all`) sends the command the same SIGINT again: that echo is not a second Ctrl-C.
// Through npx itself: specs/package.spec.ts.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/check.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "check-interrupt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Interrupted {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: { verdict: string; limit: string };
}

/** Runs a search far too large to finish and sends SIGINT at each delay (ms) after its first progress line. */
async function interrupt(name: string, delays: readonly number[]): Promise<Interrupted> {
  const file = join(dir, `${name}.json`);
  const child = spawn(
    process.execPath,
    [BIN, "two-phase-commit", "--rm", "9", "--workers", "1", "--json", file],
    { env: { ...process.env, NO_COLOR: "1" } },
  );
  let stdout = "";
  let stderr = "";
  let signalled = false;
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (signalled || !stderr.includes("states/s")) return;
    signalled = true;
    for (const delay of delays) setTimeout(() => child.kill("SIGINT"), delay);
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  return { code, stdout, stderr, json: JSON.parse(readFileSync(file, "utf8")) as Interrupted["json"] };
}

describe("Ctrl-C", () => {
  it("stops the search, prints and writes what it found, and exits 3", async () => {
    const r = await interrupt("once", [0]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("interrupted: finishing with the states explored so far");
    expect(r.stdout).toContain("… incomplete  interrupted before the search finished");
    expect(r.json).toMatchObject({ verdict: "incomplete", limit: "interrupted" });
  });

  it("takes a SIGINT forwarded a moment after the terminal's for the same Ctrl-C", async () => {
    const r = await interrupt("echoed", [0, 5]);
    expect(r.code).toBe(3);
    expect(r.stderr.match(/interrupted:/g)).toHaveLength(1);
    expect(r.json).toMatchObject({ verdict: "incomplete", limit: "interrupted" });
  });
});
