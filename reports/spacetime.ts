// The geometry of the space-time diagram, computed here and embedded in the page as data: time runs
// down, one row per trace step (the rows line up with the step list beside the diagram), one lane
// per process in order of first appearance, and the network's own lane last when the trace
// partitions it. Every number the page draws with comes from this module.
import { type ActorStep, type ActorTrace, readActorTrace } from "./actor-trace.ts";
import { matchMessages, SENT_KINDS } from "./messages.ts";
import type { ArrowMark, Band, EventMark, Lane, SpacetimeLayout } from "./page-data.ts";
import type { JsonStep } from "./types.ts";
import { vectorClocks } from "./vector-clocks.ts";

export type { ArrowMark, Band, EventMark, Lane, SpacetimeLayout } from "./page-data.ts";

/** Height of one step's row, in CSS pixels; the step list uses the same. */
export const ROW_HEIGHT = 48;
const MARGIN_X = 60;
/** Room at the bottom for arrows that run off it (messages never received). */
const MARGIN_BOTTOM = 36;
const DOT_RADIUS = 7;
export const NETWORK_LANE = "network";

/** The diagram of an actor model's trace; null when the steps carry no events. */
export function layoutSpacetime(
  trace: readonly JsonStep[],
  loopStart: number | null,
): SpacetimeLayout | null {
  const actors = readActorTrace(trace);
  if (actors === null) return null;
  const messages = matchMessages(actors);
  const processes = processOrder(actors);
  const clocks = vectorClocks(actors, messages, processes);
  const hasNetwork = actors.steps.some((s) => s?.process === NETWORK_LANE);

  const spacing = Math.max(104, 28 + 7 * (3 * processes.length + 1));
  const xOf = new Map<string, number>(processes.map((p, i) => [p, MARGIN_X + i * spacing]));
  const lastX = MARGIN_X + Math.max(0, processes.length - 1) * spacing;
  if (hasNetwork) xOf.set(NETWORK_LANE, lastX + Math.min(spacing, 96));
  const width = Math.max(MARGIN_X, ...xOf.values()) + MARGIN_X + 24;
  const rowsHeight = trace.length * ROW_HEIGHT;
  const height = rowsHeight + MARGIN_BOTTOM;
  const y = (step: number) => step * ROW_HEIGHT + ROW_HEIGHT / 2;
  const x = (lane: string) => xOf.get(lane) ?? MARGIN_X;

  const events: EventMark[] = [];
  actors.steps.forEach((step, at) => {
    if (step === null) return;
    const clock = clocks[at] ?? null;
    events.push({
      step: at,
      lane: step.process,
      x: x(step.process),
      y: y(at),
      kind:
        step.fault !== null ? "fault" : step.received ? "receive" : step.sent.length > 0 ? "send" : "local",
      fault: step.fault,
      clock,
      clockText: clock === null ? "—" : `[${clock.join(", ")}]`,
      title: describeEvent(step, at, trace[at]?.action ?? ""),
    });
  });

  const arrows = messages.map((m): ArrowMark => {
    const sender =
      m.kind === "copy" ? (actors.steps[m.sendStep]?.process ?? m.envelope.from) : m.envelope.from;
    const start = { x: x(sender), y: y(m.sendStep) };
    const endStep = m.receiveStep ?? m.dropStep;
    const end =
      endStep === null ? { x: x(m.envelope.to), y: height - 6 } : { x: x(m.envelope.to), y: y(endStep) };
    const geometry =
      m.dropStep !== null && m.receiveStep === null
        ? brokenPath(start, end)
        : arrowPath(start, end, endStep !== null);
    return {
      kind: m.kind,
      counted: SENT_KINDS.has(m.kind),
      sendStep: m.sendStep,
      receiveStep: m.receiveStep,
      dropStep: m.dropStep,
      pending: m.receiveStep === null && m.dropStep === null,
      from: m.envelope.from,
      to: m.envelope.to,
      message: m.envelope.text,
      ...geometry,
      end: m.dropStep !== null && m.receiveStep === null ? "cross" : "arrow",
    };
  });

  const lanes: Lane[] = [...xOf].map(([name, laneX]) => ({
    name,
    x: laneX,
    network: name === NETWORK_LANE && hasNetwork,
    down: downStretches(actors, name).map(([from, to]) => ({
      y1: y(from),
      y2: to === null ? height : y(to),
    })),
  }));

  const bands: Band[] = partitionStretches(actors).map(([from, to]) => ({
    kind: "partition",
    y1: y(from),
    y2: to === null ? rowsHeight : y(to),
  }));
  if (loopStart !== null) bands.push({ kind: "loop", y1: loopStart * ROW_HEIGHT, y2: rowsHeight });

  return { rowHeight: ROW_HEIGHT, width, height, processes, lanes, events, arrows, bands };
}

