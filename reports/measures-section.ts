// The measures of a run: a small table (each measure's scope, occurrences, minimum and maximum),
// and under it each extreme's witness trace, one click away in a <details> element — written on
// the server as plain HTML, so the figures read without the page script. A witness lists its
// steps with what each sent; the step that opens the occurrence and a lasso's loop are marked, and
// the steps before the occurrence are greyed.
import type { ResultJson } from "../checker/index.ts";
import { h, type Markup } from "./html.ts";

type MeasureJson = NonNullable<ResultJson["stats"]["measures"]>[number];
type Extreme = NonNullable<MeasureJson["max"]>;

export function measuresSection(result: ResultJson): Markup | null {
  const measures = result.stats.measures ?? [];
  if (measures.length === 0) return null;
  return h(
    "section",
    { class: "card measures", id: "measures", "aria-labelledby": "measures-title" },
    h("h2", { id: "measures-title" }, "Measures"),
    h(
      "table",
      { class: "ledger measures-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "measure"),
          h("th", {}, "per"),
          h("th", {}, "occurrences"),
          h("th", {}, "min"),
          h("th", {}, "max"),
        ),
      ),
      h(
        "tbody",
        {},
        ...measures.map((m) =>
          h(
            "tr",
            { "data-measure": m.name },
            h("td", { title: m.description ?? "" }, m.name),
            h("td", {}, m.scope),
            h("td", {}, m.occurrences.toLocaleString("en-US")),
            h("td", { class: "figure" }, m.min === null ? "—" : String(m.min.value)),
            h("td", { class: "figure" }, m.max === null ? "—" : String(m.max.value)),
          ),
        ),
      ),
    ),
    ...measures.flatMap((m) => [
      ...m.notes.map((note) => h("p", { class: "fine" }, `${m.name}: ${note}`)),
      m.min === null ? null : witness(m, "min", m.min),
      m.max === null ? null : witness(m, "max", m.max),
    ]),
  );
}

function witness(m: MeasureJson, which: "min" | "max", extreme: Extreme): Markup {
  const w = extreme.witness;
  const steps = w.trace.length;
  const summary = `${m.name} ${which} ${extreme.value}${w.key === null ? "" : ` (${w.key})`}: witness, ${steps} state${steps === 1 ? "" : "s"}${w.loopStart === null ? "" : `, a lasso from step ${w.loopStart + 1}`}`;
  return h(
    "details",
    { class: "witness", "data-witness": `${m.name}:${which}` },
    h("summary", {}, summary),
    h(
      "ol",
      { class: "witness-steps" },
      ...w.trace.map((step, i) => {
        const sent = step.event?.sent ?? [];
        const marks = [
          i === w.from + 1 && w.key !== null ? "◆ opens the occurrence" : null,
          i === w.loopStart ? "↻ the loop starts here" : null,
        ].filter((x) => x !== null);
        return h(
          "li",
          { class: i > w.from ? "counted" : "before" },
          h("span", { class: "label" }, step.action),
          step.actor === null ? null : h("span", { class: "actor" }, ` [${step.actor}]`),
          sent.length === 0
            ? null
            : h("span", { class: "sent" }, ` sends ${sent.map((e) => `${e.text} → ${e.to}`).join(", ")}`),
          marks.length === 0 ? null : h("span", { class: "mark" }, ` — ${marks.join("; ")}`),
        );
      }),
    ),
  );
}
