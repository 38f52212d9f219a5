// Fingerprints per second for a two-phase-commit-like state with 8 resource managers, in the two
// forms models use: plain objects and arrays, and Immutable.js collections of shared Records.
//   npx tsx bench/fingerprint.bench.ts
import { List, Record, Set as ImmutableSet } from "immutable";
import { fingerprint } from "../checker/encoding/fingerprint.ts";

const RM_STATES = ["working", "prepared", "committed", "aborted"] as const;
const RMS = 8;

interface Message {
  readonly type: string;
  readonly rm: string;
}
const MessageRecord = Record<Message>({ type: "", rm: "" });

// State number i picks each field from its bits, so the states are varied but reproducible.
function plainState(i: number) {
  const rmState: string[] = [];
  for (let r = 0; r < RMS; r++) rmState.push(RM_STATES[(i >> (2 * r)) & 3]!);
  const tmPrepared: number[] = [];
  for (let r = 0; r < RMS; r++) if ((i >> (r + 3)) & 1) tmPrepared.push(r);
  const msgs: Message[] = [];
  for (let r = 0; r < RMS; r++) if ((i >> (r + 5)) & 1) msgs.push({ type: "Prepared", rm: `r${r}` });
  if (i & 1) msgs.push({ type: "Commit", rm: "" });
  return { rmState, tmState: i & 2 ? "init" : "committed", tmPrepared, msgs };
}

// Messages are built once and shared between states, as a model that takes them from a fixed
// table does; each state has its own List and Sets over them.
const PREPARED = Array.from({ length: RMS }, (_, r) => MessageRecord({ type: "Prepared", rm: `r${r}` }));
const COMMIT = MessageRecord({ type: "Commit", rm: "" });

function immutableState(i: number) {
  const plain = plainState(i);
  const msgs: Record<Message>[] = [];
  for (let r = 0; r < RMS; r++) if ((i >> (r + 5)) & 1) msgs.push(PREPARED[r]!);
  if (i & 1) msgs.push(COMMIT);
  return {
    rmState: List(plain.rmState),
    tmState: plain.tmState,
    tmPrepared: ImmutableSet(plain.tmPrepared),
    msgs: ImmutableSet(msgs),
  };
}

const out = new Uint32Array(2);
let checksum = 0;

function report(name: string, count: number, ms: number): void {
  const perSecond = (count / ms) * 1000;
  console.log(
    `${name.padEnd(44)} ${(perSecond / 1e6).toFixed(2).padStart(5)} M/s  ${(1e9 / perSecond).toFixed(0).padStart(5)} ns each`,
  );
}

/** The same states over and over (only Immutable Records are cached, see fingerprint.ts). */
function repeated(name: string, states: readonly unknown[], seconds: number): void {
  for (let i = 0; i < 300_000; i++) {
    fingerprint(states[i % states.length], out);
    checksum ^= out[0]!;
  }
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < 100_000; i++) {
      fingerprint(states[(done + i) % states.length], out);
      checksum ^= out[0]!;
    }
    done += 100_000;
    elapsed = performance.now() - start;
  }
  report(name, done, elapsed);
}

/** Each state fingerprinted once, as the explorer does with the successors it generates. */
function fresh(name: string, make: (i: number) => unknown, batches: number): void {
  const batch = 50_000;
  let count = 0;
  let ms = 0;
  for (let b = 0; b < batches; b++) {
    const states = Array.from({ length: batch }, (_, i) => make(b * batch + i));
    const start = performance.now();
    for (const state of states) {
      fingerprint(state, out);
      checksum ^= out[0]!;
    }
    // The first batches only warm up the JIT.
    if (b >= 2) {
      ms += performance.now() - start;
      count += batch;
    }
  }
  report(name, count, ms);
}

const COUNT = 4096;
console.log(`fingerprint, two-phase commit with ${RMS} resource managers (node ${process.version})`);
repeated(
  "plain objects and arrays",
  Array.from({ length: COUNT }, (_, i) => plainState(i * 7919)),
  2,
);
fresh("plain objects and arrays, each state once", (i) => plainState(i * 7919), 8);
repeated(
  "Immutable, same states again",
  Array.from({ length: COUNT }, (_, i) => immutableState(i * 7919)),
  2,
);
fresh("Immutable, each state once (shared Records)", (i) => immutableState(i * 7919), 8);
console.log(`(checksum ${checksum >>> 0})`);
