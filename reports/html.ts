// A small builder for server-side markup in which data can only ever be text: strings passed as
// children or attribute values are escaped; markup comes only from `h` itself and from `trusted`,
// which takes the report's own constants (its stylesheet, its script), never data.
import { escapeHtml } from "./escape.ts";

/** Markup that is safe to place in a document as it is. */
export interface Markup {
  readonly html: string;
}

export type Child = Markup | string | number | null | undefined | false;
export type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

const VOID = new Set(["meta", "link", "br", "hr", "input", "img", "col"]);

export function h(tag: string, attributes: Attributes = {}, ...children: readonly Child[]): Markup {
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    open += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  if (VOID.has(tag)) return { html: `${open}>` };
  return { html: `${open}>${fragment(...children).html}</${tag}>` };
}

/** Several children side by side, without an element around them. */
export function fragment(...children: readonly Child[]): Markup {
  let html = "";
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    html += typeof child === "object" ? child.html : escapeHtml(String(child));
  }
  return { html };
}

/** The report's own constant markup (never data from a model). */
export function trusted(html: string): Markup {
  return { html };
}
