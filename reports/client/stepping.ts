// The selected step, linked across the views: the step list, the diagram's row, events and arrows,
// the position in the toolbar and its buttons. Selection is incremental: choosing a step changes a
// handful of attributes, and `show` then fills the panel of that one step.
import { type Diagram, setArrowActive } from "./diagram.ts";
import { required } from "./dom.ts";

export interface Stepping {
  /** Selects step i (clamped to the trace); scroll brings it into view in the step list. */
  select(i: number, scroll?: boolean): void;
  /** The selected step, -1 before the first selection. */
  current(): number;
}

export function stepping(
  list: HTMLElement,
  items: readonly HTMLLIElement[],
  diagram: { readonly view: Diagram; readonly rowHeight: number } | null,
  show: (i: number) => void,
): Stepping {
  const count = items.length;
  const positionEl = required("position", HTMLElement);
  const prevButton = required("prev", HTMLButtonElement);
  const nextButton = required("next", HTMLButtonElement);
  let current = -1;

  function select(to: number, scroll = false): void {
    let i = Math.trunc(Number(to));
    if (!isFinite(i)) return;
    i = Math.max(0, Math.min(count - 1, i));
    if (i !== current) {
      if (current >= 0) {
        items[current]!.setAttribute("aria-selected", "false");
        diagram?.view.eventsAt.get(current)?.g.classList.remove("selected");
        for (const a of diagram?.view.arrowsAt.get(current) ?? []) setArrowActive(a, false);
      }
      items[i]!.setAttribute("aria-selected", "true");
      list.setAttribute("aria-activedescendant", items[i]!.id);
      diagram?.view.eventsAt.get(i)?.g.classList.add("selected");
      for (const a of diagram?.view.arrowsAt.get(i) ?? []) setArrowActive(a, true);
      if (diagram) diagram.view.highlight.setAttribute("y", String(i * diagram.rowHeight));
      current = i;
      positionEl.textContent = "Step " + (i + 1) + " of " + count;
      prevButton.disabled = i === 0;
      nextButton.disabled = i === count - 1;
      show(i);
    }
    if (scroll) items[i]!.scrollIntoView({ block: "nearest" });
  }

  list.addEventListener("click", (ev) => {
    const item = ev.target instanceof Element ? ev.target.closest("[data-step]") : null;
    if (item && list.contains(item)) select(Number(item.getAttribute("data-step")));
  });
  prevButton.addEventListener("click", () => select(current - 1, true));
  nextButton.addEventListener("click", () => select(current + 1, true));

  return { select, current: () => current };
}
