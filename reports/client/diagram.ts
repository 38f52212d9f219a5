// The space-time diagram, drawn from the layout reports/spacetime.ts computed: lanes, the message
// arrows, the events with their vector clocks, the partition and loop bands, and the highlighted
// row of the selected step. A click on an event or an arrow selects its step.
import type { EventMark, SpacetimeLayout } from "../page-data.ts";
import type { VectorClock } from "./clocks.ts";
import { sv, svgTitle } from "./dom.ts";

export interface EventView {
  readonly g: SVGGElement;
  /** Null for an event that takes no part in happens-before. */
  readonly clock: VectorClock | null;
}

export interface ArrowView {
  readonly g: SVGGElement;
  readonly shaft: SVGPathElement;
  /** The marker of its arrowhead when not selected; null for a message lost (a cross). */
  readonly head: string | null;
  /** The step a click on it selects: where it was received, else lost, else sent. */
  readonly target: number;
}

export interface Diagram {
  readonly highlight: SVGRectElement;
  readonly eventsAt: ReadonlyMap<number, EventView>;
  /** The arrows sent, received or lost at each step. */
  readonly arrowsAt: ReadonlyMap<number, readonly ArrowView[]>;
  readonly events: readonly EventView[];
}

export function drawSpacetime(
  L: SpacetimeLayout,
  svg: SVGSVGElement,
  count: number,
  loopStart: number | null | undefined,
  select: (step: number) => void,
): Diagram {
  const R = L.rowHeight;
  svg.setAttribute("width", String(L.width));
  svg.setAttribute("height", String(L.height));
  svg.setAttribute("viewBox", "0 0 " + L.width + " " + L.height);
  const defs = sv("defs");
  // One arrowhead per kind of arrow, each its own class so the stylesheet colours it.
  const arrowHead = (id: string, className: string) => {
    const marker = sv("marker", {
      id,
      viewBox: "0 0 10 10",
      refX: 8.5,
      refY: 5,
      markerWidth: 9,
      markerHeight: 9,
      markerUnits: "userSpaceOnUse",
      orient: "auto-start-reverse",
    });
    marker.appendChild(sv("path", { d: "M 0 0 L 10 5 L 0 10 z" }, className));
    defs.appendChild(marker);
  };
  for (const variant of ["", "active", "copy", "forged"]) {
    arrowHead("st-head" + (variant ? "-" + variant : ""), "head" + (variant ? " " + variant : ""));
  }
  const hatch = sv("pattern", {
    id: "st-hatch",
    width: 8,
    height: 8,
    patternUnits: "userSpaceOnUse",
    patternTransform: "rotate(45)",
  });
  hatch.appendChild(sv("line", { x1: 0, y1: 0, x2: 0, y2: 8 }, "hatch-line"));
  defs.appendChild(hatch);
  arrowHead("st-loop-head", "loop-head");
  svg.appendChild(defs);

  const highlight = sv("rect", { x: 0, y: 0, width: L.width, height: R }, "row-highlight");
  svg.appendChild(highlight);

  const bands = sv("g", null, "bands");
  const networkLane = L.lanes.filter((lane) => lane.network)[0];
  for (const b of L.bands) {
    bands.appendChild(
      sv("rect", { x: 0, y: b.y1, width: L.width, height: Math.max(0, b.y2 - b.y1) }, "band " + b.kind),
    );
    // A partition's label sits left of the network lane, whose diamonds mark the cut and the heal.
    const labelX = b.kind === "partition" && networkLane ? networkLane.x - 14 : L.width - 8;
    const label = sv("text", { x: labelX, y: b.y1 + 13, "text-anchor": "end" }, "band-label " + b.kind);
    label.textContent = b.kind === "loop" ? "↻ repeats forever" : "partitioned";
    bands.appendChild(label);
  }
  svg.appendChild(bands);

  let rowPath = "";
  for (let r = 1; r <= count; r++) rowPath += "M 0 " + (r * R - 0.5) + " H " + L.width + " ";
  svg.appendChild(sv("path", { d: rowPath }, "row-line"));

  const lanes = sv("g", null, "lanes");
  for (const lane of L.lanes) {
    const g = sv("g", null, "lane" + (lane.network ? " network" : ""));
    g.setAttribute("data-lane", lane.name);
    g.appendChild(sv("line", { x1: lane.x, y1: R / 2, x2: lane.x, y2: L.height }, "lane-line"));
    for (const d of lane.down)
      g.appendChild(sv("line", { x1: lane.x, y1: d.y1, x2: lane.x, y2: d.y2 }, "lane-down"));
    if (!lane.network)
      g.appendChild(sv("rect", { x: lane.x - 5, y: R / 2 - 5, width: 10, height: 10, rx: 2 }, "lane-start"));
    svgTitle(g, lane.network ? "the network (partitions and heals)" : "process " + lane.name);
    lanes.appendChild(g);
  }
  svg.appendChild(lanes);

  if (loopStart !== null && loopStart !== undefined && loopStart < count - 1) {
    const xr = L.width - 14;
    const yEnd = (count - 1) * R + R / 2;
    const yStart = loopStart * R + R / 2;
    svg.appendChild(
      sv(
        "path",
        {
          d: `M ${xr - 10} ${yEnd} C ${xr + 6} ${yEnd}, ${xr + 6} ${yStart}, ${xr - 10} ${yStart}`,
          "marker-end": "url(#st-loop-head)",
        },
        "loop-arc",
      ),
    );
  }

  const arrowsAt = new Map<number, ArrowView[]>();
  const arrowOf = new WeakMap<Element, ArrowView>();
  const arrows = sv("g", null, "arrows");
  for (const a of L.arrows) {
    const g = sv("g", null, "arrow kind-" + a.kind);
    // One data-arrow per message; a redelivery on a duplicating network repeats one already drawn.
    g.setAttribute(a.counted ? "data-arrow" : "data-redelivery-arrow", "");
    if (a.kind === "initial") g.setAttribute("data-initial", "true");
    g.setAttribute("data-send-step", String(a.sendStep));
    if (a.receiveStep !== null) g.setAttribute("data-receive-step", String(a.receiveStep));
    if (a.pending) g.setAttribute("data-pending", "true");
    if (a.dropStep !== null && a.receiveStep === null) {
      g.setAttribute("data-dropped", "true");
      g.setAttribute("data-drop-step", String(a.dropStep));
    }
    if (a.kind === "copy") g.setAttribute("data-copy", "true");
    if (a.kind === "forged") g.setAttribute("data-forged", "true");
    g.setAttribute("data-from", a.from);
    g.setAttribute("data-to", a.to);
    // A wide transparent twin of the shaft, so that a thin arrow is easy to click.
    g.appendChild(sv("path", { d: a.d }, "hit"));
    const shaft = sv("path", { d: a.d }, "shaft");
    const head = a.kind === "copy" ? "st-head-copy" : a.kind === "forged" ? "st-head-forged" : "st-head";
    if (a.end === "arrow") shaft.setAttribute("marker-end", "url(#" + head + ")");
    g.appendChild(shaft);
    const label = sv("text", { x: a.labelX, y: a.labelY - 6, "text-anchor": "middle" }, "msg-label");
    label.textContent = a.message.length > 28 ? a.message.slice(0, 27) + "…" : a.message;
    g.appendChild(label);
    const fate =
      a.receiveStep !== null
        ? "received at step " + (a.receiveStep + 1)
        : a.dropStep !== null
          ? "lost at step " + (a.dropStep + 1)
          : "never received in this trace";
    const origin =
      a.kind === "initial"
        ? "in flight from the start"
        : a.kind === "copy"
          ? "a copy made at step " + (a.sendStep + 1)
          : a.kind === "redelivery"
            ? "delivered again (sent at step " + (a.sendStep + 1) + ")"
            : "sent at step " + (a.sendStep + 1);
    svgTitle(g, a.message + "\n" + a.from + " → " + a.to + ": " + origin + ", " + fate);
    arrows.appendChild(g);
    const view: ArrowView = {
      g,
      shaft,
      head: a.end === "arrow" ? head : null,
      target: a.receiveStep !== null ? a.receiveStep : a.dropStep !== null ? a.dropStep : a.sendStep,
    };
    arrowOf.set(g, view);
    for (const at of [a.sendStep, a.receiveStep, a.dropStep]) {
      if (at === null || at === undefined) continue;
      const here = arrowsAt.get(at);
      if (here) here.push(view);
      else arrowsAt.set(at, [view]);
    }
  }
  svg.appendChild(arrows);

  const eventsAt = new Map<number, EventView>();
  const eventList: EventView[] = [];
  const events = sv("g", null, "events");
  for (const e of L.events) {
    const g = sv("g", null, "event kind-" + e.kind);
    g.setAttribute("data-event", String(e.step));
    g.setAttribute("data-process", e.lane);
    if (e.fault) g.setAttribute("data-fault", e.fault);
    g.appendChild(sv("circle", { cx: e.x, cy: e.y, r: 11 }, "halo"));
    drawMark(g, e);
    const clock = sv("text", { x: e.x + 13, y: e.y + 4 }, "clock");
    clock.setAttribute("data-clock", "");
    clock.textContent = e.clockText;
    g.appendChild(clock);
    svgTitle(
      g,
      e.title + "\nvector clock " + e.clockText + (e.clock ? " (" + L.processes.join(", ") + ")" : ""),
    );
    events.appendChild(g);
    // Drops, duplicates and partitions are the network's: they take no part in happens-before.
    const network = e.fault === "drop" || e.fault === "duplicate" || e.fault === "partition";
    const view: EventView = { g, clock: network ? null : e.clock };
    eventsAt.set(e.step, view);
    eventList.push(view);
  }
  svg.appendChild(events);

  svg.addEventListener("click", (ev) => {
    const target = ev.target;
    if (!(target instanceof Element)) return;
    const event = target.closest("[data-event]");
    if (event) {
      select(Number(event.getAttribute("data-event")));
      return;
    }
    const arrow = target.closest(".arrow");
    const view = arrow && arrowOf.get(arrow);
    if (view) select(view.target);
  });

  return { highlight, eventsAt, arrowsAt, events: eventList };
}

