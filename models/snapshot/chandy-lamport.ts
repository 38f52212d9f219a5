// The Chandy–Lamport snapshot ("Distributed Snapshots: Determining Global States of Distributed
// Systems", TOCS 1985), in the form the seed gives (field manual, week 07), recording the global
// state of a bank: N processes P1..PN, each starting with `balance` units, transfer money to each
// other over FIFO channels, with no failures, while a snapshot is taken.
//
//   transfer     a process with money left and transfers to spare sends 1 unit to another process
//                (at most `transfers` transfers each). Choosing to transfer, and to whom, is a
//                timer named after the payee: "timer P2 at P1" is P1 paying P2.
//   initiate     a process that has not recorded yet records its state (its balance, and how many
//                of its events came before: the cut), sends a MARKER on each outgoing channel and
//                starts recording every incoming channel — the timer "snapshot".
//   on MARKER    the first one: record the state as above, mark the channel it came on as empty,
//                send markers on every outgoing channel, record every other incoming channel.
//                A later one closes its channel: the channel's state is the transfers received on
//                it since recording began.
//
// Where the seed is vague: any process may initiate, at any point, and several may do so before a
// marker reaches them — the paper allows this and the algorithm is unchanged (each process still
// records once). Markers are not events of the history: they belong to the snapshot, not to the
// computation whose cut it records. Amounts are fixed at 1: amounts play no part in the algorithm,
// and larger ones only multiply states.
//
// Why actors: the processes, channels and markers are exactly the actor layer's vocabulary, so the
// state holds nothing but what the algorithm keeps (each process's balance, history, recording)
// and the network, with FIFO links as the layer's `fifo` network. The broken case, non-FIFO
// channels, is then the same model on `--network unordered` (config `unordered`), not a second
// state machine; and partial-order reduction and symmetry come with the layer.
//
// The history each process keeps is its sends and receives of transfers, in order, which is what
// the checker's happens-before library (checker/history/happens-before.ts) reads: message P1#2 is
// P1's second transfer. A process's recording point is the number of its events before it
// recorded, so the recorded states form a cut.
//
// Invariants:
//   consistentCut    the cut the recording points make is consistent: no transfer recorded as
//                    received whose send is not recorded (the library's check; explain() names the
//                    receive and the send). Checked once every process has recorded: from then on
//                    the cut cannot change, and the remaining markers are always deliverable, so
//                    checking it there gives the same verdict as checking completed snapshots, with
//                    shorter traces.
//   moneyConserved   once the snapshot is complete (every process recorded, every channel closed),
//                    the recorded balances plus the recorded channel contents are the money there is.
//
// Liveness: snapshotCompletes — once some process has recorded, the snapshot completes (every
// process records and every channel closes), under the actor layer's default fairness (each
// message in flight is eventually delivered, each armed timer eventually fires). Checking liveness
// turns partial-order reduction off; config `large` checks safety alone, with it.
//
// Broken case: the seed's FIFO assumption dropped, the same model on --network unordered.
//   unordered        (three processes) P1 records, P2 records on P1's marker, then P1 pays P3; the
//                    transfer overtakes P1's marker to P3, so P3 receives it and only then records.
//                    The receive is inside the cut and its send is not: violates consistentCut
//                    (and the unit is recorded twice, at P1 and at P3).
//   unordered-pair   (two processes) the other overtaking: P1 pays P2, then records; its marker
//                    overtakes the transfer, P2 records before receiving it and closes the channel
//                    empty. The cut is consistent (the transfer was in flight) but the snapshot
//                    lost it: violates moneyConserved. With two processes this state is as close
//                    to the start as the inconsistent cut, and BFS meets it first.
//
// Reductions. Symmetry (--symmetry): the processes are interchangeable (same balance, same
// budget, same behaviour); process names in histories, recordings and timer names are renamed with
// them, and it keeps about one state in six with three processes (config `large`). Partial-order
// reduction is sound here but prunes nothing: every process may pay every other, so a process's
// steps form a persistent set only while every link into it already holds a message, and after a
// process records, its steps change what the invariants read (its history and channel recordings).
//
// Parameters: the defaults are two processes with two transfers each (1,224 states, well under a
// second). Three processes with one transfer each already make 107,936 states (config `large`),
// and with two transfers each the search does not finish in two minutes even under symmetry.
//
// HTML reports draw each state with `view`: the processes with their balances and recordings,
// and each channel with what it recorded and what is in flight on it.

