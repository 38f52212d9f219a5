// The data the page script draws from, embedded once as JSON: each step with its state, what
// changed since the step before (diffStates, so sets and maps compare as values), its invariants
// and domain view, and the space-time layout. Everything a model wrote stays a string here; the
// page only ever shows it as text.
import { match, P } from "ts-pattern";
import { type Change, diffStates, type ResultJson, showValue } from "../checker/index.ts";
import { readActorTrace, type ActorStep } from "./actor-trace.ts";
import { cleanView } from "./domain-view.ts";
import type { ChangeData, ReportData } from "./page-data.ts";
import { layoutSpacetime } from "./spacetime.ts";
import type { JsonStep } from "./types.ts";

export type { ChangeData, ReportData, StepData } from "./page-data.ts";

/** Longest text a change or detail line carries; the state tree shows the whole value. */
const MAX_TEXT = 240;
/**
 * Changes listed per step: a step that rewrites a long queue can change hundreds of paths, and
 * 500 such steps would make the file huge; the state tree still shows every value.
 */
const MAX_CHANGES = 60;

export function reportData(result: ResultJson): ReportData {
  const v = result.violation;
  const trace: readonly JsonStep[] = v?.trace ?? [];
  const actors = readActorTrace(trace);
  // Partition and heal alternate (a partition needs a whole network, a heal a cut one).
  let partitions = 0;
  return {
    verdict: result.verdict,
    violation: v ? { kind: v.kind, name: v.name } : null,
    loopStart: v?.loopStart ?? null,
    steps: trace.map((step, i) => {
      const all = i === 0 ? [] : diffStates(trace[i - 1]!.state, step.state);
      const changes = all.slice(0, MAX_CHANGES).map(changeData);
      const event = actors?.steps[i] ?? null;
      const heals = event?.fault === "partition" && partitions++ % 2 === 1;
      return {
        action: String(step.action),
        actor: step.actor ?? null,
        state: step.state,
        invariants: step.invariants ?? null,
        view: step.view ? cleanView(step.view) : null,
        detail: clip(
          event ? eventDetail(event, heals) : i === 0 ? "initial state" : changeSummary(changes, all.length),
        ),
        fault: event?.fault ?? null,
        changes,
        moreChanges: all.length - changes.length,
      };
    }),
    spacetime: layoutSpacetime(trace, v?.loopStart ?? null),
  };
}

function changeData(change: Change): ChangeData {
  const path = change.path || "state";
  return match(change)
    .returnType<ChangeData>()
    .with({ kind: "changed" }, (c) => ({
      kind: c.kind,
      path: c.path,
      text: clip(`${path}: ${showValue(c.before)} → ${showValue(c.after)}`),
      before: clip(showValue(c.before), 120),
    }))
    .with({ kind: "added" }, (c) => ({
      kind: c.kind,
      path: c.path,
      text: clip(`${path}: + ${showValue(c.after)}`),
    }))
    .with({ kind: "removed" }, (c) => ({
      kind: c.kind,
      path: c.path,
      text: clip(`${path}: − ${showValue(c.before)}`),
    }))
    .with({ kind: P.union("set-added", "set-removed") }, (c) => ({
      kind: c.kind,
      path: c.path,
      text: clip(`${path}: ${c.kind === "set-added" ? "+" : "−"} ${showValue(c.element)}`),
      element: JSON.stringify(c.element),
    }))
    .exhaustive();
}

const FAULT_WORDS: Readonly<Record<string, string>> = {
  crash: "crashes",
  restart: "restarts",
  forge: "forges a message",
};

/** `heals`: a partition fault that ends one (a heal is the fault "partition" too). */
function eventDetail(event: ActorStep, heals: boolean): string {
  const parts: string[] = [];
  if (event.fault === "drop" || event.fault === "duplicate") {
    const what = event.target
      ? `${event.target.text} ${event.target.from} → ${event.target.to}`
      : "a message";
    parts.push(`${event.fault === "drop" ? "the network loses" : "the network copies"} ${what}`);
  } else if (event.fault === "partition") parts.push(heals ? "the network heals" : "the network splits");
  else if (event.fault) parts.push(FAULT_WORDS[event.fault] ?? event.fault);
  if (event.received) parts.push(`receives ${event.received.text} from ${event.received.from}`);
  if (event.sent.length > 0) parts.push(`sends ${event.sent.map((e) => `${e.text} → ${e.to}`).join(", ")}`);
  return parts.join(" · ") || "no messages";
}

function changeSummary(changes: readonly ChangeData[], total: number): string {
  if (total === 0) return "no change";
  const shown = changes.slice(0, 2).map((c) => clip(c.text, 100));
  return total > 2 ? `${shown.join(" · ")} · ${total - 2} more` : shown.join(" · ");
}

const clip = (text: string, max = MAX_TEXT) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
