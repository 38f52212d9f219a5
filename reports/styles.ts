// The report's stylesheet: a calm palette with clear verdict colours, the system font stack, light
// and dark. Inline in the page (no web font, no external sheet). Class names are the page's own.
import { ROW_HEIGHT } from "./spacetime.ts";

/** Shared by the report and the index: palette, type, the page frame, the verdict pill. */
export const BASE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f4f5f7; --surface: #ffffff; --surface-2: #f1f3f6; --border: #e2e5ea; --border-strong: #cdd2da;
  --text: #1c2230; --muted: #5f6877; --faint: #98a0ad;
  --accent: #3457d5; --accent-soft: #e8edff; --accent-line: #b9c7fb;
  --ok: #177245; --ok-soft: #e2f4e9; --bad: #bf3a2b; --bad-soft: #fcebe8; --warn: #9a5b00; --warn-soft: #fcf1dc;
  --loop: #7448c2; --loop-soft: #f1ebfb;
  --msg: #7d8797; --copy: #c27100; --forged: #9240b5; --net: #5b7392;
  --shadow: 0 1px 2px rgba(20, 28, 45, .06), 0 2px 10px rgba(20, 28, 45, .04);
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  --radius: 10px;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111419; --surface: #181c23; --surface-2: #1f242d; --border: #2a303a; --border-strong: #3a414d;
    --text: #e5e8ee; --muted: #9ba4b3; --faint: #6d7685;
    --accent: #8fa4ff; --accent-soft: rgba(143, 164, 255, .13); --accent-line: rgba(143, 164, 255, .45);
    --ok: #5cd49a; --ok-soft: rgba(92, 212, 154, .12); --bad: #ff8173; --bad-soft: rgba(255, 129, 115, .12);
    --warn: #f2b45a; --warn-soft: rgba(242, 180, 90, .12);
    --loop: #b99af0; --loop-soft: rgba(185, 154, 240, .12);
    --msg: #8a93a3; --copy: #f0a53c; --forged: #d08cf0; --net: #8fa7c6;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.5 var(--sans); }
.page { max-width: 1480px; margin: 0 auto; padding: 28px 28px 72px; }
h1, h2, h3 { line-height: 1.25; margin: 0; }
code, .mono { font-family: var(--mono); font-size: .92em; }
.eyebrow { margin: 0 0 4px; color: var(--muted); font-size: 12px; font-weight: 600; letter-spacing: .06em; text-transform: uppercase; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.verdict { display: inline-flex; align-items: center; gap: 8px; padding: 7px 14px; border-radius: 999px; font-weight: 650; font-size: 16px; white-space: nowrap; }
.verdict.holds { color: var(--ok); background: var(--ok-soft); }
.verdict.violated { color: var(--bad); background: var(--bad-soft); }
.verdict.incomplete { color: var(--warn); background: var(--warn-soft); }
footer.generated { margin-top: 40px; color: var(--faint); font-size: 12px; }
button { font: inherit; color: inherit; }
`;

export const REPORT_CSS = `
/* Header */
.report-head { padding: 22px 24px; }
.title-row { display: flex; gap: 20px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap; }
h1#model { font-size: 26px; font-weight: 700; letter-spacing: -.01em; overflow-wrap: anywhere; }
.params { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; margin: 10px 0 0; padding: 0; }
.params li { font: 12.5px/1 var(--mono); background: var(--surface-2); border: 1px solid var(--border); border-radius: 6px; padding: 5px 7px; }
.params .k { color: var(--muted); }
.params .v { color: var(--text); font-weight: 600; }
.run { margin: 10px 0 0; color: var(--muted); font-size: 14px; }
.run strong { color: var(--text); font-weight: 600; }
.violation { margin-top: 18px; padding: 14px 16px; border-radius: 8px; background: var(--bad-soft); border-left: 4px solid var(--bad); }
.violation .what { margin: 0; font-weight: 600; }
.violation .message { margin: 4px 0 0; font-size: 16px; overflow-wrap: anywhere; white-space: pre-wrap; }
.violation .faults { margin: 6px 0 0; color: var(--muted); font-size: 13px; }
.command { margin-top: 16px; display: flex; align-items: center; gap: 10px; background: var(--surface-2); border: 1px solid var(--border); border-radius: 8px; padding: 8px 8px 8px 12px; }
.command .prompt { color: var(--faint); font-family: var(--mono); user-select: none; }
.command code { flex: 1; overflow-x: auto; white-space: pre; }
.command-label { margin: 16px 0 0; color: var(--muted); font-size: 12px; }
.button { border: 1px solid var(--border-strong); background: var(--surface); border-radius: 7px; padding: 5px 12px; cursor: pointer; font-size: 13px; font-weight: 550; }
.button:hover:not(:disabled) { border-color: var(--accent); color: var(--accent); }
.button:disabled { opacity: .45; cursor: default; }
.button:focus-visible, .steps:focus-visible, summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }

