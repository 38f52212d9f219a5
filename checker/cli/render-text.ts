// The text a person reads on stdout after a run: the verdict and figures, then — for a violation —
// how to reproduce it, and the trace (checker/trace/render-text.ts) with each step shown as what it changed.
import pc from "picocolors";
import { match } from "ts-pattern";
import {
  type CheckResult,
  describeFairness,
  type ReductionLedger,
  renderTrace,
  type Stats,
  toResultJson,
  type TraceJson,
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
  match(result)
    .with({ verdict: "holds" }, (r) => {
      lines.push(`${pc.green("✓ holds")}  ${figures(r.stats)}`);
      lines.push(pc.dim(`  exhaustive search; checked: ${checkedList(context)}`));
      if (r.options.fairness)
        lines.push(pc.dim(`  liveness assumes ${describeFairness(r.options.fairness)}`));
      if (context.unchecked?.length) {
        lines.push(pc.dim(`  not checked in this run: ${context.unchecked.join(", ")} (liveness)`));
      }
      lines.push(...reductionLines(r.stats.reductions).map((l) => pc.dim(`  ${l}`)));
      lines.push(pc.dim(`  ${workersLine(r.options)}`));
      lines.push(pc.dim(`  ${storeLine(r.stats)}`));
      lines.push(...measureLines(r));
    })
    .with({ verdict: "incomplete" }, (r) => {
      lines.push(`${pc.yellow("… incomplete")}  ${r.reason}`);
      lines.push(`  ${figures(r.stats)}`);
      lines.push(pc.dim("  nothing was violated in the states explored, but the search was not exhaustive"));
      if (context.unchecked?.length) {
        lines.push(pc.dim(`  not checked in this run: ${context.unchecked.join(", ")} (liveness)`));
      }
      lines.push(...reductionLines(r.stats.reductions).map((l) => pc.dim(`  ${l}`)));
      lines.push(pc.dim(`  ${workersLine(r.options)}`));
      lines.push(...measureLines(r));
    })
    .with({ verdict: "violated" }, (r) => {
      const v = r.violation;
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
      lines.push(pc.dim(`  found after ${figures(r.stats)}`));
      lines.push(...reductionLines(r.stats.reductions).map((l) => pc.dim(`  ${l}`)));
      lines.push(pc.dim(`  ${workersLine(r.options)}`));
      if (v.trace.length > 0) {
        // Symmetry keeps distances; partial-order reduction explores only some orders of steps.
        const shortest =
          r.options.strategy !== "bfs"
            ? ""
            : r.options.por
              ? ", shortest among the orders explored (--no-por for a shortest overall)"
              : ", a shortest one";
        lines.push(
          "",
          pc.bold(
            `Trace: ${v.trace.length} state${v.trace.length === 1 ? "" : "s"}${v.loopStart === null ? shortest : `, a lasso: its ${v.loopStart === v.trace.length - 1 ? "last state repeats" : `loop from state ${v.loopStart + 1} repeats`} forever`}`,
          ),
        );
        lines.push(...renderTrace(toResultJson(r).violation!.trace, pc, v.loopStart));
        if (v.kind === "deadlock") lines.push(pc.red("     (no action is enabled here)"));
      }
    })
    .exhaustive();
  return lines.join("\n");
}

/**
 * The measures: a table of minimum and maximum over every occurrence, then each extreme's witness
 * trace, as the trace of a counterexample is shown (the occurrence's first step marked).
 */
export function measureLines(result: CheckResult): string[] {
  const measures = result.measures ?? [];
  if (measures.length === 0) return [];
  const json = toResultJson(result).stats.measures ?? [];
  const lines = ["", pc.bold("Measures over every execution")];
  const width = Math.max(...measures.map((m) => m.name.length));
  for (const m of json) {
    const figure = (e: { readonly value: number | "unbounded" } | null) =>
      e === null ? "—" : String(e.value);
    const scope =
      m.scope === "execution"
        ? "per execution"
        : `per occurrence, ${m.occurrences.toLocaleString("en-US")} found`;
    lines.push(
      `  ${pc.bold(m.name.padEnd(width))}  min ${pc.cyan(figure(m.min))}  max ${pc.cyan(figure(m.max))}  ${pc.dim(`${scope}${m.description ? ` · ${m.description}` : ""}`)}`,
    );
    for (const note of m.notes) lines.push(pc.dim(`  ${" ".repeat(width)}  ${note}`));
  }
  for (const m of json) {
    for (const which of ["min", "max"] as const) {
      const extreme = m[which];
      if (extreme === null) continue;
      const { trace, loopStart, from, key } = extreme.witness;
      const whose = key === null ? "" : ` (${key})`;
      const opens = key === null ? "from the start" : `opening at step ${from + 2}`;
      lines.push(
        "",
        pc.bold(`${m.name} ${which} ${extreme.value}${whose}: a witness of ${trace.length} states, ${opens}`),
      );
      lines.push(...witnessLines(trace, key === null ? null : from + 1, loopStart));
    }
  }
  return lines;
}

/**
 * A witness, one line per step: its action, its actor and what it sent (the JSON result and the
 * HTML report have the states). `opening` marks the step that opens the occurrence.
 */
function witnessLines(trace: TraceJson, opening: number | null, loopStart: number | null): string[] {
  const width = String(trace.length).length;
  return trace.map((step, i) => {
    const sent = step.event?.sent.map((e) => `${e.text} → ${e.to}`) ?? [];
    const marks = [
      i === opening ? pc.yellow("◆ opens") : "",
      i === loopStart ? pc.red("↻ loop from here") : "",
      sent.length ? pc.magenta(`sends ${sent.join(", ")}`) : "",
    ].filter(Boolean);
    const actor = step.actor ? pc.dim(` [${step.actor}]`) : "";
    return `  ${pc.dim(String(i + 1).padStart(width))}  ${pc.cyan(step.action)}${actor}${marks.length ? `  ${marks.join("  ")}` : ""}`;
  });
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
