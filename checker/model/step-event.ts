// What one step of an actor model's trace says about processes and messages: the model's
// `eventOf` (checker/model/contract.ts, Presentation) returns it, and traces, reports, ITF and
// the result file read it rather than the state, so that only the model knows how its messages
// are stored.

/** A message from one process to another. */
export interface Envelope<M = unknown> {
  readonly from: string;
  readonly to: string;
  readonly message: M;
}

/** A message as a trace shows it: `text` is the model's own writing of it, else the checker's. */
export interface EventMessage<M = unknown> extends Envelope<M> {
  readonly text: string;
}

/** The faults the explorer injects into an actor system. */
export type StepFault = "drop" | "duplicate" | "crash" | "restart" | "partition" | "forge";

/**
 * One step of an actor model's trace, or its initial state: the whole of what traces, reports
 * and ITF say about processes and messages. `M` is the message type: the model's own in a
 * result, tagged JSON in the result file.
 */
export interface StepEvent<M = unknown> {
  /**
   * The process that took the step (for a delivery, the receiver; "network" for a partition or
   * a heal); null for an initial state, whose messages were sent as the processes started and
   * are in flight there.
   */
  readonly process: string | null;
  readonly received: EventMessage<M> | null;
  readonly sent: readonly EventMessage<M>[];
  readonly fault: StepFault | null;
  /** For a drop or a duplicate: the message it lost or copied. */
  readonly target: EventMessage<M> | null;
  /**
   * Every message in flight after the step, one entry per copy: a FIFO link's queue in order,
   * links and messages in the canonical order of the state's encoding.
   */
  readonly inFlight: readonly EventMessage<M>[];
}