/** The processes in order of first appearance: as senders of initial messages, then step by step. */
export function processOrder(trace: ActorTrace): string[] {
  const order = new Set<string>();
  for (const e of trace.initial) order.add(e.from).add(e.to);
  for (const step of trace.steps) {
    if (step === null) continue;
    if (step.process !== NETWORK_LANE) order.add(step.process);
    if (step.received) order.add(step.received.from).add(step.received.to);
    for (const e of step.sent) order.add(e.from).add(e.to);
  }
  order.delete(NETWORK_LANE);
  return [...order];
}

function describeEvent(step: ActorStep, at: number, action: string): string {
  const parts = [`step ${at + 1} · ${step.process}: ${action}`];
  if (step.received) parts.push(`receives ${step.received.text} from ${step.received.from}`);
  for (const e of step.sent) parts.push(`sends ${e.text} → ${e.to}`);
  if (step.target)
    parts.push(
      `${step.fault === "drop" ? "loses" : "copies"} ${step.target.text} ${step.target.from} → ${step.target.to}`,
    );
  return parts.join("\n");
}

/** From each crash of the process to its restart (null: down to the end). */
function downStretches(trace: ActorTrace, process: string): [number, number | null][] {
  const stretches: [number, number | null][] = [];
  trace.steps.forEach((step, at) => {
    if (step === null || step.process !== process) return;
    if (step.fault === "crash") stretches.push([at, null]);
    else if (step.fault === "restart" && stretches.length > 0 && stretches.at(-1)![1] === null)
      stretches.at(-1)![1] = at;
  });
  return stretches;
}

/** Partition and heal alternate (a partition needs a whole network, a heal a cut one). */
function partitionStretches(trace: ActorTrace): [number, number | null][] {
  const stretches: [number, number | null][] = [];
  trace.steps.forEach((step, at) => {
    if (step?.fault !== "partition") return;
    const open = stretches.at(-1);
    if (open && open[1] === null) open[1] = at;
    else stretches.push([at, null]);
  });
  return stretches;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A straight arrow between two events (a bow when a process sends to itself), clear of the dots. */
function arrowPath(
  from: Point,
  to: Point,
  endsAtEvent: boolean,
): { d: string; labelX: number; labelY: number } {
  if (from.x === to.x) {
    const bow = 42;
    const y2 = endsAtEvent ? to.y - DOT_RADIUS : to.y;
    return {
      d: `M ${round(from.x + DOT_RADIUS)} ${round(from.y)} C ${round(from.x + bow)} ${round(from.y)}, ${round(to.x + bow)} ${round(y2)}, ${round(to.x + 3)} ${round(y2 - 2)}`,
      labelX: round(from.x + bow * 0.8),
      labelY: round((from.y + y2) / 2),
    };
  }
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  const ux = dx / length;
  const uy = dy / length;
  const a = { x: from.x + ux * (DOT_RADIUS + 1), y: from.y + uy * (DOT_RADIUS + 1) };
  const back = endsAtEvent ? DOT_RADIUS + 2 : 0;
  const b = { x: to.x - ux * back, y: to.y - uy * back };
  return {
    d: `M ${round(a.x)} ${round(a.y)} L ${round(b.x)} ${round(b.y)}`,
    labelX: round((a.x + b.x) / 2),
    labelY: round((a.y + b.y) / 2),
  };
}

/** A lost message: the arrow breaks halfway and ends in a cross where the network dropped it. */
function brokenPath(from: Point, to: Point): { d: string; labelX: number; labelY: number } {
  const at = (t: number) => ({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t });
  const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  const start = at((DOT_RADIUS + 1) / length);
  const gapFrom = at(0.45);
  const gapTo = at(0.58);
  const end = at(Math.max(0.6, 1 - (DOT_RADIUS + 4) / length));
  const c = 4.5;
  return {
    d:
      `M ${round(start.x)} ${round(start.y)} L ${round(gapFrom.x)} ${round(gapFrom.y)} ` +
      `M ${round(gapTo.x)} ${round(gapTo.y)} L ${round(end.x)} ${round(end.y)} ` +
      `M ${round(end.x - c)} ${round(end.y - c)} L ${round(end.x + c)} ${round(end.y + c)} ` +
      `M ${round(end.x - c)} ${round(end.y + c)} L ${round(end.x + c)} ${round(end.y - c)}`,
    labelX: round((start.x + end.x) / 2),
    labelY: round((start.y + end.y) / 2),
  };
}
