// One step of a trace as results hold it: the action, the state it led to, and what the model says
// of it. Apart from result.ts, so that what holds traces (violations, measures' witnesses) can name it.
import type { DomainView } from "../model/drawing.ts";
import type { StepEvent } from "../model/step-event.ts";

export interface TraceStep<S = unknown, A = unknown> {
  /** `null` for trace[0], an initial state. */
  readonly action: A | null;
  /** The action in words ("init" for the first step). */
  readonly label: string;
  readonly actor: string | null;
  readonly state: S;
  /** For actor models: who received and sent what, and which fault this step was. */
  readonly event?: StepEvent | null;
  /** Whether each invariant holds in this state (by name). */
  readonly invariants?: Readonly<Record<string, boolean>>;
  /** The model's own picture of this state, when it draws one. */
  readonly view?: DomainView | null;
}
