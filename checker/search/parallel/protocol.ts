// The messages between the coordinating thread of a parallel search (coordinator.ts) and its
// workers (worker.ts), and the shared control words both read.
import type { SharedInternerHandle } from "../../encoding/interner.ts";
import type { Limit } from "../../result.ts";
import type { SharedStoreHandle } from "../../store/shared-store.ts";
import type { Finding, SearchLimits } from "../exploration.ts";
import type { FrontierSlice } from "./frontier.ts";

/** Indices into the shared control words (an Int32Array). */
export const CONTROL = {
  /** The next slice of the current work list to claim. */
  nextSlice: 0,
  /** Non-zero: every worker stops after the state in hand (a finding, a limit, Ctrl-C). */
  stop: 1,
} as const;
export const CONTROL_WORDS = 2;

/** What a worker is started with (its workerData). */
export interface WorkerSetup {
  /** A module URL that exports the model's definition (default, `model`, or in an array). */
  readonly modelModule: string;
  readonly modelName: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly variant: string;
  readonly symmetry: boolean;
  readonly limits: SearchLimits;
  readonly store: SharedStoreHandle;
  readonly interner: SharedInternerHandle;
  readonly control: SharedArrayBuffer;
  /** Where full frontier chunks go when memory runs short, and from what resident size. */
  readonly spill: { readonly directory: string; readonly aboveBytes: number; readonly chunkBytes?: number };
}

export type WorkerStartup =
  { readonly kind: "ready" } | { readonly kind: "failed"; readonly message: string };

/** Expand the states of these slices (claimed through CONTROL.nextSlice). */
export interface LevelRequest {
  readonly slices: readonly FrontierSlice[];
  readonly store: SharedStoreHandle;
}

/** Why a worker stopped early, in a form that crosses threads. */
export type ShippedFinding =
  | { readonly kind: "finding"; readonly finding: Finding }
  | { readonly kind: "limit"; readonly limit: Limit }
  /** A state the model built cannot be encoded to cross threads: the user's to fix. */
  | { readonly kind: "unshippable"; readonly message: string }
  /** The engine failed. */
  | { readonly kind: "internal"; readonly message: string };

export interface LevelReply {
  /** The states it discovered, as slices of its frontier chunks. */
  readonly outputs: readonly FrontierSlice[];
  /** The unexpanded rest of a slice it stopped in (to pause, or to stop). */
  readonly leftovers: readonly FrontierSlice[];
  readonly expanded: number;
  readonly generated: number;
  readonly renamedStates: number;
  readonly symmetryExact: number;
  readonly symmetryApproximate: number;
  readonly finding: ShippedFinding | null;
}
