// Renaming the names of interchangeable elements (process ids, values) inside a state value, and
// describing what a value says about one element without naming the others. Both walk a state
// value the way the canonical encoding sees it (checker/encoding): sequences keep their order;
// object keys, maps and sets are unordered, so renaming may reorder them and descriptions sort
// them.
import {
  isImmutable,
  isList,
  isOrderedMap,
  isOrderedSet,
  isRecord,
  isStack,
  List,
  Map as ImmutableMap,
  OrderedMap,
  OrderedSet,
  Set as ImmutableSet,
  Stack,
} from "immutable";

type Renaming = ReadonlyMap<string, string>;

/**
 * A deep copy of a state value in which every string equal to a key of `mapping` is replaced by
 * its value: in object property values and keys, array elements, Map keys and values, Set
 * elements, and the same inside Immutable.js collections (rebuilt as the same type; a Record's
 * field names are its type, so only its values are renamed). Anything else is returned as it is.
 * A part with nothing to rename is returned itself, so unchanged parts stay shared. `mapping`
 * should be one to one: two keys renamed to one string would merge map entries or set elements.
 */
export function renameValues<T>(value: T, mapping: Renaming): T {
  return mapping.size === 0 ? value : (renamed(value, mapping) as T);
}

function renamed(value: unknown, mapping: Renaming): unknown {
  if (typeof value === "string") return mapping.get(value) ?? value;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return renamedItems(value, mapping) ?? value;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return renamedObject(value, proto, mapping);
  if (proto === Map.prototype) {
    const entries = renamedEntries([...(value as Map<unknown, unknown>)], mapping);
    return entries ? new Map(entries) : value;
  }
  if (proto === Set.prototype) {
    const items = renamedItems([...(value as Set<unknown>)], mapping);
    return items ? new Set(items) : value;
  }
  if (isImmutable(value)) return renamedImmutable(value, mapping);
  return value;
}

/** The items renamed, or null when none changed. */
function renamedItems(items: readonly unknown[], mapping: Renaming): unknown[] | null {
  let copy: unknown[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = renamed(items[i], mapping);
    if (item !== items[i] && copy === null) copy = items.slice(0, i);
    if (copy !== null) copy.push(item);
  }
  return copy;
}

/** The key–value pairs renamed, or null when none changed. */
function renamedEntries(
  entries: readonly (readonly [unknown, unknown])[],
  mapping: Renaming,
): [unknown, unknown][] | null {
  let changed = false;
  const copy = entries.map(([k, v]): [unknown, unknown] => {
    const key = renamed(k, mapping);
    const value = renamed(v, mapping);
    if (key !== k || value !== v) changed = true;
    return [key, value];
  });
  return changed ? copy : null;
}

function renamedObject(value: object, proto: object | null, mapping: Renaming): object {
  const entries = renamedEntries(Object.entries(value), mapping);
  if (entries === null) return value;
  // fromEntries defines own properties, so even a field named "__proto__" stays a field.
  const copy = Object.fromEntries(entries) as object;
  return proto === null ? Object.assign(Object.create(null) as object, copy) : copy;
}

function renamedImmutable(value: object, mapping: Renaming): unknown {
  if (isRecord(value)) {
    let record = value;
    for (const [field, v] of value.toSeq().entries()) {
      const r = renamed(v, mapping);
      if (r !== v) record = record.set(field, r);
    }
    return record;
  }
  const collection = value as { toArray(): unknown[]; entrySeq(): { toArray(): [unknown, unknown][] } };
  if (isOrderedMap(value) || ImmutableMap.isMap(value)) {
    const entries = renamedEntries(collection.entrySeq().toArray(), mapping);
    if (entries === null) return value;
    return isOrderedMap(value) ? OrderedMap(entries) : ImmutableMap(entries);
  }
  if (isList(value) || isStack(value) || isOrderedSet(value) || ImmutableSet.isSet(value)) {
    const items = renamedItems(collection.toArray(), mapping);
    if (items === null) return value;
    if (isList(value)) return List(items);
    if (isStack(value)) return Stack(items);
    return isOrderedSet(value) ? OrderedSet(items) : ImmutableSet(items);
  }
  return value;
}

/** What `self` is called in a signature. */
export const SELF_MARK = "★";
/** What every one of `others` is called in a signature. */
export const OTHER_MARK = "◇";

/**
 * A canonical text of `value` in which the string `self` is written ★ and every string in
 * `others` is written ◇. Sequences keep their order; object fields, map entries and set elements
 * are listed sorted by their own text, duplicates kept (after ◇ replaces the names of others,
 * two entries may read alike). So two values that differ only by a one-to-one renaming among
 * `others` give the same text: what a symmetry signature needs.
 */
export function anonymousSignature(value: unknown, self: string, others: ReadonlySet<string>): string {
  const text = (v: unknown): string => {
    switch (typeof v) {
      case "string":
        return v === self ? SELF_MARK : others.has(v) ? OTHER_MARK : JSON.stringify(v);
      case "number":
        return String(v); // String(-0) is "0", as the encoding treats it
      case "bigint":
        return `${v}n`;
      case "boolean":
      case "undefined":
        return String(v);
      case "object":
        if (v === null) return "null";
        return compound(v);
      default:
        return `?${typeof v}`;
    }
  };
  const sorted = (parts: string[]) => parts.sort().join(",");
  const pairs = (entries: Iterable<readonly [unknown, unknown]>) =>
    sorted([...entries].map(([k, v]) => `${text(k)}:${text(v)}`));

  const compound = (v: object): string => {
    if (Array.isArray(v)) return `[${v.map(text).join(",")}]`;
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null)
      return `{${pairs(Object.entries(v).filter(([, x]) => x !== undefined))}}`;
    if (proto === Map.prototype) return `map{${pairs(v as Map<unknown, unknown>)}}`;
    if (proto === Set.prototype) return `set{${sorted([...(v as Set<unknown>)].map(text))}}`;
    if (isImmutable(v)) {
      const c = v as { toArray(): unknown[]; entrySeq(): { toArray(): [unknown, unknown][] } };
      if (isRecord(v))
        return `{${pairs([...v.toSeq().entries()].filter(([, x]) => x !== undefined) as [unknown, unknown][])}}`;
      if (isOrderedMap(v))
        return `omap[${c
          .entrySeq()
          .toArray()
          .map(([k, x]) => `${text(k)}:${text(x)}`)
          .join(",")}]`;
      if (ImmutableMap.isMap(v)) return `map{${pairs(c.entrySeq().toArray())}}`;
      if (isOrderedSet(v)) return `oset[${c.toArray().map(text).join(",")}]`;
      if (ImmutableSet.isSet(v)) return `set{${sorted(c.toArray().map(text))}}`;
      if (isList(v) || isStack(v)) return `[${c.toArray().map(text).join(",")}]`;
    }
    return `?${Object.prototype.toString.call(v)}`;
  };

  return text(value);
}
