// The script inside the report, bundled into the page by reports/client.ts. It reads the embedded
// JSON (#report-data, whose shape is reports/page-data.ts) and builds the trace views with DOM
// calls: every string from the model goes in through textContent or an attribute value, never
// through innerHTML.
import type { ReportData } from "../page-data.ts";
import { clearCausality, markCausality } from "./causality.ts";
import { wireCopyButton } from "./copy-command.ts";
import { type Diagram, drawSpacetime, placeLaneHead } from "./diagram.ts";
import { byId } from "./dom.ts";
import { inspector } from "./inspector.ts";
import { wireKeyboard } from "./keyboard.ts";
import { buildStepList } from "./step-list.ts";
import { stepping } from "./stepping.ts";

/** The page's test hook (specs/report.browser.spec.ts). */
interface ReportHook {
  select(i: number): void;
  selected(): number;
}

declare global {
  interface Window {
    __report: ReportHook;
  }
}

function start(): void {
  wireCopyButton();

  const dataEl = document.getElementById("report-data");
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent || "{}") as ReportData;
  const steps = data.steps || [];
  const count = steps.length;
  const list = byId("steps", HTMLElement);
  if (count === 0 || !list) {
    window.__report = { select: () => {}, selected: () => -1 };
    return;
  }

  const items = buildStepList(list, steps, data.loopStart);
  const layout = data.spacetime;
  const svg = byId("spacetime", SVGSVGElement);
  let view: Diagram | null = null;
  if (layout && svg) view = drawSpacetime(layout, svg, count, data.loopStart, (i) => trace.select(i));
  if (layout) placeLaneHead(layout);
  const events = view?.events ?? [];

  const showStep = inspector(data);
  let clocksOn = false;
  const trace = stepping(list, items, view && layout && { view, rowHeight: layout.rowHeight }, (i) => {
    showStep(i);
    if (clocksOn) markCausality(events, view?.eventsAt.get(i));
  });

  const clocksToggle = byId("show-clocks", HTMLInputElement);
  if (clocksToggle && svg) {
    const applyClocks = () => {
      clocksOn = clocksToggle.checked;
      svg.classList.toggle("clocks-on", clocksOn);
      document.body.classList.toggle("clocks-on", clocksOn);
      if (clocksOn) markCausality(events, view?.eventsAt.get(trace.current()));
      else clearCausality(events);
    };
    clocksToggle.addEventListener("change", applyClocks);
    applyClocks();
  }

  wireKeyboard(count, trace.current, (i) => trace.select(i, true));

  window.__report = {
    select: (i) => trace.select(Number(i), true),
    selected: trace.current,
  };
  trace.select(count - 1);
}

start();
