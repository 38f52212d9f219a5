// The symmetry of an actor system whose processes listed in `ActorSystem.symmetric` are
// interchangeable: element k is the k-th listed id. Renaming them must rename them everywhere a
// process is named: by id inside local states, messages, envelopes, network keys and (when a
// timer is named after a process) timer names; by index in the per-process arrays, the partition
// and the Byzantine list. Anything the model keeps in an order that depends on the names (a sorted
// list of ids, say) breaks the symmetry; checkSymmetryLaws finds that on sample states.
import { CheckerError } from "../errors.ts";
import type { Symmetry } from "../model/contract.ts";
import { identityPermutation, type Permutation, permuteIndexed } from "../reductions/permutations.ts";
import { anonymousSignature, renameValues } from "../reductions/rename.ts";
import type {
  ActorAction,
  ActorState,
  ActorSystem,
  Envelope,
  NetworkEntry,
  NetworkKind,
} from "./contract.ts";
import { envelopeKey, linkKey } from "./network.ts";

/** The renaming a permutation of the symmetric processes stands for. */
interface Renaming {
  /** Old id → new id, for the ids that change. */
  readonly names: ReadonlyMap<string, string>;
  /** Over every process index: process i becomes process processes[i]. */
  readonly processes: Permutation;
}

export function actorSymmetry<L, M>(
  system: ActorSystem<L, M>,
  networkKind: NetworkKind,
): Symmetry<ActorState<L, M>, ActorAction<M>> {
  const ids = system.processes.map((p) => p.id);
  const symmetric = validSymmetric(system, ids);
  const members = symmetric.map((id) => ids.indexOf(id));
  const othersOf = symmetric.map((self) => new Set(symmetric.filter((id) => id !== self)));
  // What a delivery, drop or duplication names the message by, as the network's `deliverable` does.
  const actionKey = (e: Envelope<unknown>) =>
    networkKind === "fifo" ? linkKey(e.from, e.to) : envelopeKey(e);

  function renaming(perm: Permutation): Renaming {
    const names = new Map<string, string>();
    const processes = identityPermutation(ids.length);
    perm.forEach((to, k) => {
      if (to === k) return;
      names.set(symmetric[k]!, symmetric[to]!);
      processes[members[k]!] = members[to]!;
    });
    return { names, processes };
  }

  function permuteNetwork(
    network: ReadonlyMap<string, NetworkEntry<M>>,
    names: ReadonlyMap<string, string>,
  ): Map<string, NetworkEntry<M>> {
    const renamed = new Map<string, NetworkEntry<M>>();
    for (const entry of network.values()) {
      const from = names.get(entry.from) ?? entry.from;
      const to = names.get(entry.to) ?? entry.to;
      if ("copies" in entry) {
        const message = renameValues(entry.message, names);
        renamed.set(envelopeKey({ from, to, message }), { from, to, message, copies: entry.copies });
      } else {
        // A FIFO link keeps its order: renaming changes who is at each end, not what was sent when.
        renamed.set(linkKey(from, to), { from, to, queue: entry.queue.map((m) => renameValues(m, names)) });
      }
    }
    return renamed;
  }

  return {
    description: `processes ${symmetric.join(", ")}`,
    size: symmetric.length,
    permute(s, perm) {
      const { names, processes } = renaming(perm);
      if (names.size === 0) return s;
      return {
        locals: permuteIndexed(
          s.locals.map((local) => renameValues(local, names)),
          processes,
        ),
        up: permuteIndexed(s.up, processes),
        timers: permuteIndexed(
          s.timers.map((timers) => renamedTimers(timers, names)),
          processes,
        ),
        network: permuteNetwork(s.network, names),
        cut: s.cut === null ? null : normalisedSide(permuteIndexed(s.cut, processes)),
        used: s.used,
        byzantine: s.byzantine.map((p) => processes[p]!).sort((a, b) => a - b),
      };
    },
    permuteAction(a, perm) {
      const { names, processes } = renaming(perm);
      if (names.size === 0) return a;
      switch (a.kind) {
        case "deliver":
        case "drop":
        case "duplicate": {
          const envelope = renameValues(a.envelope, names);
          return { kind: a.kind, key: actionKey(envelope), envelope };
        }
        case "timer":
          return { kind: "timer", process: processes[a.process]!, timer: names.get(a.timer) ?? a.timer };
        case "crash":
        case "restart":
          return { kind: a.kind, process: processes[a.process]! };
        case "partition":
          return { kind: "partition", side: normalisedSide(permuteIndexed(a.side, processes)) };
        case "heal":
          return a;
        case "forge":
          return {
            kind: "forge",
            process: processes[a.process]!,
            to: processes[a.to]!,
            message: renameValues(a.message, names),
          };
      }
    },
    signature(s, k) {
      const p = members[k]!;
      const self = symmetric[k]!;
      // Entries are distinct objects, so a Set of them is a multiset; the signature sorts it.
      const traffic = new Set<NetworkEntry<M>>();
      for (const entry of s.network.values())
        if (entry.from === self || entry.to === self) traffic.add(entry);
      const cut = s.cut;
      return anonymousSignature(
        {
          local: s.locals[p],
          up: s.up[p],
          timers: new Set(s.timers[p]),
          traffic,
          byzantine: s.byzantine.includes(p),
          // Who shares its side of a partition: unlike the side's flag, this survives renormalising.
          side: cut === null ? null : new Set(ids.filter((_, i) => cut[i] === cut[p])),
        },
        self,
        othersOf[k]!,
      );
    },
  };
}

/** The listed ids, checked: known processes, at least two, none twice, alike in who may crash. */
function validSymmetric<L, M>(system: ActorSystem<L, M>, ids: readonly string[]): readonly string[] {
  const symmetric = system.symmetric ?? [];
  const problem = (what: string) =>
    new CheckerError("bad-model", `symmetric processes [${symmetric.join(", ")}]: ${what}`);
  const unknown = symmetric.filter((id) => !ids.includes(id));
  if (unknown.length > 0) throw problem(`${unknown.join(", ")} not a process (processes: ${ids.join(", ")})`);
  if (symmetric.length < 2) throw problem("at least two processes are needed for a symmetry");
  const twice = symmetric.filter((id, i) => symmetric.indexOf(id) !== i);
  if (twice.length > 0) throw problem(`${[...new Set(twice)].join(", ")} listed twice`);
  if (system.mayCrash) {
    const mayCrash = new Set(system.mayCrash);
    if (symmetric.some((id) => mayCrash.has(id)) && !symmetric.every((id) => mayCrash.has(id)))
      throw problem("some of them may crash and others may not, so they are not interchangeable");
  }
  return symmetric;
}

/** Armed timers after renaming, sorted again: a timer may be named after a process. */
function renamedTimers(timers: readonly string[], names: ReadonlyMap<string, string>): readonly string[] {
  const renamed = renameValues(timers, names);
  return renamed === timers ? timers : [...renamed].sort();
}

/** A partition side with process 0 on side `true`, as partitions are written. */
function normalisedSide(side: readonly boolean[]): readonly boolean[] {
  return side[0] ? side : side.map((x) => !x);
}
