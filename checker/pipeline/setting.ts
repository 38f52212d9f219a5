// How the engine names a setting of a request in what it says (errors, reasons, notes): as the
// request would hold it, `{ maxStates: 10 }` or `{ params: { rm: 13 } }`, never as a command-line
// flag. The command line translates these into its flags (checker/pipeline/command.ts). This file
// imports nothing, so that every layer of the engine can write a setting.

/** How the engine writes one setting of a request in what it says: `{ maxStates: 10 }`. */
export function setting(field: string, value: unknown): string {
  return `{ ${field}: ${literal(value)} }`;
}

/** How the engine writes a parameter's value in what it says: `{ params: { rm: 13 } }`. */
export function paramSetting(name: string, value: unknown): string {
  return `{ params: { ${name}: ${literal(value)} } }`;
}

function literal(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`);
    return `{ ${entries.join(", ")} }`;
  }
  return String(value);
}
