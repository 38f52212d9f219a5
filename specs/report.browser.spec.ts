// The HTML report in a real browser: Debian's Chromium driven by playwright-core (`.ci/run`
// installs it). Reports are written by the real `check --html` from fixtures, opened from disk
// with every network request refused, and stepped through as a person would. Screenshots go to
// out/screenshots/ as test artifacts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import changRoberts from "../models/election/chang-roberts.ts";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/check.mjs");
const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = join(ROOT, "out/screenshots");
// Locally the browser tests need Chromium; CI installs it, and there its absence is a failure.
const available = existsSync(CHROMIUM) || process.env.CI === "true";

const dir = mkdtempSync(join(tmpdir(), "check-report-"));

/** Runs `check` with --html and returns the report's path. */
function report(name: string, ...args: string[]): string {
  const file = join(dir, `${name}.html`);
  const run = spawnSync(process.execPath, [BIN, ...args, "--html", file, "--quiet"], { encoding: "utf8" });
  if (run.status === 2 || !existsSync(file)) throw new Error(`check ${args.join(" ")}: ${run.stderr}`);
  return file;
}

let browser: Browser;

async function open(file: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests: string[] = [];
  // Everything a report needs is in the file: any other request is a failure.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("dialog", (dialog) => {
    errors.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  seen.set(page, [requests, errors]);
  return page;
}

/** Per page: the requests it tried to make, and its script errors and dialogs. */
const seen = new WeakMap<Page, [string[], string[]]>();
const problems = (page: Page) => seen.get(page)!.flat();
// The report's test hook, window.__report (no DOM types here: this file runs in Node).
const selected = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __report: { selected(): number } }).__report.selected());
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

