// The model's own picture of the selected state. reports/domain-view.ts cleaned it on the server;
// numbers and colours are checked again here, so that the page draws nothing but finite numbers
// and colour names or #hex whatever the data says.
import type { ViewData } from "../page-data.ts";
import { sv, svgTitle } from "./dom.ts";

const SAFE_COLOUR = /^(?:[a-z]+|#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}))$/;
const colour = (c: unknown, fallback: string): string =>
  typeof c === "string" && SAFE_COLOUR.test(c) ? c : fallback;
const n = (v: unknown): number => (typeof v === "number" && isFinite(v) ? v : 0);

export function drawDomainView(view: ViewData, titleEl: Element, svg: SVGSVGElement): void {
  titleEl.textContent = view.title;
  svg.replaceChildren();
  svg.setAttribute("viewBox", "0 0 " + n(view.width) + " " + n(view.height));
  svg.setAttribute("width", String(n(view.width)));
  svg.setAttribute("height", String(n(view.height)));
  // Fill the panel, but never blow a small picture up past one and a half times its size.
  svg.style.maxWidth = n(view.width) * 1.5 + "px";
  const defs = sv("defs");
  const markers = new Map<string, string>();
  /** One arrowhead marker per stroke colour, so that each head matches its line. */
  const markerFor = (stroke: string): string => {
    let id = markers.get(stroke);
    if (id === undefined) {
      id = "dv-head-" + markers.size;
      const m = sv("marker", {
        id,
        viewBox: "0 0 10 10",
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: "auto-start-reverse",
      });
      m.appendChild(sv("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: stroke }));
      defs.appendChild(m);
      markers.set(stroke, id);
    }
    return "url(#" + id + ")";
  };
  svg.appendChild(defs);
  for (const shape of view.shapes || []) {
    const g = sv("g");
    if (shape.kind === "rect" || shape.kind === "circle") {
      const node =
        shape.kind === "rect"
          ? sv("rect", {
              x: n(shape.x),
              y: n(shape.y),
              width: n(shape.width),
              height: n(shape.height),
              rx: 4,
            })
          : sv("circle", { cx: n(shape.cx), cy: n(shape.cy), r: n(shape.r) });
      node.setAttribute("fill", colour(shape.fill, "none"));
      node.setAttribute("stroke", colour(shape.stroke, "currentColor"));
      g.appendChild(node);
      if (shape.label !== undefined) {
        const cx = shape.kind === "rect" ? n(shape.x) + n(shape.width) / 2 : n(shape.cx);
        const cy = shape.kind === "rect" ? n(shape.y) + n(shape.height) / 2 : n(shape.cy);
        const label = sv("text", {
          x: cx,
          y: cy,
          "text-anchor": "middle",
          "dominant-baseline": "central",
          "font-size": 12,
          fill: "currentColor",
        });
        label.textContent = shape.label;
        g.appendChild(label);
      }
      if (shape.title !== undefined) svgTitle(g, shape.title);
    } else if (shape.kind === "line") {
      const stroke = colour(shape.stroke, "currentColor");
      const line = sv("line", {
        x1: n(shape.x1),
        y1: n(shape.y1),
        x2: n(shape.x2),
        y2: n(shape.y2),
        stroke,
        "stroke-width": 1.5,
      });
      if (shape.dashed) line.setAttribute("stroke-dasharray", "5 4");
      if (shape.arrow) line.setAttribute("marker-end", markerFor(stroke));
      g.appendChild(line);
    } else if (shape.kind === "text") {
      const text = sv("text", {
        x: n(shape.x),
        y: n(shape.y),
        "font-size": n(shape.size) || 12,
        fill: colour(shape.fill, "currentColor"),
      });
      text.setAttribute(
        "text-anchor",
        shape.anchor === "middle" || shape.anchor === "end" ? shape.anchor : "start",
      );
      text.textContent = String(shape.text);
      g.appendChild(text);
    }
    svg.appendChild(g);
  }
}
