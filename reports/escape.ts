// Everything a model names (states, actions, messages, process names, violation messages, labels of
// domain views) reaches the page as text, never as markup. These are the only ways data crosses
// into the HTML document.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON to sit inside <script type="application/json">. `<`, `>` and `&` are written as \u escapes
 * so no string can close the script element or open a comment; U+2028 and U+2029 too, which older
 * JavaScript parsers took for line ends. JSON.parse reads the escapes back as the same characters.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** CSS colour names ("steelblue") and #hex ("#0a0", "#00aa0080") only: a url(…) would fetch. */
const SAFE_COLOUR = /^(?:[a-z]+|#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}))$/;

export function safeColour(colour: unknown, fallback: string): string {
  return typeof colour === "string" && SAFE_COLOUR.test(colour) ? colour : fallback;
}

/**
 * A link target that stays on disk: a relative path, no scheme (so no http:, no javascript:), no
 * protocol-relative "//host". Anything else gets no link.
 */
export function safeRelativeHref(href: string | null): string | null {
  if (href === null || href === "") return null;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(href) || href.startsWith("//") || href.startsWith("\\")) return null;
  return href;
}
