// The text of a sweep: a row per run (the swept values, the verdict, the states, each measure's
// minimum and maximum), then each measure across the sweep — its lowest minimum and highest
// maximum with the run that reached each, and their means, exact where the figures are integers.
import { describeMean, type SweepMeasure, type SweepResult, type SweepRun } from "../index.ts";

/** More runs than this print only the summary; --json FILE has every row. */
export const MAX_ROWS_SHOWN = 40;

export function renderSweep(result: SweepResult, command: string): string {
  const lines: string[] = [];
  const axes = result.axes.map((a) => a.param);
  const verdicts = countVerdicts(result.runs);
  lines.push(
    `${command}: ${result.runs.length} run${result.runs.length === 1 ? "" : "s"}${result.interrupted ? ` of ${result.planned} (interrupted)` : ""}, ${verdicts}`,
  );
  const measureNames = [...new Set(result.summaries.flatMap((g) => g.measures.map((m) => m.name)))];
  if (result.runs.length <= MAX_ROWS_SHOWN) {
    const header = [...axes, "verdict", "states", ...measureNames];
    const rows = result.runs.map((run) => [
      ...axes.map((a) => String(run.params[a])),
      run.detail === null ? run.verdict : `${run.verdict} (${run.detail})`,
      run.distinctStates.toLocaleString("en-US"),
      ...measureNames.map((name) => figure(run, name)),
    ]);
    lines.push("", ...table(header, rows));
  } else {
    lines.push(`(${result.runs.length} rows: --json FILE writes every one)`);
  }
  const last = axes.at(-1)!;
  for (const summary of result.summaries) {
    if (summary.measures.length === 0) continue;
    const fixed = Object.entries(summary.fixed).map(([k, v]) => `${k}=${String(v)}`);
    lines.push(
      "",
      `across ${last}${fixed.length ? ` at ${fixed.join(" ")}` : ""} (${summary.runs} run${summary.runs === 1 ? "" : "s"}):`,
    );
    for (const m of summary.measures) lines.push(...describeMeasure(m, [last], summary.runs));
  }
  return lines.join("\n");
}

function countVerdicts(runs: readonly SweepRun[]): string {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.verdict, (counts.get(run.verdict) ?? 0) + 1);
  if (counts.size === 1 && runs.length > 0)
    return runs.length === 1
      ? `it ${runs[0]!.verdict}`
      : `all ${runs[0]!.verdict === "holds" ? "hold" : runs[0]!.verdict}`;
  return [...counts].map(([verdict, n]) => `${n} ${verdict}`).join(", ");
}

function figure(run: SweepRun, name: string): string {
  const m = run.measures.find((x) => x.name === name);
  if (m === undefined || m.min === null || m.max === null) return "—";
  return m.min === m.max ? String(m.min) : `${m.min}..${m.max}`;
}

function describeMeasure(m: SweepMeasure, axes: readonly string[], runsOf: number): string[] {
  const at = (params: Readonly<Record<string, unknown>>) =>
    axes.map((a) => `${a}=${String(params[a])}`).join(" ");
  if (m.min === null || m.max === null) return [`  ${m.name}: no run completed an occurrence`];
  const out = [
    `  ${m.name}: min ${m.min.value} at ${at(m.min.params)}; max ${m.max.value} at ${at(m.max.params)}${m.runs < runsOf ? ` (${m.runs} runs measured it)` : ""}`,
  ];
  if (m.exactPerRun && m.meanOfMin !== null)
    out.push(`    mean ${describeMean(m.meanOfMin)} (each run's minimum equals its maximum)`);
  else {
    if (m.meanOfMin !== null) out.push(`    mean of the minimums ${describeMean(m.meanOfMin)}`);
    out.push(
      m.meanOfMax === null
        ? "    mean of the maximums: none, a maximum is unbounded"
        : `    mean of the maximums ${describeMean(m.meanOfMax)}`,
    );
  }
  return out;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  return [line(header), ...rows.map(line)];
}
