// What changed between two consecutive states of a trace, path by path, over their tagged JSON
// form (so sets and maps compare as values, whatever their insertion order). Reporters use it to
// show a step as its changes instead of a whole state.
import { showValue, type TaggedJson } from "../encoding/index.ts";

export type Change =
  | {
      readonly kind: "changed";
      readonly path: string;
      readonly before: TaggedJson;
      readonly after: TaggedJson;
    }
  | { readonly kind: "added"; readonly path: string; readonly after: TaggedJson }
  | { readonly kind: "removed"; readonly path: string; readonly before: TaggedJson }
  | { readonly kind: "set-added"; readonly path: string; readonly element: TaggedJson }
  | { readonly kind: "set-removed"; readonly path: string; readonly element: TaggedJson };

export function diffStates(before: TaggedJson, after: TaggedJson, path = ""): Change[] {
  const changes: Change[] = [];
  walk(before, after, path, changes);
  return changes;
}

function walk(before: TaggedJson, after: TaggedJson, path: string, out: Change[]): void {
  if (sameJson(before, after)) return;
  const beforeSet = setElements(before);
  const afterSet = setElements(after);
  if (beforeSet && afterSet) {
    const keyOf = (e: TaggedJson) => JSON.stringify(e);
    const had = new Set(beforeSet.map(keyOf));
    const has = new Set(afterSet.map(keyOf));
    for (const e of afterSet) if (!had.has(keyOf(e))) out.push({ kind: "set-added", path, element: e });
    for (const e of beforeSet) if (!has.has(keyOf(e))) out.push({ kind: "set-removed", path, element: e });
    return;
  }
  const beforeMap = mapEntries(before);
  const afterMap = mapEntries(after);
  if (beforeMap && afterMap) {
    for (const [key, value] of afterMap) {
      const sub = `${path}[${key}]`;
      if (!beforeMap.has(key)) out.push({ kind: "added", path: sub, after: value });
      else walk(beforeMap.get(key)!, value, sub, out);
    }
    for (const [key, value] of beforeMap)
      if (!afterMap.has(key)) out.push({ kind: "removed", path: `${path}[${key}]`, before: value });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++) walk(before[i]!, after[i]!, `${path}[${i}]`, out);
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) {
      const sub = path ? `${path}.${key}` : key;
      if (!(key in after)) out.push({ kind: "removed", path: sub, before: before[key]! });
      else if (!(key in before)) out.push({ kind: "added", path: sub, after: after[key]! });
      else walk(before[key]!, after[key]!, sub, out);
    }
    return;
  }
  out.push({ kind: "changed", path, before, after });
}

/** A tagged map's entries under their keys as text (a string key as itself, others as compact JSON). */
function mapEntries(value: TaggedJson): Map<string, TaggedJson> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const entries = (value as { [key: string]: TaggedJson })["#map"];
  if (!Array.isArray(entries) || Object.keys(value).length !== 1) return null;
  return new Map(
    (entries as TaggedJson[][]).map(
      ([k, v]) => [typeof k === "string" ? JSON.stringify(k) : showValue(k!), v!] as const,
    ),
  );
}

function setElements(value: TaggedJson): TaggedJson[] | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const elements = (value as { [key: string]: TaggedJson })["#set"];
  return Array.isArray(elements) && Object.keys(value).length === 1 ? elements : null;
}

function isRecord(value: TaggedJson): value is { [key: string]: TaggedJson } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !Object.keys(value).some((k) => k.startsWith("#"))
  );
}

function sameJson(a: TaggedJson, b: TaggedJson): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
