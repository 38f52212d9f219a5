// "Show vector clocks": each event's clock is shown, and the events that happened before and after
// the selected one are marked, the rest faded as concurrent with it.
import { happenedBefore } from "./clocks.ts";
import type { EventView } from "./diagram.ts";

export function markCausality(events: readonly EventView[], selected: EventView | undefined): void {
  const mine = selected ? selected.clock : null;
  for (const e of events) {
    const c = e.clock;
    let past = false;
    let future = false;
    if (mine && c && e !== selected) {
      past = happenedBefore(c, mine);
      future = happenedBefore(mine, c);
    }
    e.g.classList.toggle("past", past);
    e.g.classList.toggle("future", future);
    e.g.classList.toggle("concurrent", !!mine && !!c && e !== selected && !past && !future);
  }
}

export function clearCausality(events: readonly EventView[]): void {
  for (const e of events) e.g.classList.remove("past", "future", "concurrent");
}
