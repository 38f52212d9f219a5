// Errors the checker raises on purpose. Each has a stable code (specs assert the code, not the
// wording) and a message that fits on one line: it names what was wrong and what is accepted.

export type ErrorCode =
  | "unknown-model" // no registered model by that name
  | "bad-param" // unknown parameter, or a value outside its declared range
  | "bad-option" // a malformed option value, or options that do not go together
  | "unknown-option" // a flag no run (or no run of this model) understands
  | "missing-value" // an option given without its value
  | "bad-output" // an output file (--json, --html, --itf, --junit) that cannot be written
  | "bad-variant"
  | "bad-config"
  | "bad-sweep" // a --sweep that names no parameter, or values it does not accept
  | "bad-model-file" // a path that cannot be read or is not a model module
  | "bad-model" // the model definition itself is malformed
  | "model-build-error" // the model's build() threw, or returned no state machine
  | "bad-state-value"; // a state holds a value that has no canonical encoding

export class CheckerError extends Error {
  override readonly name = "CheckerError";
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whether `error` is a CheckerError — also one raised by another copy of the checker, which is
 * what a user's model file outside this package loads (tsx gives it its own module instances),
 * so `instanceof` alone would turn its one-line errors into internal errors.
 */
export function isCheckerError(error: unknown): error is CheckerError {
  return (
    error instanceof CheckerError ||
    (error instanceof Error &&
      error.name === "CheckerError" &&
      typeof (error as { code?: unknown }).code === "string")
  );
}

/** A value inside a state that cannot be encoded; `path` says where, e.g. `state.msgs[2].payload`. */
export class StateValueError extends CheckerError {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super("bad-state-value", `${path}: ${problem}`);
  }
}

/** Renders anything thrown as one line; never throws itself. */
export function describeThrown(thrown: unknown): string {
  try {
    if (thrown instanceof Error)
      return `${thrown.name === "Error" ? "" : `${thrown.name}: `}${thrown.message}`;
    return `thrown value ${String(thrown)}`;
  } catch {
    return "an exception that could not be printed";
  }
}
