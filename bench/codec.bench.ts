// StateCodec encode and decode times for a two-phase-commit-like state with 8 resource managers,
// as plain objects with native Sets, and as Immutable.js collections.
//   npx tsx bench/codec.bench.ts
import { List, Set as ImmutableSet } from "immutable";
import { LocalInterner, SharedInterner, type Interner } from "../checker/encoding/interner.ts";
import { StateCodec } from "../checker/encoding/state-codec.ts";

const RM_STATES = ["working", "prepared", "committed", "aborted"] as const;
const RMS = 8;

// Names and messages come from fixed tables, as in a model that builds them once; state number i
// picks each field from its bits, so the states are varied but reproducible.
const RM_NAMES = Array.from({ length: RMS }, (_, r) => `r${r}`);
const PREPARED = RM_NAMES.map((rm) => `Prepared ${rm}`);

function plainState(i: number) {
  const rmState: string[] = [];
  for (let r = 0; r < RMS; r++) rmState.push(RM_STATES[(i >> (2 * r)) & 3]!);
  const tmPrepared = new Set<string>();
  for (let r = 0; r < RMS; r++) if ((i >> (r + 3)) & 1) tmPrepared.add(RM_NAMES[r]!);
  const msgs = new Set<string>();
  for (let r = 0; r < RMS; r++) if ((i >> (r + 5)) & 1) msgs.add(PREPARED[r]!);
  if (i & 1) msgs.add("Commit");
  if (i & 4) msgs.add("Abort");
  return { rmState, tmState: i & 2 ? "init" : "committed", tmPrepared, msgs };
}

function immutableState(i: number) {
  const plain = plainState(i);
  return {
    rmState: List(plain.rmState),
    tmState: plain.tmState,
    tmPrepared: ImmutableSet(plain.tmPrepared),
    msgs: ImmutableSet(plain.msgs),
  };
}

let checksum = 0;

function report(name: string, msEach: number, bytes: number): void {
  console.log(
    `${name.padEnd(44)} ${(msEach * 1e6).toFixed(0).padStart(5)} ns each  (${bytes.toFixed(1)} bytes/state)`,
  );
}

function measure(name: string, interner: Interner, states: readonly unknown[]): void {
  const codec = new StateCodec(interner);
  const stored: Uint8Array[] = states.map((s) => codec.bytes.slice(0, codec.encode(s)));
  const bytes = stored.reduce((sum, b) => sum + b.length, 0) / stored.length;

  const encodeLoop = (rounds: number): number => {
    const start = performance.now();
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < states.length; i++) checksum ^= codec.encode(states[i]) + codec.bytes[0]!;
    return performance.now() - start;
  };
  const decodeLoop = (rounds: number): number => {
    const start = performance.now();
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < stored.length; i++) {
        const b = stored[i]!;
        if (codec.decode(b, 0, b.length) === null) checksum++;
      }
    return performance.now() - start;
  };
  for (const [what, loop] of [
    ["encode", encodeLoop],
    ["decode", decodeLoop],
  ] as const) {
    loop(20); // warm up the JIT
    // The best of several trials: on a shared machine, the slower ones measure the neighbours.
    let best = Infinity;
    for (let trial = 0; trial < TRIALS; trial++)
      best = Math.min(best, loop(ROUNDS) / (ROUNDS * states.length));
    report(`${what}, ${name}`, best, bytes);
  }
}

const TRIALS = 15;
const ROUNDS = 10;
const COUNT = 4096;
const plain = Array.from({ length: COUNT }, (_, i) => plainState(i * 7919));
const immutable = Array.from({ length: COUNT }, (_, i) => immutableState(i * 7919));
console.log(`StateCodec, two-phase commit with ${RMS} resource managers (node ${process.version})`);
measure("plain + Set, LocalInterner", new LocalInterner(), plain);
measure("plain + Set, SharedInterner", SharedInterner.create(), plain);
measure("Immutable List/Set, SharedInterner", SharedInterner.create(), immutable);
console.log(`(checksum ${checksum >>> 0})`);
