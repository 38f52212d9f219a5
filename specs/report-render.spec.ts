// The HTML report without a browser: one self-contained document that loads nothing, data that
// cannot break out of its script element, one arrow per message, vector clocks that agree with
// happens-before, and an index that shows names as text. (specs/report.browser.spec.ts drives the
// page itself in Chromium.)
import { createHash } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { checkModel, type ResultJson, showValue, type StepFault, toResultJson } from "../checker/index.ts";
import ricartAgrawala from "../models/mutex/ricart-agrawala.ts";
import twoPhaseCommit from "../models/commit/two-phase-commit.ts";
import mutexLamport from "../models/mutex/mutex-lamport.ts";
import livenessRing from "./fixtures/liveness-ring.ts";
import pingPong from "./fixtures/ping-pong.ts";
import { type JsonMessage, readActorTrace } from "../reports/actor-trace.ts";
import { clientScript } from "../reports/client.ts";
import { happenedBefore as pageHappenedBefore } from "../reports/client/clocks.ts";
import { show } from "../reports/client/tagged-json.ts";
import { cleanView } from "../reports/domain-view.ts";
import { matchMessages } from "../reports/messages.ts";
import { reportData } from "../reports/report-data.ts";
import { type IndexEntry, renderIndex, renderReport } from "../reports/render.ts";
import { layoutSpacetime, processOrder } from "../reports/spacetime.ts";
import type { JsonStep, TaggedJson } from "../reports/types.ts";
import { happenedBefore, vectorClocks } from "../reports/vector-clocks.ts";

// The results the reports are rendered from, computed by the checker: an actor model with a
// duplicated message, a broken mutual exclusion, a liveness lasso, and a run that holds.
const samples = new Map<string, ResultJson>();
beforeAll(async () => {
  const runs = {
    "ping-pong": checkModel(pingPong, { params: { duplicate: 1 } }),
    ra: checkModel(ricartAgrawala, { params: { n: 2 }, variant: "no-id-tiebreak" }),
    lasso: checkModel(livenessRing),
    holds: checkModel(twoPhaseCommit),
    measured: checkModel(mutexLamport, { params: { n: 2 } }),
  };
  for (const [name, run] of Object.entries(runs)) samples.set(name, toResultJson(await run));
});
const sample = (name: string): ResultJson => samples.get(name)!;
const EVIL = "</script><script>alert(1)</script>";

/** The text inside <script type="application/json" id="report-data">. */
function dataScript(html: string): string {
  const open = '<script type="application/json" id="report-data">';
  const start = html.indexOf(open);
  expect(start).toBeGreaterThan(0);
  return html.slice(start + open.length, html.indexOf("</script>", start));
}

/** A violated result around a hand-made trace. */
function violated(trace: JsonStep[], extra: Partial<ResultJson> = {}): ResultJson {
  const base = sample("holds");
  return {
    ...base,
    verdict: "violated",
    violation: { kind: "invariant", name: "safe", message: "broken", trace, loopStart: null },
    ...extra,
  };
}

/** A message whose text is the message itself. */
const envelope = (from: string, to: string, message: string): JsonMessage => ({
  from,
  to,
  message,
  text: message,
});
/** One actor step: `process` received `received` (if any) and sent `sent`; a drop or a duplicate acts on `target`. */
function actorStep(
  process: string,
  received: JsonMessage | null,
  sent: JsonMessage[],
  fault: StepFault | null = null,
  target: JsonMessage | null = null,
): JsonStep {
  return {
    action: `${process} step`,
    actor: process,
    state: {},
    event: { process, received, sent, fault, target, inFlight: [] },
  };
}
const INIT: JsonStep = { action: "init", actor: null, state: {} };

