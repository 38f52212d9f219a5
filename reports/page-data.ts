// The data a report embeds for its page script, named once: report-data.ts and spacetime.ts build
// it, the script in client/ reads it. It imports only the drawing vocabulary, which imports
// nothing, so the browser code type-checks against it with the DOM's types alone and never sees
// the checker's Node code; the builders assign the checker's own types to these, so a change on
// either side is a type error.
import type { DomainView, Shape } from "../checker/model/drawing.ts";

/** A state in tagged JSON: sets as {"#set": […]}, maps as {"#map": [[k, v], …]}, bigints as {"#bigint": "…"}. */
export type TaggedJson = null | boolean | number | string | TaggedJson[] | { [key: string]: TaggedJson };

export interface ReportData {
  readonly verdict: "holds" | "violated" | "incomplete";
  readonly violation: { readonly kind: string; readonly name: string } | null;
  readonly loopStart: number | null;
  readonly steps: readonly StepData[];
  readonly spacetime: SpacetimeLayout | null;
}

export interface StepData {
  readonly action: string;
  readonly actor: string | null;
  readonly state: TaggedJson;
  readonly invariants: Readonly<Record<string, boolean>> | null;
  readonly view: ViewData | null;
  /** One line under the action: what the step did. */
  readonly detail: string;
  readonly fault: string | null;
  /** Since the previous step (the first MAX_CHANGES of them); empty for the first step. */
  readonly changes: readonly ChangeData[];
  /** How many more changes there were than `changes` lists. */
  readonly moreChanges: number;
}

export interface ChangeData {
  readonly kind: "changed" | "added" | "removed" | "set-added" | "set-removed";
  /** The path as diffStates writes it: fields as a.b, list items as [0], map keys as ["key"]. */
  readonly path: string;
  /** The change in words ("locals[0].answers: 1 → 2"). */
  readonly text: string;
  /** For an element added to or removed from a set: its JSON, to find it among the elements. */
  readonly element?: string;
  /** For a changed value: what it was, shown beside what it is. */
  readonly before?: string;
}

/**
 * A model's domain view after domain-view.ts cleaned it: the checker's own drawing vocabulary,
 * which imports nothing, so the browser code shares it without seeing the engine.
 */
export type ViewData = DomainView;
export type ShapeData = Shape;

/**
 * sent: a message a step sent · forged: sent by a Byzantine step · copy: the second copy a
 * duplicate fault made (drawn from the duplicate's step) · initial: in flight in the initial state
 * · redelivery: a duplicating network delivering a message again.
 */
export type MessageKind = "sent" | "forged" | "copy" | "initial" | "redelivery";

export interface SpacetimeLayout {
  readonly rowHeight: number;
  readonly width: number;
  readonly height: number;
  /** The processes, in the order of vector clock entries. */
  readonly processes: readonly string[];
  readonly lanes: readonly Lane[];
  readonly events: readonly EventMark[];
  readonly arrows: readonly ArrowMark[];
  readonly bands: readonly Band[];
}

export interface Lane {
  readonly name: string;
  readonly x: number;
  /** The network pseudo-process (partitions and heals). */
  readonly network: boolean;
  /** Stretches where the process was down (from a crash to its restart or the end). */
  readonly down: readonly { readonly y1: number; readonly y2: number }[];
}

export interface EventMark {
  readonly step: number;
  readonly lane: string;
  readonly x: number;
  readonly y: number;
  readonly kind: "receive" | "send" | "local" | "fault";
  readonly fault: string | null;
  /** Entries in `processes` order; null for a partition or heal. */
  readonly clock: readonly number[] | null;
  readonly clockText: string;
  /** What happened, in words (tooltip). */
  readonly title: string;
}

export interface ArrowMark {
  readonly kind: MessageKind;
  /**
   * One per message of the trace: sent by a step, forged, copied by a duplicate, or sent as the
   * processes started (in flight in the initial state). These are the data-arrow elements; a
   * redelivery (a duplicating network delivering a message again) is the only arrow that is not.
   */
  readonly counted: boolean;
  readonly sendStep: number;
  readonly receiveStep: number | null;
  readonly dropStep: number | null;
  /** Never received nor dropped in the trace: the arrow runs off the bottom. */
  readonly pending: boolean;
  readonly from: string;
  readonly to: string;
  readonly message: string;
  /** SVG path data. */
  readonly d: string;
  readonly labelX: number;
  readonly labelY: number;
  /** An arrowhead, or a cross where the message was lost. */
  readonly end: "arrow" | "cross";
}

export interface Band {
  readonly kind: "partition" | "loop";
  readonly y1: number;
  readonly y2: number;
}
