// Tagged JSON as people read it in messages and reports, shorter than JSON: sets as {a, b}, maps
// as {k ↦ v}. It sits with the tagged form it reads, so that what explains a state (a symmetry
// fault, a trace step, a state diff) shows it the same way.
import type { TaggedJson } from "./tagged-json.ts";

/** A tagged JSON value written compactly for people: sets as {a, b}, maps as {k ↦ v}. */
export function showValue(value: TaggedJson): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(showValue).join(", ")}]`;
  const tags = Object.keys(value);
  if (tags.length === 1 && tags[0]!.startsWith("#")) {
    const inner = value[tags[0]!]!;
    switch (tags[0]) {
      case "#set":
      case "#oset":
        return `{${(inner as TaggedJson[]).map(showValue).join(", ")}}`;
      case "#map":
      case "#omap":
        return `{${(inner as TaggedJson[][]).map(([k, v]) => `${showValue(k!)} ↦ ${showValue(v!)}`).join(", ")}}`;
      case "#bigint":
        return `${String(inner)}n`;
      case "#undefined":
        return "undefined";
      case "#number":
        return String(inner);
    }
  }
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}: ${showValue(v)}`)
    .join(", ")}}`;
}
