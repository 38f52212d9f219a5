// A step's event written for a file: every message it names encoded the file's way (tagged JSON in
// the result file, ITF values in an ITF trace), the rest as it is.
import type { EventMessage, StepEvent } from "../model/step-event.ts";

export function encodeEvent<N>(event: StepEvent, encode: (message: unknown) => N): StepEvent<N> {
  const message = (m: EventMessage): EventMessage<N> => ({ ...m, message: encode(m.message) });
  return {
    process: event.process,
    received: event.received && message(event.received),
    sent: event.sent.map(message),
    fault: event.fault,
    target: event.target && message(event.target),
    inFlight: event.inFlight.map(message),
  };
}