import {
  actor,
  type ActorState,
  actorSystem,
  type Behaviour,
  consistentCut,
  type Cut,
  defineActorModel,
  type DomainView,
  type History,
  inFlight,
  intParam,
  leadsTo,
  lookup,
  type ProcessContext,
  processIds,
  type Shape,
} from "../../checker/index.ts";

/** Every transfer moves one unit. */
const AMOUNT = 1;
const SNAPSHOT = "snapshot";

interface Transfer {
  readonly kind: "transfer";
  /** The payer's count of its transfers: transfer P1#2 is P1's second. */
  readonly seq: number;
  readonly amount: number;
}
type Message = Transfer | { readonly kind: "marker" };
const MARKER: Message = { kind: "marker" };

/** A send or receive of a transfer, as the process saw it. */
type Event =
  | { readonly kind: "send"; readonly to: string; readonly seq: number }
  | { readonly kind: "receive"; readonly from: string; readonly seq: number };

/** What a process recorded of itself: its balance, and how many of its events came before. */
interface Recording {
  readonly balance: number;
  readonly events: number;
}

/** An incoming channel's recording: open until its marker arrives. */
interface ChannelRecording {
  readonly open: boolean;
  readonly transfers: readonly Transfer[];
}

export interface Local {
  readonly balance: number;
  readonly sent: number;
  readonly history: readonly Event[];
  readonly recorded: Recording | null;
  /** Per payer, the recording of the channel from it; empty until this process records. */
  readonly incoming: ReadonlyMap<string, ChannelRecording>;
}

export type State = ActorState<Local, Message>;

/** The id of a transfer in the history: "P1#2". */
export const transferId = (payer: string, seq: number) => `${payer}#${seq}`;