describe("renderReport", () => {
  it.each(["ping-pong", "ra", "lasso", "holds"])("writes %s as one document that loads nothing", (name) => {
    const html = renderReport({ result: sample(name), command: `npx check ${name}` });
    expect(html.startsWith("<!doctype html>\n<html")).toBe(true);
    expect(html.match(/<html[\s>]/g)).toHaveLength(1);
    expect(html.match(/<\/html>/g)).toHaveLength(1);
    // Nothing to fetch: no URL, no src attribute, no stylesheet link, no CSS import or url() but
    // to the page's own SVG patterns (#id).
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/url\((?!#)/);
    // And the browser is told to refuse anything that would (the quotes escaped in the attribute).
    expect(html).toContain("default-src &#39;none&#39;");
    expect(html).toContain(`<div id="verdict" class="verdict ${sample(name).verdict}"`);
  });

  it("shows the verdict, the command and the violation as text", () => {
    const html = renderReport({ result: sample("ping-pong"), command: "npx check ping-pong --duplicate 1" });
    expect(html).toMatch(/id="verdict"[^>]*>✗ violated</);
    expect(html).toContain('<code id="command">npx check ping-pong --duplicate 1</code>');
    expect(html).toMatch(/<section id="violation"[^>]*>.*oneAnswer.*the client got 2 answers/s);
    const holds = renderReport({ result: sample("holds"), command: "npx check two-phase-commit" });
    expect(holds).toMatch(/id="verdict"[^>]*>✓ holds</);
    expect(holds).toContain("Every property holds");
    expect(holds).not.toContain('id="violation"');
    expect(holds).not.toContain('id="steps"');
  });

  it("keeps a state that closes the script element inside the data", () => {
    const state = { note: EVIL, other: "</svg>&amp;\u2028\u2029", set: { "#set": [EVIL] } };
    const result = violated([{ ...INIT, state }], { model: `model ${EVIL}` });
    const html = renderReport({ result, command: `npx check ${EVIL}` });
    const data = dataScript(html);
    expect(data).not.toMatch(/[<>&\u2028\u2029]/);
    expect(data).toContain("\\u003c/script\\u003e");
    const parsed = JSON.parse(data) as { steps: { state: typeof state }[] };
    expect(parsed.steps[0]!.state).toEqual(state);
    // Exactly the report's own two script elements close; nothing a model wrote opens a tag.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("model &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("explains a lasso's loop, and only for a lasso", () => {
    const lasso = renderReport({ result: sample("lasso"), command: "npx check liveness-ring" });
    expect(lasso).toMatch(/<p id="loop"[^>]*>↻ The behaviour repeats from step 1 forever/);
    const stuck = sample("lasso");
    const trace = stuck.violation!.trace;
    const stutter = { ...stuck, violation: { ...stuck.violation!, loopStart: trace.length - 1 } };
    expect(renderReport({ result: stutter, command: "x" })).toMatch(/<p id="loop"[^>]*>⟳ Stuck here forever/);
    expect(renderReport({ result: sample("ping-pong"), command: "x" })).not.toContain('id="loop"');
  });

  it("has a page script that parses and cannot end its own element", () => {
    expect(() => new Function(clientScript())).not.toThrow();
    expect(clientScript()).not.toMatch(/<\/script|<!--/i);
  });

  it("lets its policy run the bundled page script and nothing else", () => {
    const html = renderReport({ result: sample("ping-pong"), command: "x" });
    const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/
      .exec(html)![1]!
      .replaceAll("&#39;", "'");
    const open = html.lastIndexOf("<script>");
    const script = html.slice(open + "<script>".length, html.indexOf("</script>", open));
    // The bundle of reports/client/, not the sources: its modules are gone into one function.
    expect(script).toBe(clientScript());
    expect(script).toMatch(/^\(\(\) => \{/);
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    const sha = createHash("sha256").update(script, "utf8").digest("base64");
    expect(policy.split("; ")).toContain(`script-src 'sha256-${sha}'`);
    expect(policy.split("; ")).toContain("default-src 'none'");
    // The index has no script, and its policy runs none.
    expect(renderIndex([])).toContain("script-src &#39;none&#39;");
  });
});

describe("the space-time diagram", () => {
  it("draws one arrow per message of the ping-pong trace", () => {
    const result = sample("ping-pong");
    const trace = result.violation!.trace;
    // The ping sent as the client started (in flight in the initial state), each message a step
    // sent, and the copy the duplication made.
    const initial = trace[0]!.event!.inFlight.length;
    const sent = trace.reduce((n, step) => n + (step.event?.sent.length ?? 0), 0);
    const copies = trace.filter((step) => step.event?.fault === "duplicate").length;
    expect([initial, sent, copies]).toEqual([1, 1, 1]);

    const layout = layoutSpacetime(trace, null)!;
    const arrows = layout.arrows.filter((a) => a.counted);
    expect(arrows).toHaveLength(initial + sent + copies);
    const summary = arrows.map((a) => [a.kind, a.sendStep, a.receiveStep]);
    expect(summary).toEqual([
      ["initial", 0, 1], // ping: client → server
      ["sent", 1, 3], // pong: server → client
      ["copy", 2, 4], // its copy, from the duplicate
    ]);
    expect(layout.lanes.map((l) => l.name)).toEqual(["client", "server"]);
    expect(layout.events.find((e) => e.step === 2)?.fault).toBe("duplicate");
  });

  it("matches every message of the ricart-agrawala trace to its receive", () => {
    const layout = layoutSpacetime(sample("ra").violation!.trace, null)!;
    // Each REQUEST is answered by an OK from the step that received it.
    expect(layout.arrows.map((a) => [a.sendStep, a.receiveStep])).toEqual([
      [1, 3],
      [2, 4],
      [3, 5],
      [4, 6],
    ]);
    expect(layout.arrows.every((a) => a.counted && !a.pending)).toBe(true);
  });

  it("ends a lost message at the drop, starts a copy at the duplicate, runs an unreceived one off the bottom", () => {
    const a = envelope("P", "Q", "a");
    const b = envelope("Q", "P", "b");
    const trace: JsonStep[] = [
      INIT,
      actorStep("P", null, [a]),
      actorStep("P", null, [], "duplicate", a),
      actorStep("Q", a, [b]),
      actorStep("Q", null, [], "drop", a),
    ];
    const layout = layoutSpacetime(trace, null)!;
    expect(layout.arrows.map((x) => [x.kind, x.sendStep, x.receiveStep, x.dropStep, x.pending])).toEqual([
      ["sent", 1, 3, null, false],
      ["copy", 2, null, 4, false],
      ["sent", 3, null, null, true],
    ]);
    expect(layout.arrows[1]!.end).toBe("cross");
    expect(layout.arrows[2]!.d).toMatch(new RegExp(`L [\\d.]+ ${layout.height - 6}$`));
  });

  it("writes messages as the model does (formatMessage), also those read off states", () => {
    const trace = sample("ra").violation!.trace as JsonStep[];
    const actors = readActorTrace(trace)!;
    const texts = actors.steps.flatMap((step) => [
      ...(step?.sent ?? []).map((e) => e.text),
      ...(step?.received ? [step.received.text] : []),
    ]);
    expect(texts).toContain("REQUEST(ts=1, from=P0)");
    expect(texts).toContain("OK");
    expect(texts.every((text) => !text.includes("kind"))).toBe(true);
  });

  it("tells a heal from a partition, both the fault partition, by their order", () => {
    const a = envelope("P", "Q", "a");
    const trace: JsonStep[] = [
      INIT,
      actorStep("network", null, [], "partition"),
      actorStep("network", null, [], "partition"),
      actorStep("P", null, [a]),
      actorStep("network", null, [], "partition"),
    ];
    expect(reportData(violated(trace)).steps.map((step) => step.detail)).toEqual([
      "initial state",
      "the network splits",
      "the network heals",
      "sends a → Q",
      "the network splits",
    ]);
  });

  it("gives vector clocks that say exactly what happened before what", () => {
    const m1 = envelope("P", "Q", "m1");
    const m2 = envelope("R", "Q", "m2");
    const m3 = envelope("Q", "R", "m3");
    const trace: JsonStep[] = [
      INIT,
      actorStep("P", null, [m1]), // 1
      actorStep("R", null, [m2]), // 2
      actorStep("Q", m1, [m3]), // 3
      actorStep("Q", m2, []), // 4
      actorStep("R", m3, []), // 5
      actorStep("P", null, []), // 6
    ];
    const actors = readActorTrace(trace)!;
    const processes = processOrder(actors);
    expect(processes).toEqual(["P", "Q", "R"]);
    const clocks = vectorClocks(actors, matchMessages(actors), processes);
    expect(clocks).toEqual([null, [1, 0, 0], [0, 0, 1], [1, 1, 0], [1, 2, 1], [1, 1, 2], [2, 0, 0]]);

    // Happens-before from its definition: program order and send → receive, closed transitively.
    const process = [null, "P", "R", "Q", "Q", "R", "P"];
    const messages: [number, number][] = [
      [1, 3],
      [2, 4],
      [3, 5],
    ];
    const before = (e: number, f: number): boolean => {
      const next = [
        ...messages.filter(([s]) => s === e).map(([, r]) => r),
        ...process.map((p, i) => (i > e && p === process[e] ? i : -1)).filter((i) => i > 0),
      ];
      return next.some((n) => n === f || before(n, f));
    };
    for (let e = 1; e < trace.length; e++)
      for (let f = 1; f < trace.length; f++)
        if (e !== f) {
          expect(happenedBefore(clocks[e]!, clocks[f]!), `${e} → ${f}`).toBe(before(e, f));
          // The page marks the causal past and future with its own copy.
          expect(pageHappenedBefore(clocks[e]!, clocks[f]!), `page: ${e} → ${f}`).toBe(before(e, f));
        }
  });
});

describe("the state tree's values", () => {
  /** Tagged JSON as toTaggedJson writes it: scalars, lists, records, sets, maps, bigints, undefined. */
  const { value: taggedJson } = fc.letrec<{ value: TaggedJson }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string()),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom("a", "b", "##hash", "x y"), tie("value"), { maxKeys: 3 }),
      fc.record({ "#set": fc.array(tie("value"), { maxLength: 4 }) }),
      fc.record({ "#map": fc.array(fc.tuple(tie("value"), tie("value")), { maxLength: 3 }) }),
      fc.record({ "#bigint": fc.bigInt().map(String) }),
      fc.constant({ "#undefined": 0 }),
    ),
  }));

  it("writes a value as the checker's showValue does, cut at the length asked for", () => {
    fc.assert(
      fc.property(taggedJson, fc.integer({ min: 1, max: 60 }), (value, max) => {
        const full = showValue(value);
        expect(show(value)).toBe(full);
        expect(show(value, max)).toBe(full.length > max ? `${full.slice(0, max)}…` : full);
      }),
    );
  });
});

