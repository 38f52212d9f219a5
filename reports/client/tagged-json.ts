// Tagged JSON as checker/trace/state-diff.ts reads and writes it, for the state tree: what kind a
// value is, its children with the paths diffStates gives them, and a compact text of it, the same
// as showValue's (specs/report-render.spec.ts holds the two to it), cut short for previews.
import type { TaggedJson } from "../page-data.ts";

export type Kind = "null" | "str" | "num" | "bool" | "list" | "set" | "map" | "record";
export type ContainerKind = "list" | "set" | "map" | "record";

export interface Child {
  readonly key: string;
  readonly keyKind: "index" | "field" | "elem" | "mapkey";
  readonly value: TaggedJson;
  readonly path: string;
  /** A set element's JSON, as ChangeData.element names it. */
  readonly element?: string;
}

type TaggedObject = { readonly [key: string]: TaggedJson };

function tagOf(v: TaggedJson): string | null {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  const [only] = keys;
  return keys.length === 1 && only !== undefined && only.charAt(0) === "#" ? only : null;
}

/** The elements of a set or the entries of a map. */
function tagged(v: TaggedJson): readonly TaggedJson[] {
  const tag = tagOf(v);
  return tag === null ? [] : ((v as TaggedObject)[tag] as TaggedJson[]);
}

function entries(v: TaggedJson): readonly (readonly [TaggedJson, TaggedJson])[] {
  return tagged(v) as unknown as readonly (readonly [TaggedJson, TaggedJson])[];
}

/** A value written compactly (showValue), stopping once past max characters. */
export function show(value: TaggedJson, max?: number): string {
  const out: string[] = [];
  let length = 0;
  const limit = max || Infinity;
  const put = (s: string) => {
    out.push(s);
    length += s.length;
  };
  const walk = (v: TaggedJson): void => {
    if (length > limit) return;
    if (v === null || typeof v !== "object") {
      put(JSON.stringify(v));
      return;
    }
    if (Array.isArray(v)) {
      put("[");
      for (let i = 0; i < v.length && length <= limit; i++) {
        if (i) put(", ");
        walk(v[i]!);
      }
      put("]");
      return;
    }
    const tag = tagOf(v);
    if (tag === "#set" || tag === "#oset") {
      const elements = tagged(v);
      put("{");
      for (let i = 0; i < elements.length && length <= limit; i++) {
        if (i) put(", ");
        walk(elements[i]!);
      }
      put("}");
      return;
    }
    if (tag === "#map" || tag === "#omap") {
      const pairs = entries(v);
      put("{");
      for (let i = 0; i < pairs.length && length <= limit; i++) {
        if (i) put(", ");
        walk(pairs[i]![0]);
        put(" ↦ ");
        walk(pairs[i]![1]);
      }
      put("}");
      return;
    }
    if (tag === "#bigint") {
      put(String(v[tag]) + "n");
      return;
    }
    if (tag === "#undefined") {
      put("undefined");
      return;
    }
    if (tag === "#number") {
      put(String(v[tag]));
      return;
    }
    put("{");
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length && length <= limit; i++) {
      if (i) put(", ");
      put(keys[i]! + ": ");
      walk(v[keys[i]!]!);
    }
    put("}");
  };
  walk(value);
  const text = out.join("");
  return text.length > limit ? text.slice(0, limit) + "…" : text;
}

export function kindOf(v: TaggedJson): Kind {
  if (v === null) return "null";
  if (typeof v === "string") return "str";
  if (typeof v === "number") return "num";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "list";
  const tag = tagOf(v);
  if (tag === "#set" || tag === "#oset") return "set";
  if (tag === "#map" || tag === "#omap") return "map";
  if (tag === "#bigint" || tag === "#number") return "num";
  if (tag === "#undefined") return "null";
  return "record";
}

export function isContainer(kind: Kind): kind is ContainerKind {
  return kind === "list" || kind === "set" || kind === "map" || kind === "record";
}

/** The children of a container, each with the path diffStates gives it. */
export function childrenOf(v: TaggedJson, kind: ContainerKind, path: string): Child[] {
  const out: Child[] = [];
  if (kind === "list") {
    const items = v as readonly TaggedJson[];
    for (let i = 0; i < items.length; i++)
      out.push({ key: String(i), keyKind: "index", value: items[i]!, path: path + "[" + i + "]" });
  } else if (kind === "record") {
    const record = v as TaggedObject;
    for (const k of Object.keys(record)) {
      // A field whose own name begins with "#" is written with one more.
      const key = k.slice(0, 2) === "##" ? k.slice(1) : k;
      out.push({ key, keyKind: "field", value: record[k]!, path: path ? path + "." + k : k });
    }
  } else if (kind === "set") {
    const elements = tagged(v);
    for (let i = 0; i < elements.length; i++)
      out.push({
        key: "•",
        keyKind: "elem",
        value: elements[i]!,
        path: path + "{" + i + "}",
        element: JSON.stringify(elements[i]),
      });
  } else {
    for (const [key, value] of entries(v)) {
      const keyText = typeof key === "string" ? JSON.stringify(key) : show(key);
      out.push({ key: show(key, 80), keyKind: "mapkey", value, path: path + "[" + keyText + "]" });
    }
  }
  return out;
}

export function sizeOf(v: TaggedJson, kind: ContainerKind): number {
  if (kind === "list") return (v as readonly TaggedJson[]).length;
  if (kind === "record") return Object.keys(v as TaggedObject).length;
  return tagged(v).length;
}

export function typeText(kind: ContainerKind, size: number): string {
  if (kind === "list") return "list · " + size;
  if (kind === "set") return "set · " + size;
  if (kind === "map") return "map · " + size;
  return "{" + size + "}";
}