export default defineActorModel({
  name: "chandy-lamport",
  family: "snapshot",
  description:
    "the Chandy–Lamport snapshot of processes transferring money over FIFO channels: the recorded state is a consistent cut and conserves money",
  params: {
    n: intParam({ min: 2, max: 4, default: 2, description: "number of processes" }),
    balance: intParam({ min: 1, max: 5, default: 1, description: "each process's starting balance" }),
    transfers: intParam({ min: 0, max: 3, default: 2, description: "transfers each process may make" }),
  },
  network: "fifo",
  configs: [
    // 1,224 distinct states, 2,243 generated, depth 13: BFS and DFS give the same distinct and
    // generated counts (specs/models/chandy-lamport.spec.ts), as do runs with each reduction.
    // With no transfers (--transfers 0) the checker's 7 states and 11 generated match the hand
    // count in the spec.
    {
      name: "default",
      params: { n: 2, balance: 1, transfers: 2 },
      expect: { verdict: "holds", states: 1224, depth: 13 },
    },
    {
      name: "unordered",
      description:
        "non-FIFO channels: a transfer sent after the payer recorded overtakes its marker, so the payee records the receive but the payer not the send",
      params: { n: 3, balance: 1, transfers: 1, network: "unordered" },
      expect: { verdict: "violated", violates: "consistentCut" },
    },
    {
      name: "unordered-pair",
      description:
        "non-FIFO channels, two processes: the marker overtakes a transfer sent before it, and the snapshot loses the transfer",
      params: { n: 2, balance: 1, transfers: 2, network: "unordered" },
      expect: { verdict: "violated", violates: "moneyConserved" },
    },
    // Three processes. Full search (no reduction): 107,936 distinct states, 406,651 generated,
    // depth 14, the same under BFS and DFS (run from the command line: --n 3 --transfers 1
    // --no-liveness --no-por, with --strategy dfs). Symmetry keeps 18,040 of them, with or without
    // partial-order reduction, which prunes nothing here (see "Reductions" above).
    {
      name: "large",
      description: "three processes, one transfer each, checked under symmetry (safety only)",
      params: { n: 3, balance: 1, transfers: 1 },
      symmetry: true,
      liveness: false,
      expect: { verdict: "holds", states: 107936, depth: 14, reducedStates: 18040 },
    },
  ],
  build({ n, balance, transfers }) {
    const ids = processIds("P", n, 1);
    const total = n * balance;

    /** Arms a transfer timer for each payee while this process can pay, disarms them after. */
    const armTransfers = (local: Local, ctx: ProcessContext<Message>): Local => {
      const can = local.sent < transfers && local.balance >= AMOUNT;
      for (const payee of ctx.processes) {
        if (payee === ctx.self) continue;
        if (can) ctx.setTimer(payee);
        else ctx.cancelTimer(payee);
      }
      return local;
    };

    /** Records this process's state and starts recording its channels; `from` brought the marker. */
    const record = (local: Local, from: string | null, ctx: ProcessContext<Message>): Local => {
      ctx.cancelTimer(SNAPSHOT);
      ctx.broadcast(MARKER);
      const incoming = new Map<string, ChannelRecording>();
      for (const payer of ctx.processes) {
        if (payer !== ctx.self) incoming.set(payer, { open: payer !== from, transfers: [] });
      }
      return { ...local, recorded: { balance: local.balance, events: local.history.length }, incoming };
    };

    const pay = (local: Local, payee: string, ctx: ProcessContext<Message>): Local => {
      const seq = local.sent + 1;
      ctx.send(payee, { kind: "transfer", seq, amount: AMOUNT });
      const paid: Local = {
        ...local,
        balance: local.balance - AMOUNT,
        sent: seq,
        history: [...local.history, { kind: "send", to: payee, seq }],
      };
      return armTransfers(paid, ctx);
    };

    const receive = (local: Local, transfer: Transfer, from: string, ctx: ProcessContext<Message>): Local => {
      const channel = local.incoming.get(from);
      const incoming =
        channel?.open === true
          ? new Map(local.incoming).set(from, { open: true, transfers: [...channel.transfers, transfer] })
          : local.incoming;
      const received: Local = {
        ...local,
        balance: local.balance + transfer.amount,
        history: [...local.history, { kind: "receive", from, seq: transfer.seq }],
        incoming,
      };
      return armTransfers(received, ctx);
    };

    const onMarker = (local: Local, from: string, ctx: ProcessContext<Message>): Local => {
      if (local.recorded === null) return record(local, from, ctx);
      const channel = local.incoming.get(from)!;
      if (!channel.open) return local;
      return { ...local, incoming: new Map(local.incoming).set(from, { ...channel, open: false }) };
    };

    const behaviour: Behaviour<Local, Message> = {
      start: (ctx) => {
        ctx.setTimer(SNAPSHOT);
        return armTransfers({ balance, sent: 0, history: [], recorded: null, incoming: new Map() }, ctx);
      },
      onMessage: (local, message, from, ctx) =>
        message.kind === "marker" ? onMarker(local, from, ctx) : receive(local, message, from, ctx),
      onTimer: (local, timer, ctx) =>
        timer === SNAPSHOT
          ? local.recorded === null
            ? record(local, null, ctx)
            : local
          : pay(local, timer, ctx),
    };
    const processes = ids.map((id) => actor(id, behaviour));
    const { local } = lookup(processes);

    const everyoneRecorded = (s: State) => s.locals.every((l) => l.recorded !== null);
    const complete = (s: State) =>
      everyoneRecorded(s) && s.locals.every((l) => [...l.incoming.values()].every((c) => !c.open));
    const cutVerdict = (s: State) => consistentCut(historyOf(s, ids), cutOf(s, ids));

    return actorSystem(processes, {
      invariants: [
        {
          name: "consistentCut",
          description:
            "the recorded states form a consistent cut: no transfer is recorded as received unless its send is recorded",
          holds: (s) => !everyoneRecorded(s) || cutVerdict(s).kind === "consistent",
          explain: (s) => {
            const verdict = cutVerdict(s);
            return verdict.kind === "inconsistent" ? verdict.reason : "the cut is consistent";
          },
        },
        {
          name: "moneyConserved",
          description:
            "in a complete snapshot, the recorded balances plus the recorded channel contents are all the money there is",
          holds: (s) => !complete(s) || recordedMoney(s).sum === total,
          explain: (s) => {
            const { balances, channels, sum } = recordedMoney(s);
            return `recorded balances ${balances} and recorded channel contents ${channels} make $${sum}, but there is $${total} in all`;
          },
        },
      ],
      liveness: [
        leadsTo("snapshotCompletes", (s) => s.locals.some((l) => l.recorded !== null), complete, {
          description: "once a process has recorded, every process records and every channel closes",
          explain: (s) =>
            `the snapshot never completes: ${ids.filter((id) => local(s, id).recorded === null).join(", ") || "no process"} unrecorded`,
        }),
      ],
      // Every run ends with the snapshot complete and nothing in flight; anything else stuck is a deadlock.
      terminal: (s) => complete(s) && inFlight(s).length === 0,
      formatMessage: (m) => (m.kind === "marker" ? "MARKER" : `$${m.amount} #${m.seq}`),
      // The invariants read a process only once it has recorded, and then its recording, its
      // channels' recordings and its history: a step before recording is invisible.
      observe: (l) => (l.recorded === null ? null : [l.recorded, l.incoming, l.history]),
      symmetric: ids,
      view: (s) => picture(s, ids),
    });
  },
});