describe("domain views", () => {
  it("keeps colour names and #hex, and nothing else", () => {
    const view = cleanView({
      title: "t",
      width: 10,
      height: 10,
      shapes: [
        {
          kind: "rect",
          x: 0,
          y: 0,
          width: 1,
          height: 1,
          fill: "url(http://evil.example/x)",
          stroke: "steelblue",
        },
        { kind: "circle", cx: 0, cy: 0, r: 1, fill: "#0a0", stroke: "rgb(1, 2, 3)" },
        { kind: "text", x: 0, y: 0, text: EVIL, fill: "#12345g" },
      ],
    });
    const colours = view.shapes.map((s) => [
      "fill" in s ? s.fill : undefined,
      "stroke" in s ? s.stroke : undefined,
    ]);
    expect(colours).toEqual([
      ["none", "steelblue"],
      ["#0a0", "currentColor"],
      ["currentColor", undefined],
    ]);
    expect(view.shapes[2]).toMatchObject({ text: EVIL });
  });
});

describe("renderIndex", () => {
  const entry = (over: Partial<IndexEntry>): IndexEntry => ({
    model: "two-phase-commit",
    config: "default",
    variant: "correct",
    expected: "holds",
    got: "as expected",
    matched: true,
    distinctStates: 288,
    depth: 11,
    seconds: 0.01,
    reductions: "",
    href: "two-phase-commit--default.html",
    ...over,
  });

  it("shows names as text and links only to reports beside it", () => {
    const html = renderIndex([
      entry({ model: EVIL, config: '"><img src=x onerror=alert(2)>', href: 'a"b.html' }),
      entry({ matched: false, got: "holds", href: "javascript:alert(1)" }),
      entry({ href: "https://evil.example/" }),
      entry({ href: null }),
    ]);
    expect(html).not.toMatch(/<script|<img|javascript:|https?:\/\//i);
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
    expect(html.match(/<a href="/g)).toHaveLength(1);
    expect(html).toContain('<a href="a&quot;b.html">');
    expect(html.match(/<tr class="match"/g)).toHaveLength(3);
    expect(html.match(/<tr class="mismatch"/g)).toHaveLength(1);
    expect(html).toContain("288");
  });
});

describe("the measures of a run", () => {
  it("are a table of min and max, with each extreme's witness trace one click away", () => {
    const html = renderReport({ result: sample("measured"), command: "npx check mutex-lamport --n 2" });
    const section = html.slice(
      html.indexOf('<section class="card measures"'),
      html.indexOf("</section>", html.indexOf('id="measures"')),
    );
    expect(section).toMatch(
      /<tr data-measure="messagesPerEntry"><td[^>]*>messagesPerEntry<\/td><td>occurrence<\/td><td>\d+<\/td><td class="figure">3<\/td><td class="figure">3<\/td><\/tr>/,
    );
    const witnesses = [...section.matchAll(/<details class="witness" data-witness="([^"]+)">/g)].map(
      (m) => m[1],
    );
    expect(witnesses).toEqual(["messagesPerEntry:min", "messagesPerEntry:max"]);
    // Each witness is the replayed trace, every step listed, the opening step marked.
    const witness = sample("measured").stats.measures![0]!.min!.witness;
    const first = section.slice(0, section.indexOf("</details>"));
    expect(first.match(/<li /g)).toHaveLength(witness.trace.length);
    expect(first).toContain("◆ opens the occurrence");
    expect(first).toContain("sends REQUEST(ts=1) → P");
  });

  it("leave no section in a report of a model that declares none", () => {
    const html = renderReport({ result: sample("holds"), command: "npx check two-phase-commit" });
    expect(html).not.toContain('id="measures"');
  });
});
