// The file a model was defined in. defineModel notes the first caller outside the checker, so that
// a failure found through the vitest helpers can name the model the way the command line would
// take it: `npx check ./specs/my-model.ts`, not the name of a model no registry knows. The stack
// names the module's own file under tsx, vitest and plain Node alike; where it names none (a
// definition built in an eval, a stack cut short), the model has no file and is named by its name.
import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";

// A symbol from the global registry, so that a definition made by one copy of the checker (a
// model module compiled through tsx's tsImport) is read by another; not enumerable, so that
// spreading a definition (withVariant does) does not carry the base model's file over.
const DEFINED_IN = Symbol.for("distributed-model-checker.defined-in");
const CHECKER_DIR = fileURLToPath(new URL("../", import.meta.url));
const FRAME_FILE = /(file:\/\/[^\s)]+|[A-Za-z]:\\[^\s)]+|\/[^\s)]+):\d+:\d+\)?$/;

export function noteDefiningFile(definition: object): void {
  const file = callerFile(new Error().stack ?? "");
  if (file === undefined || Object.isFrozen(definition)) return;
  Object.defineProperty(definition, DEFINED_IN, { value: file, enumerable: false, configurable: true });
}

/** The absolute path of the file that defined the model, when it is known. */
export function definingFile(definition: object): string | undefined {
  const file = (definition as Record<symbol, unknown>)[DEFINED_IN];
  return typeof file === "string" ? file : undefined;
}

function callerFile(stack: string): string | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const match = FRAME_FILE.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith("file:") ? fileURLToPath(match[1]!) : match[1]!;
    if (isAbsolute(file) && !file.startsWith(CHECKER_DIR)) return file;
  }
  return undefined;
}

/** Whether the file is one of the checker's own registered models (models/ beside checker/). */
export function isOwnModelFile(file: string): boolean {
  return file.startsWith(fileURLToPath(new URL("../../models/", import.meta.url)));
}
