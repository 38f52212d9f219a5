// The panel of the selected step: its number, action and detail, the invariants that hold there,
// what it changed, the model's domain view and the state tree.
import type { ReportData } from "../page-data.ts";
import { byId, el, required } from "./dom.ts";
import { drawDomainView } from "./domain-view.ts";
import { stateTree } from "./state-tree.ts";

export function inspector(data: ReportData): (i: number) => void {
  const steps = data.steps;
  const count = steps.length;
  const violation = data.violation;
  const numEl = required("sel-num", HTMLElement);
  const actionEl = required("sel-action", HTMLElement);
  const detailEl = required("sel-detail", HTMLElement);
  const invariantsEl = required("invariants", HTMLElement);
  const changesEl = required("changes", HTMLElement);
  const renderState = stateTree(required("state", HTMLElement));
  // Only a trace with a domain view on some step has the panel.
  const domainPanel = byId("domain-panel", HTMLElement);
  const domainTitle = domainPanel && required("domain-title", HTMLElement);
  const domainSvg = domainPanel && required("domain-view", SVGSVGElement);

  return (i) => {
    const step = steps[i]!;
    numEl.textContent = i + 1 + " of " + count;
    actionEl.textContent = step.action;
    detailEl.textContent = (step.actor ? step.actor + " · " : "") + step.detail;

    invariantsEl.replaceChildren();
    const invariants = step.invariants;
    const names = invariants ? Object.keys(invariants) : [];
    for (const name of names) {
      const holds = invariants?.[name] === true;
      const item = el("li", null, (holds ? "✓ " : "✗ ") + name);
      item.setAttribute("data-invariant", name);
      item.setAttribute("data-holds", holds ? "true" : "false");
      if (!holds && violation && violation.name === name) item.title = "the violated invariant";
      invariantsEl.appendChild(item);
    }
    if (names.length === 0)
      invariantsEl.appendChild(
        el("li", "none", invariants ? "the model declares no invariants" : "not recorded for this step"),
      );
    if (violation && violation.kind === "liveness") {
      const live = el("li", null, "↻ " + violation.name + " (liveness): fails along this lasso");
      live.className = "liveness-note";
      live.setAttribute("data-liveness", violation.name);
      invariantsEl.appendChild(live);
    }

    changesEl.replaceChildren();
    if (i === 0) changesEl.appendChild(el("li", "none", "the initial state"));
    else if (step.changes.length === 0) changesEl.appendChild(el("li", "none", "nothing changed"));
    for (const c of step.changes) changesEl.appendChild(el("li", c.kind, c.text));
    if (step.moreChanges > 0)
      changesEl.appendChild(
        el("li", "none", "and " + step.moreChanges + " more changes: see the state below"),
      );

    if (domainPanel && domainTitle && domainSvg) {
      domainPanel.hidden = !step.view;
      if (step.view) drawDomainView(step.view, domainTitle, domainSvg);
    }
    renderState(step);
  };
}
