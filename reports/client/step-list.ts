// The step list: one option per step, with its number, action, actor, fault and the invariants it
// breaks, and the loop of a lasso marked on the steps it repeats.
import type { StepData } from "../page-data.ts";
import { el } from "./dom.ts";

export function buildStepList(
  list: HTMLElement,
  steps: readonly StepData[],
  loopStart: number | null | undefined,
): HTMLLIElement[] {
  const items: HTMLLIElement[] = [];
  const fragment = document.createDocumentFragment();
  steps.forEach((step, s) => {
    const li = el("li");
    li.setAttribute("data-step", String(s));
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.id = "step-" + s;
    if (loopStart !== null && loopStart !== undefined) {
      if (s === loopStart) li.setAttribute("data-loop-start", "true");
      if (s >= loopStart) li.setAttribute("data-in-loop", "true");
    }
    li.appendChild(el("span", "num", s + 1));
    const body = el("div", "body");
    const line1 = el("div", "line1");
    line1.appendChild(el("span", "action", step.action));
    if (step.actor) line1.appendChild(el("span", "actor", step.actor));
    // The fault names a class too, so only its letters and hyphens.
    if (step.fault)
      line1.appendChild(el("span", "tag fault " + step.fault.replace(/[^a-z-]/g, ""), step.fault));
    const broken: string[] = [];
    if (step.invariants)
      for (const name in step.invariants) if (step.invariants[name] === false) broken.push(name);
    if (broken.length) line1.appendChild(el("span", "tag broken", "✗ " + broken.join(", ")));
    body.appendChild(line1);
    body.appendChild(el("div", "line2", step.detail));
    li.title = step.action + (step.actor ? "  [" + step.actor + "]" : "") + "\n" + step.detail;
    li.appendChild(body);
    fragment.appendChild(li);
    items.push(li);
  });
  list.appendChild(fragment);
  return items;
}