function drawMark(g: SVGGElement, e: EventMark): void {
  const x = e.x;
  const y = e.y;
  switch (e.fault) {
    case "crash":
      g.appendChild(sv("circle", { cx: x, cy: y, r: 8 }, "dot"));
      g.appendChild(
        sv(
          "path",
          {
            d: `M ${x - 4.5} ${y - 4.5} L ${x + 4.5} ${y + 4.5} M ${x - 4.5} ${y + 4.5} L ${x + 4.5} ${y - 4.5}`,
          },
          "mark",
        ),
      );
      return;
    case "duplicate":
      g.appendChild(sv("circle", { cx: x, cy: y, r: 8 }, "dot"));
      g.appendChild(sv("circle", { cx: x, cy: y, r: 3.5 }, "mark"));
      return;
    case "partition":
      g.appendChild(
        sv("path", { d: `M ${x} ${y - 9} L ${x + 9} ${y} L ${x} ${y + 9} L ${x - 9} ${y} z` }, "dot"),
      );
      return;
    case "forge":
      g.appendChild(
        sv("path", { d: `M ${x} ${y - 9} L ${x + 8.5} ${y + 6} L ${x - 8.5} ${y + 6} z` }, "dot"),
      );
      return;
    default:
      g.appendChild(sv("circle", { cx: x, cy: y, r: e.fault ? 8 : 7 }, "dot"));
  }
}

/** With one selected: the arrow drawn strong, its head in the selection's colour. */
export function setArrowActive(a: ArrowView, on: boolean): void {
  a.g.classList.toggle("active", on);
  if (a.head) a.shaft.setAttribute("marker-end", "url(#" + (on ? "st-head-active" : a.head) + ")");
}

/**
 * The sticky lane names above the diagram sit at the lanes' x (set through CSSOM, which the page's
 * Content-Security-Policy allows where a style attribute would be refused).
 */
export function placeLaneHead(L: SpacetimeLayout): void {
  const laneHead = document.querySelector<HTMLElement>(".diagram-head");
  if (!laneHead) return;
  laneHead.style.width = L.width + "px";
  laneHead.querySelectorAll<HTMLElement>("[data-lane-label]").forEach((label) => {
    label.style.left = Number(label.getAttribute("data-x")) + "px";
  });
}