describe.skipIf(!available)("the HTML report in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("an actor counterexample: one arrow per message, steps linked across the views, diffs highlighted", async () => {
    const file = report("ping-pong", "specs/fixtures/ping-pong.ts", "--duplicate", "1");
    const json = join(dir, "ping-pong.json");
    spawnSync(process.execPath, [
      BIN,
      "specs/fixtures/ping-pong.ts",
      "--duplicate",
      "1",
      "--json",
      json,
      "--quiet",
    ]);
    const result = JSON.parse(readFileSync(json, "utf8"));
    const trace = result.violation.trace as {
      state: { network: { "#map": [string, { queue?: unknown[]; copies?: number }][] } };
      event?: { sent: unknown[]; fault: string | null };
    }[];
    // Every message of the trace: those the processes sent as they started (in flight in the
    // initial state), those each step sent, and the copy the duplication made.
    const atStart = trace[0]!.state.network["#map"].reduce(
      (n, [, entry]) => n + (entry.queue?.length ?? entry.copies ?? 0),
      0,
    );
    const messages =
      atStart +
      trace.reduce((n, step) => n + (step.event?.sent.length ?? 0), 0) +
      trace.filter((step) => step.event?.fault === "duplicate").length;
    expect(messages).toBe(3);
    const page = await open(file);
    expect(await page.locator("#verdict").textContent()).toContain("violated");
    expect(await page.locator("#command").textContent()).toContain(
      "npx check specs/fixtures/ping-pong.ts --duplicate 1",
    );
    expect(await page.locator("#spacetime [data-arrow]").count()).toBe(messages);
    expect(await page.locator("#spacetime [data-lane]").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#spacetime [data-fault="duplicate"]').count()).toBe(1);

    // Starts at the last step; back and forth by buttons and keys.
    const last = trace.length - 1;
    expect(await selected(page)).toBe(last);
    await page.locator("#prev").click();
    expect(await selected(page)).toBe(last - 1);
    await page.keyboard.press("ArrowRight");
    expect(await selected(page)).toBe(last);
    await page.keyboard.press("Home");
    expect(await selected(page)).toBe(0);
    expect(await page.locator('#steps [data-step][aria-selected="true"]').count()).toBe(1);

    // Clicking an arrow selects the step that received it, in every view.
    const arrow = page.locator("#spacetime [data-arrow][data-receive-step]").first();
    const receive = Number(await arrow.getAttribute("data-receive-step"));
    await arrow.click({ force: true });
    expect(await selected(page)).toBe(receive);
    expect(await page.locator(`#steps [data-step="${receive}"]`).getAttribute("aria-selected")).toBe("true");
    // What that step changed is highlighted in the state view.
    expect(await page.locator("#state .changed").count()).toBeGreaterThan(0);
    expect(await page.locator('#invariants [data-invariant="oneAnswer"]').count()).toBe(1);

    await page.locator("#show-clocks").click();
    expect(await page.locator("#spacetime [data-clock]").first().isVisible()).toBe(true);
    await shot(page, "ping-pong");
    expect(problems(page)).toEqual([]);
  });

  it("a liveness lasso shows its loop as a loop", async () => {
    const page = await open(report("lasso", "specs/fixtures/liveness-ring.ts"));
    await expect.poll(() => page.locator("#loop").isVisible()).toBe(true);
    expect(await page.locator("#loop").textContent()).toMatch(/repeats|forever/);
    expect(await page.locator('#steps [data-step][data-loop-start="true"]').getAttribute("data-step")).toBe(
      "0",
    );
    expect(await page.locator('#steps [data-step][data-in-loop="true"]').count()).toBe(4);
    await shot(page, "lasso");
    expect(problems(page)).toEqual([]);
  });

  it("shows markup from a model as text: nothing runs, nothing is parsed", async () => {
    const page = await open(report("markup", "specs/fixtures/markup.ts"));
    const text = await page.locator("body").innerText();
    expect(text).toContain("<script>alert(1)</script>");
    expect(text).toContain("</svg>bob");
    expect(text).toContain("<i>nothingReceived</i>");
    // None of the markup became elements: no image, and no <b>alice</b> or <i>…</i> element.
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.getByText("alice", { exact: true }).count()).toBe(0);
    expect(await page.getByText("nothingReceived", { exact: true }).count()).toBe(0);
    await page.locator("#steps [data-step]").first().click();
    expect(await page.locator("#state").innerText()).toContain("</svg><img src=x onerror=alert(2)>");
    await shot(page, "markup");
    expect(problems(page)).toEqual([]);
  });

  it("stays usable for a 500-step trace", async () => {
    const started = Date.now();
    const page = await open(report("long", "specs/fixtures/long-trace.ts"));
    expect(await page.locator("#steps [data-step]").count()).toBe(501);
    expect(await page.locator("#spacetime [data-arrow]").count()).toBe(501);
    for (let i = 0; i < 50; i++) await page.keyboard.press("ArrowLeft");
    expect(await selected(page)).toBe(450);
    await page.keyboard.press("Home");
    expect(await selected(page)).toBe(0);
    await page.mouse.wheel(0, 20_000);
    // Loading, 52 selections and a scroll: far from instant would mean something is re-rendered per step.
    expect(Date.now() - started).toBeLessThan(20_000);
    await shot(page, "long-trace");
    expect(problems(page)).toEqual([]);
  });

  it("draws the model's own picture of the state beside the generic view", async () => {
    const page = await open(
      report("two-phase-commit", "two-phase-commit", "--variant", "commit-without-votes"),
    );
    expect(await page.locator("#domain-view").count()).toBe(1);
    expect(await page.locator("#domain-view").textContent()).toContain("TM");
    await shot(page, "two-phase-commit");
    expect(problems(page)).toEqual([]);
  });

  it("keeps the picture inside its panel when the state has long unbreakable lines", async () => {
    // chandy-lamport's network keys are long: they must not widen the inspector past its column.
    const page = await open(report("chandy-lamport", "chandy-lamport", "--config", "unordered"));
    const picture = await page.locator("#domain-view").boundingBox();
    const inspector = await page.locator(".inspector").boundingBox();
    const widths = { picture: picture?.width ?? 0, inspector: inspector?.width ?? 0 };
    expect(widths.picture).toBeGreaterThan(0);
    expect(widths.picture).toBeLessThanOrEqual(widths.inspector);
    expect(await page.locator("#domain-view").textContent()).toContain("P3");
    expect(problems(page)).toEqual([]);
  });

  it("check --all --html writes a report per configuration and an index linking them", async () => {
    const out = join(dir, "all");
    const run = spawnSync(process.execPath, [BIN, "--all", "chang-roberts", "--html", out, "--quiet"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const index = readFileSync(join(out, "index.html"), "utf8");
    const links = [...index.matchAll(/href="([^"]+\.html)"/g)].map((m) => m[1]!);
    expect(links.length).toBe(changRoberts.configs!.length);
    for (const link of links) expect(existsSync(join(out, decodeURIComponent(link)))).toBe(true);
    const page = await open(join(out, "index.html"));
    expect(await page.locator("table tr").count()).toBeGreaterThan(10);
    await shot(page, "index");
    expect(problems(page)).toEqual([]);
  });
});
