// The top of a report, written on the server with every string escaped: what was checked, the
// verdict, the violation, the command that reproduces it, the search figures, the reduction ledger,
// liveness and fairness, and for a run without a trace the panel that says how it ended.
import { describeFairness, type ResultJson } from "../checker/index.ts";
import { bytes, count, probability, seconds } from "./format.ts";
import { h, type Markup } from "./html.ts";
import { ledgerRows } from "./ledger.ts";

const VERDICT_WORDS: Readonly<Record<ResultJson["verdict"], string>> = {
  holds: "✓ holds",
  violated: "✗ violated",
  incomplete: "… incomplete",
};

export function headerSection(result: ResultJson, command: string): Markup {
  const params = Object.entries(result.params ?? {});
  return h(
    "header",
    { class: "card report-head" },
    h(
      "div",
      { class: "title-row" },
      h(
        "div",
        {},
        h("p", { class: "eyebrow" }, "Model checker report"),
        h("h1", { id: "model" }, result.model),
        params.length === 0
          ? null
          : h(
              "ul",
              { class: "params", id: "params", "aria-label": "parameters" },
              ...params.map(([k, v]) =>
                h("li", {}, h("span", { class: "k" }, `${k}=`), h("span", { class: "v" }, paramText(v))),
              ),
            ),
        h("p", { class: "run", id: "run" }, ...runWords(result)),
      ),
      h(
        "div",
        { id: "verdict", class: `verdict ${result.verdict}`, "data-verdict": result.verdict },
        VERDICT_WORDS[result.verdict] ?? result.verdict,
      ),
    ),
    violationBlock(result),
    h("p", { class: "command-label" }, result.verdict === "violated" ? "Reproduce it" : "Run it again"),
    h(
      "div",
      { class: "command" },
      h("span", { class: "prompt", "aria-hidden": "true" }, "$"),
      h("code", { id: "command" }, command),
      h("button", { type: "button", id: "copy-command", class: "button", title: "copy the command" }, "Copy"),
    ),
  );
}

function paramText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

function runWords(result: ResultJson): (Markup | string)[] {
  const words: (Markup | string)[] = ["variant ", h("strong", {}, result.variant)];
  if (result.config) words.push(" · config ", h("strong", {}, result.config));
  const strategy = result.options?.strategy;
  if (strategy === "random") words.push(" · random simulation");
  else if (strategy) words.push(` · ${strategy === "dfs" ? "depth-first" : "breadth-first"} search`);
  const sim = result.simulation;
  if (sim) {
    words.push(` · seed ${sim.seed}, ${count(sim.runs)} walks of up to ${count(sim.maxDepth)} steps`);
    if (sim.path !== null) words.push(" · path ", h("strong", {}, sim.path));
  }
  return words;
}

function violationBlock(result: ResultJson): Markup | null {
  const v = result.violation;
  if (result.verdict !== "violated" || !v) return null;
  const what =
    v.kind === "invariant"
      ? ["Invariant ", h("strong", {}, v.name), " is violated"]
      : v.kind === "deadlock"
        ? [h("strong", {}, "Deadlock"), ": a reachable state where no action is enabled"]
        : v.kind === "liveness"
          ? ["Liveness property ", h("strong", {}, v.name), " is violated"]
          : v.kind === "model-error"
            ? ["The model threw an error ", h("strong", {}, `(${v.name})`)]
            : [h("strong", {}, `${v.kind} ${v.name}`)];
  const faults = v.faults ? Object.entries(v.faults).filter(([, n]) => n > 0) : [];
  return h(
    "section",
    { id: "violation", class: "violation", "data-kind": v.kind, "data-name": v.name },
    h("p", { class: "what" }, ...what),
    h("p", { class: "message" }, v.message),
    v.faults
      ? h(
          "p",
          { class: "faults" },
          `faults in this trace: ${faults.length ? faults.map(([f, n]) => `${f} ×${n}`).join(", ") : "none"}`,
        )
      : null,
  );
}

