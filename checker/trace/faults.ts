// The faults a trace used, counted from its steps' events, for the violation's summary line.
import type { TraceStep } from "../result.ts";

/** How many of each fault an actor trace used (nothing for other models). */
export function faultsIn(trace: readonly TraceStep[]): { faults?: Record<string, number> } {
  if (!trace.some((step) => step.event !== undefined)) return {};
  const faults: Record<string, number> = {};
  for (const step of trace) {
    const fault = step.event?.fault;
    if (fault) faults[fault] = (faults[fault] ?? 0) + 1;
  }
  return { faults };
}