/** The run's history in the library's terms: each process's transfers sent and received. */
export function historyOf(s: State, ids: readonly string[]): History {
  return Object.fromEntries(
    ids.map((id, i) => [
      id,
      s.locals[i]!.history.map((e) =>
        e.kind === "send"
          ? { kind: "send" as const, message: transferId(id, e.seq) }
          : { kind: "receive" as const, message: transferId(e.from, e.seq) },
      ),
    ]),
  );
}

/** The cut the recording points make (a process that has not recorded contributes nothing). */
export function cutOf(s: State, ids: readonly string[]): Cut {
  return Object.fromEntries(ids.map((id, i) => [id, s.locals[i]!.recorded?.events ?? 0]));
}

/** The money the snapshot records, in words and in sum. */
function recordedMoney(s: State): { balances: string; channels: string; sum: number } {
  const balances = s.locals.map((l) => l.recorded?.balance ?? 0);
  const channels = s.locals.flatMap((l) =>
    [...l.incoming.values()].flatMap((c) => c.transfers.map((t) => t.amount)),
  );
  const sum = [...balances, ...channels].reduce((a, b) => a + b, 0);
  return {
    balances: balances.map((b) => `$${b}`).join(" + "),
    channels: channels.length === 0 ? "(none)" : channels.map((c) => `$${c}`).join(" + "),
    sum,
  };
}

/**
 * The report's picture of a state: the processes in a row (balance now, and the recorded balance
 * once recorded, coloured by whether they have), then one line per channel: what it recorded
 * (open or closed) and what is in flight on it.
 */
function picture(s: State, ids: readonly string[]): DomainView {
  const box = 110;
  const gap = 16;
  const width = Math.max(ids.length * (box + gap) + gap, 420);
  const shapes: Shape[] = [];
  ids.forEach((id, i) => {
    const local = s.locals[i]!;
    shapes.push({
      kind: "rect",
      x: gap + i * (box + gap),
      y: 10,
      width: box,
      height: 48,
      fill: local.recorded === null ? "#e5e7eb" : "#bfdbfe",
      stroke: "#374151",
      label: `${id} $${local.balance}${local.recorded === null ? "" : ` · rec $${local.recorded.balance}`}`,
      title:
        local.recorded === null
          ? `${id} has not recorded; ${local.history.length} events so far`
          : `${id} recorded $${local.recorded.balance} after ${local.recorded.events} of its ${local.history.length} events`,
    });
  });
  const inFlightOn = (from: string, to: string) =>
    inFlight(s)
      .filter((e) => e.from === from && e.to === to)
      .map((e) => (e.message.kind === "marker" ? "MARKER" : `#${e.message.seq}`));
  let y = 84;
  ids.forEach((to, i) => {
    for (const from of ids) {
      if (from === to) continue;
      const channel = s.locals[i]!.incoming.get(from);
      const recorded =
        channel === undefined
          ? "not recording"
          : `${channel.open ? "recording" : "closed"} [${channel.transfers.map((t) => `#${t.seq} $${t.amount}`).join(", ")}]`;
      const flying = inFlightOn(from, to);
      shapes.push({
        kind: "text",
        x: gap,
        y,
        text: `${from}→${to}: ${recorded}; in flight: ${flying.length === 0 ? "nothing" : flying.join(", ")}`,
        size: 12,
        fill: channel === undefined ? "#6b7280" : channel.open ? "#1d4ed8" : "#111827",
      });
      y += 18;
    }
  });
  return { title: "Chandy–Lamport snapshot", width, height: y, shapes };
}