/** Search figures and the reduction ledger, side by side. */
export function factsSection(result: ResultJson): Markup {
  const s = result.stats;
  const figure = (label: string, value: string, id: string) =>
    h("div", { id }, h("dt", {}, label), h("dd", {}, value));
  const collision = s.collisionProbability;
  const rows = ledgerRows(s.reductions);
  return h(
    "div",
    { class: "facts" },
    h(
      "section",
      { class: "card", id: "stats", "aria-labelledby": "stats-title" },
      h("h2", { id: "stats-title" }, result.verdict === "violated" ? "Found after" : "Search"),
      h(
        "dl",
        { class: "stats" },
        figure("distinct states", count(s.distinctStates), "stat-distinct"),
        figure("generated", count(s.generatedStates), "stat-generated"),
        figure("depth", count(s.depth), "stat-depth"),
        figure("time", seconds(s.seconds), "stat-seconds"),
        figure("states / s", count(s.statesPerSecond), "stat-rate"),
      ),
      h(
        "p",
        { class: "fine" },
        `store ${s.storeBytesPerState ?? "—"} bytes/state · peak memory ${bytes(s.peakMemoryBytes)} · ` +
          `chance a fingerprint collision hid a state: ${probability(collision?.optimistic)} (optimistic)` +
          (collision?.fromFingerprints == null
            ? ""
            : `, ${probability(collision.fromFingerprints)} from the fingerprints`),
      ),
    ),
    h(
      "section",
      { class: "card", id: "reductions", "aria-labelledby": "reductions-title" },
      h("h2", { id: "reductions-title" }, "Reductions"),
      rows.length === 0
        ? h("p", { class: "fine" }, "no reduction ledger in this result")
        : h(
            "table",
            { class: "ledger" },
            h(
              "tbody",
              {},
              ...rows.map((row) =>
                h(
                  "tr",
                  { "data-reduction": row.reduction, "data-status": row.status },
                  h(
                    "td",
                    { class: "name" },
                    h("span", { class: `status ${row.status}` }, row.status),
                    row.reduction,
                  ),
                  h("td", { class: "detail" }, row.detail),
                ),
              ),
            ),
          ),
      livenessLine(result),
    ),
  );
}

function livenessLine(result: ResultJson): Markup | null {
  const { liveness, fairness } = result.options ?? {};
  if (!liveness && !fairness) return null;
  const names = liveness ?? [];
  return h(
    "p",
    { class: "liveness", id: "liveness" },
    names.length === 0 ? "No liveness properties checked" : "Liveness checked: ",
    ...names.flatMap((name, i) => [i > 0 ? ", " : "", h("span", { class: "name" }, name)]),
    fairness ? `, under ${describeFairness(fairness)}.` : ", with no fairness assumed.",
  );
}

/** The panel of a run without a trace: every property holds, or the search stopped early. */
export function outcomeSection(result: ResultJson): Markup | null {
  const s = result.stats;
  if (result.verdict === "holds") {
    const liveness = result.options?.liveness ?? [];
    return h(
      "section",
      { class: "card outcome", id: "all-hold" },
      h("div", { class: "big", "aria-hidden": "true" }, "✓"),
      h(
        "div",
        {},
        h("h2", {}, "Every property holds"),
        h(
          "p",
          {},
          result.options?.strategy === "random"
            ? `No walk found a violation.`
            : `The search visited all ${count(s.distinctStates)} reachable states (depth ${count(s.depth)}) and found no violation of any invariant` +
                (liveness.length > 0 ? `, nor of the liveness properties ${liveness.join(", ")}.` : "."),
        ),
      ),
    );
  }
  if (result.verdict === "incomplete") {
    return h(
      "section",
      { class: "card outcome", id: "incomplete", "data-limit": result.limit ?? "" },
      h("div", { class: "big", "aria-hidden": "true" }, "…"),
      h(
        "div",
        {},
        h("h2", {}, "Incomplete: the search stopped early"),
        h("p", {}, result.reason ?? result.limit ?? "a limit was reached"),
        h(
          "p",
          {},
          `Nothing was violated in the ${count(s.distinctStates)} states explored, but the search was not exhaustive.`,
        ),
      ),
    );
  }
  return null;
}
