// HTML reports of a run, each one self-contained file that opens from disk with the network off.
//
// Usage: `renderReport({ result, command, generatedAt })` takes a result in its JSON form
// (toResultJson, the schema of `--json FILE`), the command that reproduces the run, and optionally
// when it was made; it returns the whole document as a string, for `check … --html FILE`. The top
// (verdict, violation, command, figures, reduction ledger) is plain HTML; a counterexample adds
// three linked views of its trace, drawn by an inline script from the result embedded as JSON: the
// space-time diagram of an actor model, the step list, and the state at the selected step with
// what changed, its invariants and the model's own domain view. `renderIndex(entries)` returns the
// index.html of `check --all --html DIR`: one table row per configuration, linking to its report.
// Nothing here reaches the network, and every string from a model is shown as text.
import type { ResultJson } from "../checker/index.ts";
import { clientScript } from "./client.ts";
import { factsSection, headerSection, outcomeSection } from "./header.ts";
import { h } from "./html.ts";
import { measuresSection } from "./measures-section.ts";
import { renderPage } from "./page.ts";
import { reportData } from "./report-data.ts";
import { BASE_CSS, REPORT_CSS } from "./styles.ts";
import { traceSection } from "./trace-section.ts";

export { type IndexEntry, renderIndex } from "./index-page.ts";

export interface ReportInput {
  readonly result: ResultJson;
  /** The command that reproduces the run, as a user would type it. */
  readonly command: string;
  /** When the report was made (ISO 8601); left out, the report is byte-for-byte reproducible. */
  readonly generatedAt?: string;
}

export function renderReport(input: ReportInput): string {
  const { result, command, generatedAt } = input;
  const data = reportData(result);
  const body = h(
    "main",
    { class: "page", "data-verdict": result.verdict },
    headerSection(result, command),
    outcomeSection(result),
    factsSection(result),
    measuresSection(result),
    traceSection(data),
    h(
      "footer",
      { class: "generated" },
      generatedAt ? `Generated ${generatedAt} · ` : "",
      "a self-contained report: it loads nothing from the network",
    ),
  );
  const title = `${result.model} — ${result.verdict}${result.violation ? ` (${result.violation.name})` : ""}`;
  return renderPage({ title, css: BASE_CSS + REPORT_CSS, body, data, script: clientScript() });
}
