// Numbers and durations as the report writes them (the same conventions as the text output).

export const count = (n: number | null | undefined): string =>
  typeof n === "number" && Number.isFinite(n) ? n.toLocaleString("en-US") : "—";

export function seconds(s: number | null | undefined): string {
  if (typeof s !== "number" || !Number.isFinite(s)) return "—";
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 10) return `${s.toFixed(1)} s`;
  if (s >= 0.01) return `${s.toFixed(2)} s`;
  if (s >= 0.001) return `${s.toFixed(3)} s`;
  return "< 0.001 s";
}

export function bytes(n: number | null | undefined): string {
  if (typeof n !== "number" || !Number.isFinite(n)) return "—";
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function probability(p: number | null | undefined): string {
  return typeof p === "number" && Number.isFinite(p) ? p.toExponential(1) : "—";
}
