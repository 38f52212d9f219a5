// How an action reads in a trace when the model gives no `formatAction`: a tagged action
// `{ kind: "RMPrepare", rm: "r1" }` reads `RMPrepare(rm=r1)`; a string reads as itself.
import type { Presentation } from "./contract.ts";

export function formatAction<A>(machine: Pick<Presentation<unknown, A>, "formatAction">, action: A): string {
  if (machine.formatAction) {
    try {
      return machine.formatAction(action);
    } catch {
      // fall through to the generic form: rendering must never throw
    }
  }
  return describeAction(action);
}

export function describeAction(action: unknown): string {
  if (typeof action === "string") return action;
  if (typeof action === "object" && action !== null && !Array.isArray(action)) {
    const { kind, ...rest } = action as Record<string, unknown>;
    const args = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : safeJson(v)}`)
      .join(", ");
    if (typeof kind === "string") return args ? `${kind}(${args})` : kind;
    return `{${args}}`;
  }
  return safeJson(action);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

export function actorOf<A>(machine: Pick<Presentation<unknown, A>, "actorOf">, action: A): string | null {
  try {
    return machine.actorOf?.(action) ?? null;
  } catch {
    return null;
  }
}
