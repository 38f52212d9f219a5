// The reduction ledger (stats.reductions) as rows a person reads: what ran and what it pruned, or
// why it did not run. The wording follows the text output (checker/cli/render-text.ts).
import type { Stats } from "../checker/index.ts";
import { count } from "./format.ts";

export interface LedgerRow {
  readonly reduction: string;
  /** on / off, or for the audit: agrees / differs. */
  readonly status: "on" | "off" | "agrees" | "differs";
  readonly detail: string;
}

export function ledgerRows(ledger: Stats["reductions"] | undefined): LedgerRow[] {
  const rows: LedgerRow[] = [];
  if (!ledger) return rows;
  const po = ledger.partialOrder;
  if (po?.active)
    rows.push({
      reduction: "partial-order reduction",
      status: "on",
      detail: `${count(po.prunedTransitions)} transitions pruned in ${count(po.reducedStates)} states; ${count(po.provisoExpansions)} full expansions forced by the cycle proviso`,
    });
  else if (po) rows.push({ reduction: "partial-order reduction", status: "off", detail: po.reason });
  const sym = ledger.symmetry;
  if (sym?.active) {
    const approximate =
      sym.approximate > 0 ? `, ${count(sym.approximate)} of them by a sound approximation` : "";
    rows.push({
      reduction: "symmetry reduction",
      status: "on",
      detail: `${count(sym.renamedStates)} successors replaced by their orbit's representative${approximate}`,
    });
  } else if (sym) rows.push({ reduction: "symmetry reduction", status: "off", detail: sym.reason });
  const audit = ledger.audit;
  if (audit)
    rows.push({
      reduction: "audit without reductions",
      status: audit.agrees ? "agrees" : "differs",
      detail: audit.agrees
        ? `the same verdict without reductions (${audit.unreducedVerdict}, ${count(audit.unreducedStates)} distinct states)`
        : `DIFFERENT without reductions: ${audit.unreducedFinding ?? audit.unreducedVerdict} (${count(audit.unreducedStates)} distinct states)`,
    });
  return rows;
}