/* Figures and the ledger */
.facts { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 16px; margin-top: 16px; }
@media (max-width: 980px) { .facts { grid-template-columns: 1fr; } }
.facts > section { padding: 18px 20px; }
.facts h2, .trace-head h2 { font-size: 13px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; margin-bottom: 12px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(112px, 1fr)); gap: 10px; margin: 0; }
.stats div { background: var(--surface-2); border-radius: 8px; padding: 10px 12px; }
.stats dt { color: var(--muted); font-size: 12px; }
.stats dd { margin: 2px 0 0; font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.fine { margin: 12px 0 0; color: var(--muted); font-size: 12.5px; }
.ledger { width: 100%; border-collapse: collapse; font-size: 14px; }
.ledger td { padding: 8px 0; border-top: 1px solid var(--border); vertical-align: top; }
.ledger tr:first-child td { border-top: 0; }
.ledger td.name { white-space: nowrap; padding-right: 14px; font-weight: 550; }
.ledger td.detail { color: var(--muted); overflow-wrap: anywhere; }
.status { display: inline-block; min-width: 52px; text-align: center; border-radius: 999px; padding: 1px 8px; margin-right: 8px; font-size: 12px; font-weight: 650; }
.status.on, .status.agrees { color: var(--ok); background: var(--ok-soft); }
.status.off { color: var(--muted); background: var(--surface-2); }
.status.differs { color: var(--bad); background: var(--bad-soft); }
.liveness { margin: 14px 0 0; font-size: 14px; }
.liveness .name { font-family: var(--mono); font-size: 13px; background: var(--surface-2); border-radius: 5px; padding: 1px 6px; }

/* Measures: the table, and each extreme's witness one click away */
.measures { margin-top: 16px; padding: 18px 20px; }
.measures h2 { font-size: 13px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; margin-bottom: 12px; }
.measures-table th { text-align: left; color: var(--muted); font-size: 12px; font-weight: 600; padding: 0 14px 6px 0; }
.measures-table td { padding-right: 14px; }
.measures-table td.figure { font-variant-numeric: tabular-nums; font-weight: 650; }
.witness { margin-top: 10px; font-size: 13.5px; }
.witness summary { cursor: pointer; color: var(--accent); }
.witness-steps { margin: 8px 0 0; padding-left: 28px; font-family: var(--mono); font-size: 12.5px; }
.witness-steps li.before { color: var(--faint); }
.witness-steps .actor, .witness-steps .mark { color: var(--muted); }

/* Holds / incomplete */
.outcome { margin-top: 16px; padding: 22px 24px; display: flex; gap: 16px; align-items: flex-start; }
.outcome .big { font-size: 28px; line-height: 1; }
.outcome h2 { font-size: 18px; }
.outcome p { margin: 6px 0 0; color: var(--muted); }
#all-hold { border-color: color-mix(in srgb, var(--ok) 35%, var(--border)); background: linear-gradient(0deg, var(--surface), var(--surface)) padding-box; }
#all-hold .big, #all-hold h2 { color: var(--ok); }
#incomplete .big, #incomplete h2 { color: var(--warn); }

/* The trace */
.trace { margin-top: 24px; }
.trace-head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; margin-bottom: 10px; }
.trace-head h2 { margin: 0; }
.trace-head .sub { color: var(--muted); font-size: 14px; }
#loop { margin: 0 0 12px; padding: 10px 14px; border-radius: 8px; background: var(--loop-soft); color: var(--loop); font-weight: 550; border-left: 4px solid var(--loop); }
.toolbar { position: sticky; top: 0; z-index: 20; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; min-height: 52px; padding: 8px 14px; background: color-mix(in srgb, var(--surface) 92%, transparent); backdrop-filter: blur(8px); border: 1px solid var(--border); border-radius: var(--radius) var(--radius) 0 0; }
#position { font-variant-numeric: tabular-nums; font-weight: 600; min-width: 112px; text-align: center; }
.toolbar .hint { color: var(--faint); font-size: 12.5px; }
.toolbar .spacer { flex: 1; }
.switch { display: inline-flex; align-items: center; gap: 7px; font-size: 13px; cursor: pointer; user-select: none; }
.switch input { accent-color: var(--accent); width: 15px; height: 15px; margin: 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 8px 14px; border: 1px solid var(--border); border-top: 0; background: var(--surface); font-size: 12px; color: var(--muted); }
.legend > span { display: inline-flex; align-items: center; gap: 5px; }
.legend .glyph { font-weight: 700; }
.legend .l-recv { color: var(--accent); } .legend .l-copy { color: var(--copy); } .legend .l-drop, .legend .l-crash { color: var(--bad); }
.legend .l-forge { color: var(--forged); } .legend .l-net { color: var(--net); } .legend .l-loop { color: var(--loop); }
.legend .l-past { color: var(--ok); } .legend .l-future { color: var(--warn); }
.legend .causal-legend { display: none; }
.clocks-on .legend .causal-legend { display: inline-flex; }
.trace-body { display: grid; grid-template-columns: minmax(0, 1fr) minmax(360px, 44%); gap: 18px; align-items: start; }
@media (max-width: 1000px) { .trace-body { grid-template-columns: 1fr; } }
.timeline { background: var(--surface); border: 1px solid var(--border); border-top: 0; border-radius: 0 0 var(--radius) var(--radius); min-width: 0; }
.lane-heads { position: sticky; top: 52px; z-index: 10; display: flex; height: 34px; background: var(--surface); border-bottom: 1px solid var(--border); }
.lane-heads .diagram-head { position: relative; flex: none; border-right: 1px solid var(--border); }
.lane-heads .lane-label { position: absolute; top: 8px; transform: translateX(-50%); font: 600 12.5px/1.4 var(--mono); padding: 1px 7px; border-radius: 6px; background: var(--surface-2); white-space: nowrap; max-width: 100px; overflow: hidden; text-overflow: ellipsis; }
.lane-heads .lane-label.network { color: var(--net); font-style: italic; background: transparent; }
.lane-heads .steps-head { padding: 8px 14px; color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; }
.rows { display: flex; align-items: flex-start; }
.diagram { flex: none; border-right: 1px solid var(--border); overflow: hidden; }
#spacetime { display: block; }
.steps { list-style: none; margin: 0; padding: 0; flex: 1; min-width: 0; }
.steps:focus { outline: none; }
.steps li { height: ${ROW_HEIGHT}px; display: grid; grid-template-columns: 44px minmax(0, 1fr); align-items: center; border-bottom: 1px solid var(--border); cursor: pointer; position: relative; contain: layout paint; }
.steps li:hover { background: var(--surface-2); }
.steps li[aria-selected="true"] { background: var(--accent-soft); box-shadow: inset 3px 0 0 var(--accent); }
.steps .num { text-align: right; padding-right: 12px; color: var(--faint); font: 12px var(--mono); font-variant-numeric: tabular-nums; }
.steps li[aria-selected="true"] .num { color: var(--accent); font-weight: 700; }
.steps .body { min-width: 0; padding-right: 12px; }
.steps .line1, .steps .line2 { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.steps .action { font-family: var(--mono); font-size: 13px; font-weight: 550; }
.steps .actor { margin-left: 8px; font-size: 12px; color: var(--muted); }
.steps .actor::before { content: "by "; color: var(--faint); }
.steps .line2 { color: var(--muted); font-size: 12.5px; }
.tag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 5px; font-size: 11px; font-weight: 650; line-height: 17px; vertical-align: 1px; }
.tag.fault { color: var(--bad); background: var(--bad-soft); }
.tag.fault.duplicate { color: var(--copy); background: color-mix(in srgb, var(--copy) 14%, transparent); }
.tag.fault.forge { color: var(--forged); background: color-mix(in srgb, var(--forged) 14%, transparent); }
.tag.fault.partition { color: var(--net); background: color-mix(in srgb, var(--net) 14%, transparent); }
.tag.broken { color: #fff; background: var(--bad); }
.steps li[data-in-loop="true"] .num { box-shadow: inset -3px 0 0 var(--loop-soft); }
.steps li[data-in-loop="true"]::after { content: ""; position: absolute; right: 0; top: 0; bottom: -1px; width: 4px; background: var(--loop); opacity: .55; }
.steps li[data-loop-start="true"] .line1::before { content: "↻ loop · "; color: var(--loop); font-weight: 700; font-size: 12px; }
.loop-back { padding: 10px 14px 12px 58px; color: var(--loop); font-size: 13px; font-weight: 550; }
.end-note { padding: 10px 14px 12px 58px; color: var(--bad); font-size: 13px; font-weight: 550; }

/* The diagram */
#spacetime .row-line { stroke: var(--border); stroke-width: 1; }
#spacetime .row-highlight { fill: var(--accent-soft); }
#spacetime .band.loop { fill: var(--loop-soft); }
#spacetime .band.partition { fill: url(#st-hatch); }
#spacetime .band-label { fill: var(--loop); font: 600 11px var(--sans); }
#spacetime .band-label.partition { fill: var(--net); }
#spacetime .hatch-line { stroke: var(--net); stroke-width: 1; opacity: .28; }
#spacetime .lane-line { stroke: var(--border-strong); stroke-width: 2; }
#spacetime .network .lane-line { stroke: var(--net); stroke-dasharray: 2 5; stroke-width: 1.5; }
#spacetime .lane-down { stroke: var(--bad); stroke-width: 2; stroke-dasharray: 4 5; }
#spacetime .lane-start { fill: var(--surface); stroke: var(--border-strong); stroke-width: 2; }
#spacetime .arrow { cursor: pointer; }
#spacetime .arrow .shaft { fill: none; stroke: var(--msg); stroke-width: 1.5; opacity: .9; }
#spacetime .arrow .hit { fill: none; stroke: transparent; stroke-width: 12; }
#spacetime .arrow.kind-copy .shaft { stroke: var(--copy); stroke-dasharray: 6 4; }
#spacetime .arrow.kind-forged .shaft { stroke: var(--forged); }
#spacetime .arrow.kind-initial .shaft { stroke-dasharray: 2 4; }
#spacetime .arrow.kind-redelivery .shaft { stroke-dasharray: 1 4; }
#spacetime .arrow[data-dropped="true"] .shaft { stroke: var(--bad); }
#spacetime .arrow[data-pending="true"] .shaft { stroke-dasharray: 5 5; }
#spacetime .arrow:hover .shaft { stroke: var(--accent); opacity: 1; }
#spacetime .arrow.active .shaft { stroke: var(--accent); stroke-width: 2.5; opacity: 1; }
#spacetime .msg-label { display: none; font: 600 11px var(--mono); fill: var(--accent); paint-order: stroke; stroke: var(--surface); stroke-width: 4px; stroke-linejoin: round; pointer-events: none; }
#spacetime .arrow.active .msg-label, #spacetime .arrow:hover .msg-label { display: inline; }
#spacetime .head { fill: var(--msg); }
#spacetime .head.active { fill: var(--accent); }
#spacetime .head.copy { fill: var(--copy); }
#spacetime .head.forged { fill: var(--forged); }
#spacetime .event { cursor: pointer; }
#spacetime .event .dot { fill: var(--accent); stroke: var(--surface); stroke-width: 2; }
#spacetime .event.kind-local .dot { fill: var(--surface); stroke: var(--accent); stroke-width: 2; }
#spacetime .event.kind-send .dot { fill: var(--surface); stroke: var(--accent); stroke-width: 3; }
#spacetime .event[data-fault] .dot { fill: var(--surface); stroke-width: 2; }
#spacetime .event[data-fault="crash"] .dot, #spacetime .event[data-fault="drop"] .dot { stroke: var(--bad); }
#spacetime .event[data-fault="crash"] .mark { stroke: var(--bad); stroke-width: 3; stroke-linecap: round; }
#spacetime .event[data-fault="drop"] .dot { stroke-dasharray: 3 2; }
#spacetime .event[data-fault="duplicate"] .dot, #spacetime .event[data-fault="duplicate"] .mark { stroke: var(--copy); }
#spacetime .event[data-fault="duplicate"] .mark { fill: var(--copy); }
#spacetime .event[data-fault="partition"] .dot { fill: var(--net); stroke: var(--surface); }
#spacetime .event[data-fault="restart"] .dot { stroke: var(--ok); stroke-width: 3; }
#spacetime .event[data-fault="forge"] .dot { fill: var(--forged); stroke: var(--surface); }
#spacetime .event:hover .dot { filter: brightness(1.1); stroke-width: 3; }
#spacetime .event .halo { fill: none; stroke: var(--accent); stroke-width: 2.5; opacity: 0; }
#spacetime .event.selected .halo { opacity: 1; }
#spacetime .clock { display: none; font: 600 11px var(--mono); fill: var(--text); paint-order: stroke; stroke: var(--surface); stroke-width: 4px; stroke-linejoin: round; }
#spacetime.clocks-on .clock { display: inline; }
#spacetime.clocks-on .event.concurrent { opacity: .35; }
#spacetime.clocks-on .event.past .dot { fill: var(--ok); stroke: var(--surface); }
#spacetime.clocks-on .event.future .dot { fill: var(--warn); stroke: var(--surface); }
#spacetime .loop-arc { fill: none; stroke: var(--loop); stroke-width: 2; }
#spacetime .loop-head { fill: var(--loop); }

/* The selected step */
.inspector { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; padding: 18px 20px 22px; overscroll-behavior: contain; }
.inspector h2#sel-action { font: 600 16px/1.35 var(--mono); overflow-wrap: anywhere; margin-top: 2px; }
#sel-detail { margin: 6px 0 0; color: var(--muted); font-size: 13.5px; overflow-wrap: anywhere; }
.inspector h3 { font-size: 12px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; margin: 18px 0 8px; }
#invariants { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
#invariants li { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px; border-radius: 999px; font: 12.5px var(--mono); border: 1px solid var(--border); }
#invariants li[data-holds="true"] { color: var(--ok); background: var(--ok-soft); border-color: transparent; }
#invariants li[data-holds="false"] { color: var(--bad); background: var(--bad-soft); border-color: var(--bad); font-weight: 700; }
#invariants li.none { color: var(--muted); font-family: var(--sans); }
#changes { list-style: none; margin: 0; padding: 0; font: 12.5px/1.5 var(--mono); }
#changes li { padding: 3px 8px; border-radius: 5px; overflow-wrap: anywhere; }
#changes li + li { margin-top: 2px; }
#changes li.changed, #changes li.added, #changes li.set-added { background: var(--warn-soft); }
#changes li.removed, #changes li.set-removed { background: var(--surface-2); color: var(--muted); text-decoration: line-through; text-decoration-color: var(--faint); }
#changes li.none { color: var(--muted); font-family: var(--sans); }
.views { display: grid; grid-template-columns: minmax(0, 1fr); gap: 4px; }
.inspector h3#domain-title { text-transform: none; letter-spacing: 0; font-size: 13px; color: var(--text); overflow-wrap: anywhere; }
#domain-view { display: block; width: 100%; height: auto; max-height: 480px; margin: 0 auto; background: var(--surface-2); border-radius: 8px; color: var(--text); }
#domain-view text { font-family: var(--sans); }

/* The state tree */
#state { font: 13px/1.55 var(--mono); overflow-x: auto; }
#state details > summary { cursor: pointer; list-style: none; padding: 1px 4px; border-radius: 5px; white-space: nowrap; }
#state details > summary::-webkit-details-marker { display: none; }
#state details > summary::before { content: "▸"; display: inline-block; width: 14px; color: var(--faint); transition: transform .12s; }
#state details[open] > summary::before { transform: rotate(90deg); }
#state details > summary:hover { background: var(--surface-2); }
#state .kids { margin-left: 7px; padding-left: 12px; border-left: 1px solid var(--border); }
#state .leaf { padding: 1px 4px 1px 18px; border-radius: 5px; white-space: pre-wrap; overflow-wrap: anywhere; }
#state .key { color: var(--text); }
#state .key::after { content: ": "; color: var(--faint); }
#state .key.elem::after { content: ""; }
#state .key.elem { color: var(--faint); margin-right: 6px; }
#state .key.mapkey::after { content: " ↦ "; }
#state .type { color: var(--faint); font-size: 12px; margin-left: 2px; }
#state .preview { color: var(--muted); margin-left: 8px; }
#state details[open] > summary .preview { display: none; }
#state .str { color: #1d7a46; } #state .num { color: #2f5bd3; } #state .bool { color: #a2470f; } #state .null { color: var(--faint); }
@media (prefers-color-scheme: dark) { #state .str { color: #7dd3a0; } #state .num { color: #9db2ff; } #state .bool { color: #f0a56a; } }
#state .changed > summary, #state .leaf.changed { background: var(--warn-soft); box-shadow: inset 2px 0 0 var(--warn); }
#state .has-change > summary::after { content: " ●"; color: var(--warn); font-size: 10px; vertical-align: 2px; }
#state .was { margin-left: 10px; color: var(--muted); font-size: 12px; text-decoration: line-through; text-decoration-color: var(--faint); }
#state .more { margin: 4px 0 4px 18px; }
`;

export const INDEX_CSS = `
h1 { font-size: 24px; margin-bottom: 6px; }
.summary { color: var(--muted); margin: 0 0 18px; }
.summary strong { color: var(--text); }
.table-wrap { overflow-x: auto; }
table.configs { width: 100%; border-collapse: collapse; font-size: 14px; }
.configs th { text-align: left; font-size: 12px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; padding: 12px 14px; border-bottom: 1px solid var(--border-strong); white-space: nowrap; background: var(--surface-2); }
.configs th:not(.plain)::after { content: " ↕"; color: var(--faint); font-weight: 400; }
.configs td { padding: 11px 14px; border-bottom: 1px solid var(--border); vertical-align: top; }
.configs tbody tr:hover { background: var(--surface-2); }
.configs tr.mismatch { background: var(--bad-soft); }
.configs .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.configs .mark { font-weight: 700; font-size: 16px; text-align: center; }
.configs .mark.ok { color: var(--ok); } .configs .mark.bad { color: var(--bad); }
.configs .model { font-weight: 600; }
.configs .mono { font-size: 13px; white-space: nowrap; }
.configs .reductions { color: var(--muted); font-size: 12.5px; max-width: 360px; }
.configs a { color: var(--accent); font-weight: 600; text-decoration: none; }
.configs a:hover { text-decoration: underline; }
`;
