// A trace as text, one block per step: its number, its action and actor, what it sent, and what it
// changed (for the first state, the whole state). For actor models the network is written as the
// messages in flight, from the steps' events. The command line prints it under a counterexample,
// JUnit files hold it, and the vitest helpers put it in a failing assertion's message.
import { match } from "ts-pattern";
import pc from "picocolors";
import type { TaggedJson } from "../encoding/index.ts";
import { showValue } from "../encoding/index.ts";
import { NETWORK_FIELD } from "../actors/contract.ts";
import type { EventMessage } from "../model/contract.ts";
import type { ResultJson } from "../result-json.ts";
import { type Change, diffStates } from "./state-diff.ts";

export type Colors = ReturnType<typeof pc.createColors>;

/** No colour at all: for files and assertion messages. */
export const PLAIN: Colors = pc.createColors(false);
type JsonTrace = NonNullable<ResultJson["violation"]>["trace"];

/** A trace, in its JSON form, one line per step with what the step changed. */
export function renderTrace(
  trace: JsonTrace,
  colors: Colors = pc,
  loopStart: number | null = null,
): string[] {
  const lines: string[] = [];
  const stutter = loopStart === trace.length - 1;
  const width = String(trace.length).length;
  let previous: TaggedJson | null = null;
  trace.forEach((step, index) => {
    const json = step.state;
    const actor = step.actor ? colors.dim(`  [${step.actor}]`) : "";
    lines.push(`  ${colors.dim(String(index + 1).padStart(width))}  ${colors.cyan(step.action)}${actor}`);
    const indent = " ".repeat(width + 6);
    const sent = step.event?.sent.map((e) => `${e.text} → ${e.to}`) ?? [];
    if (sent.length > 0) lines.push(`${indent}${colors.magenta(`sends ${sent.join(", ")}`)}`);
    if (previous === null) {
      if (
        json !== null &&
        typeof json === "object" &&
        !Array.isArray(json) &&
        !Object.keys(json).some((k) => k.startsWith("#"))
      ) {
        for (const [key, value] of Object.entries(json)) {
          const written = key === NETWORK_FIELD && step.event ? initialInFlight(step.event) : undefined;
          lines.push(`${indent}${written ?? `${key}: ${showValue(value)}`}`);
        }
      } else {
        lines.push(`${indent}${showValue(json)}`);
      }
    } else {
      const all = diffStates(previous, json);
      const before = trace[index - 1]!.event;
      const inFlightLines = before && step.event ? inFlightChanges(before, step.event, colors) : null;
      // With the network written as messages in flight, its raw changes are not listed again.
      const changes =
        inFlightLines === null ? all : all.filter((c) => !c.path.startsWith(`${NETWORK_FIELD}[`));
      if (all.length === 0) lines.push(`${indent}${colors.dim("(no change)")}`);
      for (const change of changes) lines.push(`${indent}${describeChange(change, colors)}`);
      for (const line of inFlightLines ?? []) lines.push(`${indent}${line}`);
    }
    previous = json;
    if (index === loopStart) {
      lines.push(
        colors.red(
          stutter
            ? `${indent}⟳ stuck here forever: no step that fairness forces is enabled`
            : `${indent}↻ the loop starts here: the steps below repeat forever`,
        ),
      );
    }
  });
  if (loopStart !== null && !stutter) {
    lines.push(
      colors.red(
        `${" ".repeat(String(trace.length).length + 6)}↩ back to state ${loopStart + 1}, and round again`,
      ),
    );
  }
  return lines;
}

function describeChange(change: Change, colors: Colors): string {
  return match(change)
    .with(
      { kind: "changed" },
      (c) => `${c.path}: ${colors.dim(showValue(c.before))} → ${colors.yellow(showValue(c.after))}`,
    )
    .with({ kind: "added" }, (c) => `${c.path}: ${colors.green(`+ ${showValue(c.after)}`)}`)
    .with({ kind: "removed" }, (c) => `${c.path}: ${colors.red(`− ${showValue(c.before)}`)}`)
    .with({ kind: "set-added" }, (c) => `${c.path}: ${colors.green(`+ ${showValue(c.element)}`)}`)
    .with({ kind: "set-removed" }, (c) => `${c.path}: ${colors.red(`− ${showValue(c.element)}`)}`)
    .exhaustive();
}

// For actor models the network is written as messages in flight, each as the model writes it
// ("PROMISE(1.1, none) R1→P1"), from the steps' events rather than the state's map of envelopes.

type JsonEvent = NonNullable<JsonTrace[number]["event"]>;
type JsonMessage = EventMessage<TaggedJson>;
/** Messages by sender, receiver and message (tagged JSON sorts keys, so equal ones write alike), counted. */
type Tally = Map<string, { readonly message: JsonMessage; n: number }>;

function tally(into: Tally, messages: readonly JsonMessage[], n: number): Tally {
  for (const message of messages) {
    const key = JSON.stringify([message.from, message.to, message.message]);
    const seen = into.get(key);
    if (seen) seen.n += n;
    else into.set(key, { message, n });
  }
  return into;
}

const writeMessage = (m: JsonMessage, n: number) => `${m.text} ${m.from}→${m.to}${n > 1 ? ` ×${n}` : ""}`;

function initialInFlight(event: JsonEvent): string {
  const all = [...tally(new Map(), event.inFlight, 1).values()].map(({ message, n }) =>
    writeMessage(message, n),
  );
  return `in flight: ${all.length ? all.join(", ") : "nothing"}`;
}

/**
 * What a step did to the messages in flight that its action and "sends" line do not already say:
 * a message dropped, duplicated, or collected by the model.
 */
function inFlightChanges(before: JsonEvent, after: JsonEvent, colors: Colors): string[] {
  const delta = tally(new Map(), after.inFlight, 1);
  tally(delta, before.inFlight, -1);
  tally(delta, after.received ? [after.received] : [], 1);
  tally(delta, after.sent, -1);
  const lines: string[] = [];
  for (const { message, n } of delta.values()) {
    if (n > 0) lines.push(`in flight: ${colors.green(`+ ${writeMessage(message, n)}`)}`);
    if (n < 0) lines.push(`in flight: ${colors.red(`− ${writeMessage(message, -n)}`)}`);
  }
  return lines;
}
