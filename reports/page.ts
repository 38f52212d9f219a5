// The document shell shared by the report and the index: one self-contained file. Styles and the
// script are inline; the data rides in a JSON script element. A Content-Security-Policy allows
// nothing to load from anywhere (default-src 'none') and runs only this exact stylesheet and
// script (by hash), so even a string that slipped into markup could neither fetch nor execute.
import { createHash } from "node:crypto";
import { scriptJson } from "./escape.ts";
import { fragment, h, type Markup, trusted } from "./html.ts";

export interface Page {
  readonly title: string;
  readonly css: string;
  readonly body: Markup;
  /** Embedded as <script type="application/json" id="report-data">. */
  readonly data?: unknown;
  /** The page's own script (a constant, never data). */
  readonly script?: string;
}

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

export function renderPage(page: Page): string {
  const policy = [
    "default-src 'none'",
    `style-src ${hash(page.css)}`,
    page.script === undefined ? "script-src 'none'" : `script-src ${hash(page.script)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const head = h(
    "head",
    {},
    h("meta", { charset: "utf-8" }),
    h("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
    h("meta", { "http-equiv": "Content-Security-Policy", content: policy }),
    h("meta", { name: "color-scheme", content: "light dark" }),
    // An empty icon: otherwise a browser serving the file over http would ask for /favicon.ico.
    h("link", { rel: "icon", href: "data:," }),
    h("title", {}, page.title),
    h("style", {}, trusted(page.css)),
  );
  const body = h(
    "body",
    {},
    page.body,
    page.data === undefined
      ? null
      : h("script", { type: "application/json", id: "report-data" }, trusted(scriptJson(page.data))),
    page.script === undefined ? null : h("script", {}, trusted(page.script)),
  );
  return `<!doctype html>\n${fragment(h("html", { lang: "en" }, head, body)).html}\n`;
}
