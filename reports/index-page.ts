// The index of `check --all --html DIR`: one row per configuration with its verdict against the
// expected one, its figures and reductions, linking to its report. Plain HTML and CSS, no script.
import { safeRelativeHref } from "./escape.ts";
import { count, seconds } from "./format.ts";
import { h, type Markup } from "./html.ts";
import { renderPage } from "./page.ts";
import { BASE_CSS, INDEX_CSS } from "./styles.ts";

export interface IndexEntry {
  model: string;
  config: string;
  variant: string;
  /** What the configuration expects ("holds", "violates mutualExclusion"). */
  expected: string;
  /** What the run gave, in words ("as expected", or what differed). */
  got: string;
  matched: boolean;
  distinctStates: number | null;
  depth: number | null;
  seconds: number;
  /** The reduction ledger in words. */
  reductions: string;
  /** The configuration's report, relative to the index; null when there is none. */
  href: string | null;
}

const COLUMNS = [
  "",
  "model",
  "configuration",
  "variant",
  "expected",
  "got",
  "distinct states",
  "depth",
  "time",
  "reductions",
  "report",
];

export function renderIndex(
  entries: readonly IndexEntry[],
  title = "Model checker: every configuration",
): string {
  const matched = entries.filter((e) => e.matched).length;
  const body = h(
    "main",
    { class: "page" },
    h("p", { class: "eyebrow" }, "check --all"),
    h("h1", {}, title),
    h(
      "p",
      { class: "summary", id: "summary" },
      h("strong", {}, count(entries.length)),
      ` configuration${entries.length === 1 ? "" : "s"} · `,
      h("strong", {}, count(matched)),
      " as expected · ",
      h("strong", {}, count(entries.length - matched)),
      " not",
      " ",
      h(
        "span",
        { class: `verdict ${matched === entries.length ? "holds" : "violated"}` },
        matched === entries.length ? "✓ all matched" : "✗ some did not match",
      ),
    ),
    h(
      "div",
      { class: "card table-wrap" },
      h(
        "table",
        { class: "configs", id: "configs" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...COLUMNS.map((c) =>
              h("th", { scope: "col", ...(c === "" ? { "aria-label": "matched", class: "plain" } : {}) }, c),
            ),
          ),
        ),
        h("tbody", {}, ...entries.map(row)),
      ),
    ),
  );
  return renderPage({ title, css: BASE_CSS + INDEX_CSS, body });
}

function row(entry: IndexEntry): Markup {
  const href = safeRelativeHref(entry.href);
  return h(
    "tr",
    { class: entry.matched ? "match" : "mismatch", "data-matched": entry.matched },
    h(
      "td",
      {
        class: `mark ${entry.matched ? "ok" : "bad"}`,
        title: entry.matched ? "as expected" : "not as expected",
      },
      entry.matched ? "✓" : "✗",
    ),
    h("td", { class: "model" }, entry.model),
    h("td", { class: "mono" }, entry.config),
    h("td", { class: "mono" }, entry.variant),
    h("td", {}, entry.expected),
    h("td", {}, entry.got),
    h("td", { class: "num" }, count(entry.distinctStates)),
    h("td", { class: "num" }, count(entry.depth)),
    h("td", { class: "num" }, seconds(entry.seconds)),
    h("td", { class: "reductions" }, entry.reductions || "—"),
    h("td", {}, href === null ? "—" : h("a", { href }, "report →")),
  );
}
