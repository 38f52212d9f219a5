// A model's own picture of a state (DomainView), cleaned for the page: numbers that are finite,
// strings that are strings, colours that are CSS colour names or #hex (anything else, a url(…)
// above all, falls back to a default), and only the shapes the contract names. The page draws
// what is left with DOM calls, labels as text.
import { safeColour } from "./escape.ts";
import type { DomainView, Shape } from "./types.ts";

export const DEFAULT_FILL = "none";
export const DEFAULT_STROKE = "currentColor";
export const DEFAULT_TEXT = "currentColor";

export function cleanView(view: DomainView): DomainView {
  return {
    title: text(view.title),
    width: positive(view.width, 400),
    height: positive(view.height, 300),
    shapes: Array.isArray(view.shapes) ? view.shapes.flatMap((shape) => cleanShape(shape)) : [],
  };
}

function cleanShape(shape: Shape): Shape[] {
  switch (shape?.kind) {
    case "rect":
      return [
        {
          kind: "rect",
          x: num(shape.x),
          y: num(shape.y),
          width: positive(shape.width, 0),
          height: positive(shape.height, 0),
          fill: safeColour(shape.fill, DEFAULT_FILL),
          stroke: safeColour(shape.stroke, DEFAULT_STROKE),
          ...labels(shape),
        },
      ];
    case "circle":
      return [
        {
          kind: "circle",
          cx: num(shape.cx),
          cy: num(shape.cy),
          r: positive(shape.r, 0),
          fill: safeColour(shape.fill, DEFAULT_FILL),
          stroke: safeColour(shape.stroke, DEFAULT_STROKE),
          ...labels(shape),
        },
      ];
    case "line":
      return [
        {
          kind: "line",
          x1: num(shape.x1),
          y1: num(shape.y1),
          x2: num(shape.x2),
          y2: num(shape.y2),
          stroke: safeColour(shape.stroke, DEFAULT_STROKE),
          dashed: shape.dashed === true,
          arrow: shape.arrow === true,
        },
      ];
    case "text":
      return [
        {
          kind: "text",
          x: num(shape.x),
          y: num(shape.y),
          text: text(shape.text),
          size: positive(shape.size ?? 12, 12),
          anchor: shape.anchor === "middle" || shape.anchor === "end" ? shape.anchor : "start",
          fill: safeColour(shape.fill, DEFAULT_TEXT),
        },
      ];
    default:
      return [];
  }
}

function labels(shape: { label?: unknown; title?: unknown }): { label?: string; title?: string } {
  return {
    ...(shape.label === undefined ? {} : { label: text(shape.label) }),
    ...(shape.title === undefined ? {} : { title: text(shape.title) }),
  };
}

const text = (value: unknown): string => (typeof value === "string" ? value : String(value ?? ""));
const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);
const positive = (value: unknown, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback;
