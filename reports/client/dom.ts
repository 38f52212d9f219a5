// Element builders. Every string from the model goes in through textContent or an attribute value,
// never through markup.

/**
 * The SVG namespace, taken from the page's own <svg> (the diagram's or the domain view's): spelled
 * out it would be a URL, and a report names none (specs/report-render.spec.ts).
 */
let svgNamespace: string | null | undefined;

export type Attributes = Readonly<Record<string, string | number>>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string | null,
  text?: string | number | null,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

export function sv<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes?: Attributes | null,
  className?: string,
): SVGElementTagNameMap[K] {
  svgNamespace ??= document.querySelector("svg")?.namespaceURI ?? null;
  // In that namespace the element is of the type its tag names.
  const e = document.createElementNS(svgNamespace, tag) as SVGElementTagNameMap[K];
  if (attributes) for (const name in attributes) e.setAttribute(name, String(attributes[name]));
  if (className) e.setAttribute("class", className);
  return e;
}

/** A tooltip for an SVG element (SVG has no title attribute). */
export function svgTitle(parent: Element, text: string): void {
  const t = sv("title");
  t.textContent = text;
  parent.appendChild(t);
}

/** The element of that id if it is of that type. */
export function byId<T extends Element>(id: string, type: abstract new () => T): T | null {
  const e = document.getElementById(id);
  return e instanceof type ? e : null;
}

/** An element the server always writes beside a trace: its absence is a bug in the report. */
export function required<T extends Element>(id: string, type: abstract new () => T): T {
  const e = byId(id, type);
  if (e === null) throw new Error(`the report has no #${id} of the expected kind`);
  return e;
}
