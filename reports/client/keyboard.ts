// Stepping with the keyboard: → or j the next step, ← or k the previous one, Home and End the
// first and the last. Keys typed into a field, or with a modifier, are left alone.
export function wireKeyboard(count: number, current: () => number, select: (i: number) => void): void {
  document.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.target;
    if (
      t instanceof HTMLElement &&
      (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) &&
      !(t instanceof HTMLInputElement && t.type === "checkbox")
    )
      return;
    let to: number | null = null;
    if (ev.key === "ArrowRight" || ev.key === "j") to = current() + 1;
    else if (ev.key === "ArrowLeft" || ev.key === "k") to = current() - 1;
    else if (ev.key === "Home") to = 0;
    else if (ev.key === "End") to = count - 1;
    if (to === null) return;
    ev.preventDefault();
    select(to);
  });
}
