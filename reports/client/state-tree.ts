// The state at the selected step as a tree of containers, with what the step changed marked. It is
// built lazily: a container's children are made when it is opened, and a long one shows PAGE
// children at a time, so a trace of hundreds of steps with big states stays quick. Which
// containers the reader opened or closed is remembered by path from step to step.
import type { ChangeData, StepData } from "../page-data.ts";
import { el } from "./dom.ts";
import {
  type Child,
  childrenOf,
  type ContainerKind,
  isContainer,
  kindOf,
  show,
  sizeOf,
  typeText,
} from "./tagged-json.ts";

const PAGE = 200;

/** What a step changed, found by path. */
interface Marks {
  /** Values changed or added, by their path. */
  readonly at: Map<string, ChangeData>;
  /** Elements added to a set, by the set's path: their JSON. */
  readonly elements: Map<string, Set<string>>;
  readonly paths: string[];
}

export function stateTree(stateEl: Element): (step: StepData) => void {
  const openState = new Map<string, boolean>();

  function render(step: StepData): void {
    const marks: Marks = { at: new Map(), elements: new Map(), paths: [] };
    for (const c of step.changes) {
      marks.paths.push(c.path);
      if (c.kind === "set-added") {
        let added = marks.elements.get(c.path);
        if (!added) marks.elements.set(c.path, (added = new Set()));
        if (c.element !== undefined) added.add(c.element);
      } else if (c.kind === "changed" || c.kind === "added") marks.at.set(c.path, c);
    }
    const tree = el("div", "tree");
    const kind = kindOf(step.state);
    if (isContainer(kind)) appendChildren(tree, step.state, kind, "", 0, marks);
    else tree.appendChild(leaf({ key: "state", keyKind: "field", value: step.state, path: "" }, marks));
    stateEl.replaceChildren(tree);
  }

  function appendChildren(
    parent: Element,
    value: Child["value"],
    kind: ContainerKind,
    path: string,
    depth: number,
    marks: Marks,
  ): void {
    const kids = childrenOf(value, kind, path);
    let shown = 0;
    const more = () => {
      const frag = document.createDocumentFragment();
      const end = Math.min(kids.length, shown + PAGE);
      for (; shown < end; shown++) frag.appendChild(node(kids[shown]!, depth, marks, path));
      parent.appendChild(frag);
      if (shown < kids.length) {
        const button = el(
          "button",
          "button more",
          "show " + Math.min(PAGE, kids.length - shown) + " more of " + (kids.length - shown),
        );
        button.type = "button";
        button.addEventListener("click", () => {
          button.remove();
          more();
        });
        parent.appendChild(button);
      }
    };
    more();
  }

  function node(child: Child, depth: number, marks: Marks, parentPath: string): Element {
    const kind = kindOf(child.value);
    const elementAdded = child.element !== undefined && !!marks.elements.get(parentPath)?.has(child.element);
    // Scalars, and empty containers, which have nothing to open.
    if (!isContainer(kind) || sizeOf(child.value, kind) === 0) {
      const row = leaf(child, marks);
      if (elementAdded) row.classList.add("changed");
      return row;
    }
    const details = el("details", "node " + kind);
    details.setAttribute("data-path", child.path);
    const summary = el("summary");
    summary.appendChild(keyEl(child));
    const size = sizeOf(child.value, kind);
    summary.appendChild(el("span", "type", typeText(kind, size)));
    summary.appendChild(el("span", "preview", show(child.value, 90)));
    details.appendChild(summary);
    if (marks.at.has(child.path) || elementAdded) details.classList.add("changed");
    else if (child.element === undefined && touches(child.path, marks)) details.classList.add("has-change");
    const kids = el("div", "kids");
    details.appendChild(kids);
    let filled = false;
    const fill = () => {
      if (filled) return;
      filled = true;
      appendChildren(kids, child.value, kind, child.path, depth + 1, marks);
    };
    // Open what the step changed inside, and small containers near the top.
    const remembered = openState.get(child.path);
    const open =
      remembered !== undefined
        ? remembered
        : (child.element === undefined && touches(child.path, marks) && !marks.at.has(child.path)) ||
          (depth === 0 && size <= 16) ||
          (depth === 1 && size <= 6);
    if (open) {
      fill();
      details.open = true;
    }
    details.addEventListener("toggle", () => {
      openState.set(child.path, details.open);
      if (details.open) fill();
    });
    return details;
  }

  return render;
}

/** Whether the step changed something at or inside this path. */
function touches(path: string, marks: Marks): boolean {
  for (const p of marks.paths) {
    if (path === "" || p === path || p.indexOf(path + ".") === 0 || p.indexOf(path + "[") === 0) return true;
  }
  return false;
}

function keyEl(child: Child): HTMLElement {
  const variant = child.keyKind === "elem" ? " elem" : child.keyKind === "mapkey" ? " mapkey" : "";
  return el("span", "key" + variant, child.key);
}

function leaf(child: Child, marks: Marks): HTMLElement {
  const row = el("div", "leaf");
  row.setAttribute("data-path", child.path);
  row.appendChild(keyEl(child));
  row.appendChild(el("span", kindOf(child.value), show(child.value)));
  const change = marks.at.get(child.path);
  if (change) {
    row.classList.add("changed");
    if (change.before !== undefined) row.appendChild(el("span", "was", "was " + change.before));
  }
  return row;
}
