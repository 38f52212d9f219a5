// The drawing vocabulary of a model's own picture of a state (StateMachine.view), kept apart from
// the model contract: a model author who draws nothing never reads it, and reports/ draws it.

/**
 * A model's own picture of a state, drawn beside the generic view in HTML reports (the Chord
 * ring with its fingers, the pools and budgets of a scheduler). Shapes in a `width` × `height`
 * box; every string is shown as text, never read as markup, and colours are CSS colour names or
 * #hex only.
 */
export interface DomainView {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly shapes: readonly Shape[];
}

/** One shape of a domain view; `label` is written inside it, `title` shows on hover. */
export type Shape =
  | {
      readonly kind: "rect";
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly fill?: string;
      readonly stroke?: string;
      readonly label?: string;
      readonly title?: string;
    }
  | {
      readonly kind: "circle";
      readonly cx: number;
      readonly cy: number;
      readonly r: number;
      readonly fill?: string;
      readonly stroke?: string;
      readonly label?: string;
      readonly title?: string;
    }
  | {
      readonly kind: "line";
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly stroke?: string;
      readonly dashed?: boolean;
      readonly arrow?: boolean;
    }
  | {
      readonly kind: "text";
      readonly x: number;
      readonly y: number;
      readonly text: string;
      readonly size?: number;
      readonly anchor?: "start" | "middle" | "end";
      readonly fill?: string;
    };
