// The text a person reads on stdout after a run: the verdict and figures, then — for a violation —
// how to reproduce it, and the trace with each step shown as what it changed.
import pc from "picocolors";
import { match } from "ts-pattern";
import type { ReductionLedger, TaggedJson } from "../index.ts";
import {
  type Change,
  type CheckResult,
  describeFairness,
  diffStates,
  type EventMessage,
  NETWORK_FIELD,
  type ResultJson,
  type Stats,
  showValue,
  toResultJson,
} from "../index.ts";

export interface RunContext {
  /** The command that reproduces the run, as a user would type it. */
  readonly command: string;
  readonly invariants: readonly string[];
  readonly checkDeadlock: boolean;
  /** The liveness properties checked, if any. */
  readonly liveness?: readonly string[];
  /** Liveness properties the model declares that this run did not check. */
  readonly unchecked?: readonly string[];
  /** The parameters worth showing: a model's own, and network or fault settings that differ from the default. */
  readonly params: Readonly<Record<string, unknown>>;
}

const count = (n: number) => n.toLocaleString("en-US");

export function renderResult(result: CheckResult, context: RunContext): string {
  const lines: string[] = [];
  const params = Object.entries(context.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  lines.push(
    `${pc.bold(result.model)}${params ? `  ${params}` : ""}  ${pc.dim(`variant ${result.variant}${result.config ? `, config ${result.config}` : ""}, ${result.options.strategy}`)}`,
  );
  switch (result.verdict) {
    case "holds":
      lines.push(`${pc.green("✓ holds")}  ${figures(result.stats)}`);
      lines.push(pc.dim(`  exhaustive search; checked: ${checkedList(context)}`));
      if (result.options.fairness)
        lines.push(pc.dim(`  liveness assumes ${describeFairness(result.options.fairness)}`));
      if (context.unchecked?.length) {
        lines.push(pc.dim(`  not checked in this run: ${context.unchecked.join(", ")} (liveness)`));
      }
      lines.push(...reductionLines(result.stats.reductions).map((l) => pc.dim(`  ${l}`)));
      lines.push(pc.dim(`  ${workersLine(result.options)}`));
      lines.push(pc.dim(`  ${storeLine(result.stats)}`));
      break;
    case "incomplete":
      lines.push(`${pc.yellow("… incomplete")}  ${result.reason}`);
      lines.push(`  ${figures(result.stats)}`);
      lines.push(pc.dim("  nothing was violated in the states explored, but the search was not exhaustive"));
      if (context.unchecked?.length) {
        lines.push(pc.dim(`  not checked in this run: ${context.unchecked.join(", ")} (liveness)`));
      }
      lines.push(...reductionLines(result.stats.reductions).map((l) => pc.dim(`  ${l}`)));
      lines.push(pc.dim(`  ${workersLine(result.options)}`));
      break;
    case "violated": {
      const v = result.violation;
      const what = match(v.kind)
        .with("invariant", () => `invariant ${v.name}`)
        .with("deadlock", () => "deadlock")
        .with("liveness", "model-error", (kind) => `${kind} (${v.name})`)
        .exhaustive();
      lines.push(`${pc.red("✗ violated")}  ${pc.bold(what)}: ${v.message}`);
      lines.push(`  reproduce: ${context.command}`);
      if (v.faults) {
        const used = Object.entries(v.faults).map(([fault, n]) => `${fault} ×${n}`);
        lines.push(`  faults in this trace: ${used.length ? used.join(", ") : "none"}`);
      }
      lines.push(pc.dim(`  found after ${figures(result.stats)}`));
      lines.push(...reductionLines(result.stats.reductions).map((l) => pc.dim(`  ${l}`)));
      lines.push(pc.dim(`  ${workersLine(result.options)}`));
      if (v.trace.length > 0) {
        // Symmetry keeps distances; partial-order reduction explores only some orders of steps.
        const shortest =
          result.options.strategy !== "bfs"
            ? ""
            : result.options.por
              ? ", shortest among the orders explored (--no-por for a shortest overall)"
              : ", a shortest one";
        lines.push(
          "",
          pc.bold(
            `Trace: ${v.trace.length} state${v.trace.length === 1 ? "" : "s"}${v.loopStart === null ? shortest : `, a lasso: its ${v.loopStart === v.trace.length - 1 ? "last state repeats" : `loop from state ${v.loopStart + 1} repeats`} forever`}`,
          ),
        );
        lines.push(...renderTrace(toResultJson(result).violation!.trace, pc, v.loopStart));
        if (v.kind === "deadlock") lines.push(pc.red("     (no action is enabled here)"));
      }
      break;
    }
  }
  return lines.join("\n");
}

/** How many threads searched, and why one when more were asked for. */
function workersLine(options: CheckResult["options"]): string {
  if (options.workers > 1) return `searched by ${options.workers} worker threads`;
  return options.workersNote ?? "searched on one thread";
}

/** The reduction ledger in words: what ran and what it pruned, what did not run and why. */
export function reductionLines(ledger: ReductionLedger): string[] {
  const lines: string[] = [];
  const po = ledger.partialOrder;
  if (po?.active) {
    lines.push(
      `partial-order reduction: ${count(po.prunedTransitions)} transitions pruned in ${count(po.reducedStates)} states; ${count(po.provisoExpansions)} full expansions forced by the cycle proviso`,
    );
  } else if (po) lines.push(`partial-order reduction off: ${po.reason}`);
  const sym = ledger.symmetry;
  if (sym?.active) {
    const approximate =
      sym.approximate > 0 ? `, ${count(sym.approximate)} of them by a sound approximation` : "";
    lines.push(
      `symmetry reduction: ${count(sym.renamedStates)} successors replaced by their orbit's representative${approximate}`,
    );
  } else if (sym && !sym.reason.startsWith("not asked")) lines.push(`symmetry reduction off: ${sym.reason}`);
  const audit = ledger.audit;
  if (audit) {
    lines.push(
      audit.agrees
        ? `audit: the same verdict without reductions (${audit.unreducedVerdict}, ${count(audit.unreducedStates)} distinct states)`
        : `audit: DIFFERENT without reductions: ${audit.unreducedFinding ?? audit.unreducedVerdict} (${count(audit.unreducedStates)} distinct states)`,
    );
  }
  return lines;
}

function figures(stats: Stats): string {
  return `${count(stats.distinctStates)} distinct states · ${count(stats.generatedStates)} generated · depth ${stats.depth} · ${stats.seconds.toFixed(2)} s · ${count(stats.statesPerSecond)} states/s`;
}

/**
 * From how many states the store's bytes per state are worth printing. A store starts with a
 * table of a fixed size (up to 128 KiB, the shared one) and grows its trace links in chunks of
 * 64 Ki states (512 KiB); for a few hundred states that allocation, not the states, sets the
 * figure (484 bytes/state for 288 states). From 100,000 states on, the first table adds at most
 * 1.3 bytes and a partly filled chunk at most 5 to the 15 to 25 a state costs at scale.
 */
const STORE_FIGURE_FROM = 100_000;

function storeLine(stats: Stats): string {
  const odds = stats.collisionProbability;
  const fromFps =
    odds.fromFingerprints === null ? "" : `, ${odds.fromFingerprints.toExponential(1)} from the fingerprints`;
  const chance = `chance a fingerprint collision hid a state: ${odds.optimistic.toExponential(1)} (optimistic)${fromFps}`;
  return stats.distinctStates >= STORE_FIGURE_FROM
    ? `store ${stats.storeBytesPerState} bytes/state; ${chance}`
    : chance;
}

function checkedList(context: RunContext): string {
  const items = [...context.invariants];
  if (context.checkDeadlock) items.push("deadlock");
  if (context.liveness) items.push(...context.liveness.map((name) => `${name} (liveness)`));
  return items.length ? items.join(", ") : "nothing but reachability";
}

type Colors = ReturnType<typeof pc.createColors>;
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
  switch (change.kind) {
    case "changed":
      return `${change.path}: ${colors.dim(showValue(change.before))} → ${colors.yellow(showValue(change.after))}`;
    case "added":
      return `${change.path}: ${colors.green(`+ ${showValue(change.after)}`)}`;
    case "removed":
      return `${change.path}: ${colors.red(`− ${showValue(change.before)}`)}`;
    case "set-added":
      return `${change.path}: ${colors.green(`+ ${showValue(change.element)}`)}`;
    case "set-removed":
      return `${change.path}: ${colors.red(`− ${showValue(change.element)}`)}`;
  }
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
