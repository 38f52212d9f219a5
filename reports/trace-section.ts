// The frame of the trace views, written on the server: the heading, the loop note of a lasso, the
// toolbar, the legend, the empty diagram and step list, and the panel of the selected step. The
// page script fills them from the embedded data.
import { h, type Markup } from "./html.ts";
import type { ReportData } from "./report-data.ts";

export function traceSection(data: ReportData): Markup | null {
  const steps = data.steps.length;
  if (steps === 0) return null;
  const layout = data.spacetime;
  const last = steps - 1;
  const loop = data.loopStart;
  return h(
    "section",
    { class: "trace", id: "trace", "aria-labelledby": "trace-title" },
    h(
      "div",
      { class: "trace-head" },
      h("h2", { id: "trace-title" }, "Counterexample"),
      h(
        "span",
        { class: "sub" },
        `${steps} step${steps === 1 ? "" : "s"}${loop === null ? "" : ", a lasso"}`,
      ),
    ),
    loop === null
      ? null
      : h(
          "p",
          { id: "loop", "data-loop-start": loop },
          loop === last
            ? `⟳ Stuck here forever: the behaviour stays at step ${loop + 1}, where no step that fairness forces is enabled.`
            : `↻ The behaviour repeats from step ${loop + 1} forever: after step ${last + 1} it goes back to step ${loop + 1} and round again.`,
        ),
    h(
      "div",
      { class: "trace-body" },
      h(
        "div",
        { class: "timeline-col" },
        toolbar(layout !== null),
        layout === null ? null : legend(),
        h(
          "div",
          { class: "timeline" },
          h(
            "div",
            { class: "lane-heads", "aria-hidden": "true" },
            layout === null
              ? null
              : h(
                  "div",
                  { class: "diagram-head", "data-width": layout.width },
                  ...layout.lanes.map((lane) =>
                    h(
                      "span",
                      {
                        class: `lane-label${lane.network ? " network" : ""}`,
                        "data-lane-label": lane.name,
                        "data-x": lane.x,
                        title: lane.name,
                      },
                      lane.name,
                    ),
                  ),
                ),
            h("div", { class: "steps-head" }, "Steps"),
          ),
          h(
            "div",
            { class: "rows" },
            layout === null
              ? null
              : h(
                  "div",
                  { class: "diagram", "data-width": layout.width },
                  h("svg", {
                    id: "spacetime",
                    role: "img",
                    "aria-label": `space-time diagram: ${layout.lanes.length} lanes, ${layout.arrows.length} messages`,
                    width: layout.width,
                    height: layout.height,
                  }),
                ),
            h("ol", {
              id: "steps",
              class: "steps",
              role: "listbox",
              tabindex: 0,
              "aria-label": "trace steps",
            }),
          ),
          endNote(data),
        ),
      ),
      inspector(data),
    ),
    h(
      "noscript",
      {},
      h("p", { class: "fine" }, "The trace views need JavaScript; everything above is complete without it."),
    ),
  );
}

function toolbar(withClocks: boolean): Markup {
  return h(
    "div",
    { class: "toolbar", role: "toolbar", "aria-label": "step through the trace" },
    h("button", { type: "button", id: "prev", class: "button", title: "previous step (← or k)" }, "← Prev"),
    h("span", { id: "position", "aria-live": "polite" }),
    h("button", { type: "button", id: "next", class: "button", title: "next step (→ or j)" }, "Next →"),
    withClocks
      ? h(
          "label",
          {
            class: "switch",
            title: "show each event's vector clock, and what happened before the selected one",
          },
          h("input", { type: "checkbox", id: "show-clocks" }),
          "vector clocks",
        )
      : null,
    h("span", { class: "spacer" }),
    h("span", { class: "hint" }, "← → or j k to step · Home End"),
  );
}

function legend(): Markup {
  const item = (cls: string, glyph: string, words: string) =>
    h("span", {}, h("span", { class: `glyph ${cls}`, "aria-hidden": "true" }, glyph), words);
  return h(
    "div",
    { class: "legend", "aria-label": "legend" },
    item("l-recv", "●", "receive"),
    item("l-recv", "◉", "send"),
    item("l-recv", "○", "local step"),
    item("l-recv", "→", "message"),
    item("l-copy", "⇢", "duplicated copy"),
    item("l-drop", "⇸", "lost message"),
    item("l-crash", "✕", "crash"),
    item("l-forge", "▲", "forged"),
    item("l-net", "◆", "partition / heal"),
    item("l-loop", "↻", "repeats forever"),
    h(
      "span",
      { class: "causal-legend" },
      h("span", { class: "glyph l-past", "aria-hidden": "true" }, "●"),
      "happened before · ",
      h("span", { class: "glyph l-future", "aria-hidden": "true" }, "●"),
      "happened after · faded: concurrent",
    ),
  );
}

function endNote(data: ReportData): Markup | null {
  const last = data.steps.length - 1;
  if (data.loopStart !== null && data.loopStart < last)
    return h("p", { class: "loop-back" }, `↩ back to step ${data.loopStart + 1}, and round again, forever`);
  if (data.violation?.kind === "deadlock")
    return h("p", { class: "end-note" }, "■ no action is enabled here: deadlock");
  return null;
}

function inspector(data: ReportData): Markup {
  const hasViews = data.steps.some((s) => s.view !== null);
  return h(
    "aside",
    { class: "card inspector", id: "inspector", "aria-label": "the selected step" },
    h("p", { class: "eyebrow" }, "Step ", h("span", { id: "sel-num" })),
    h("h2", { id: "sel-action" }),
    h("p", { id: "sel-detail" }),
    h("h3", {}, "Invariants here"),
    h("ul", { id: "invariants" }),
    h("h3", {}, "Changed by this step"),
    h("ul", { id: "changes" }),
    h(
      "div",
      { class: "views" },
      hasViews
        ? h(
            "section",
            { id: "domain-panel" },
            h("h3", { id: "domain-title" }),
            h("svg", { id: "domain-view", role: "img", "aria-labelledby": "domain-title" }),
          )
        : null,
      h("section", {}, h("h3", {}, "State"), h("div", { id: "state" })),
    ),
  );
}
