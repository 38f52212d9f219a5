// Hierarchical budgets: a global controller, regional schedulers and a repair controller sharing
// capacity pools, in the form the seed gives it (distributed schedulers lesson, "Worked Example:
// Regional Recovery Budgets"; the hierarchy lesson's "global policy flows down, local autonomy
// within it"):
//
//   global controller   publishes policy revisions and grants each region a budget (a number of
//                       capacity units of a pool, stamped with the current revision) out of the
//                       pool's capacity not yet granted
//   regional scheduler  places workloads within its own valid budget, without asking the global
//                       layer: it reserves a unit, then binds the workload through the
//                       authoritative write path; it may crash or give up between the two (a leak)
//   repair controller   reclaims leaked reservations and the unused units of expired or
//                       superseded budgets, so that capacity flows back to the global controller
//
// Written as guarded actions over one global state (TLA+ style) rather than as actors: what the
// seed is about is where authority sits (who may write which record under which check), not
// message loss or ordering, and the authoritative write path is by definition one atomic
// conditional write. Actors would add channels whose interleavings say nothing more here.
//
//   variables  revision      the current policy revision (1..revisions)
//              budgets[r][p] region r's budget in pool p: units, the revision it was granted
//                            under, and whether its lease has expired; null when it has none
//              warm[r][p]    region r's hint that pool p still has ungranted capacity, as the
//                            global controller's reply to r's last grant said (soft state: stale
//                            as soon as another region is granted something)
//              reservations  per region, the units it holds for workloads it is placing
//                            (workload, pool, budget revision, leaked?), sorted by workload
//              bindings[w]   the authoritative binding record of workload w: where it runs (region,
//                            pool, budget revision); a list so that a broken write path can show
//                            two bindings
//   actions    Publish, Grant(r, p, n), Expire(r, p), Reserve(r, w, p), Bind(r, w), Abandon(r, w),
//              Complete(w), ReclaimLeak(r, w), ReclaimBudget(r, p)
//
// A region's budget is *valid* while its lease has not expired and its revision is the current
// one. Reserve needs a valid budget with a free unit (units minus the region's reservations and
// bindings in that pool). Bind is a compare-and-set on the workload's binding record: it writes
// only if the record is empty and the reservation's budget is still valid; otherwise the
// reservation is released (another region won the race, or the budget lapsed meanwhile). That
// conditional write is what keeps one binding per workload when two regions race to place it.
//
// Choices where the seed is vague (each fairness assumption below is needed: the spec drops each
// one in turn and a liveness property fails):
//   - Time is abstracted to a finite form: a lease's deadline is the event Expire(r, p), which may
//     happen at any moment after the grant and is weakly fair (time passes, so a deadline does
//     arrive). No clock value is kept, so the state space stays finite.
//   - A leak is Abandon(r, w): the scheduler crashes or gives up between reserving and binding.
//     The repair controller recognises an abandoned reservation (in practice by its own lease
//     running out) and returns the unit to the budget. Expired or superseded budgets are shrunk to
//     what is still in use and dropped once nothing is; a region gets a new budget in a pool only
//     after its old one there is gone, so every reservation and binding carries the revision of
//     the one budget record that covers it.
//   - Workloads finish (Complete, weakly fair), which frees their unit and lets them be placed
//     again; without turnover, capacity bound once would never come back to anyone.
//   - The grant size is any n in 1..(ungranted units): the policy may size budgets badly
//     ("stale or oversized" budgets are the seed's failure mode), and the checker tries every size.
//   - Hints rank options and never authorize. A correct scheduler's choice of pool is left to the
//     checker (every choice is explored), which covers every ranking a hint could induce; so the
//     correct model never reads `warm` in a guard, and stays safe however stale it is.
//
// Invariants:
//   noDoubleSale            per pool: the budgets granted add up to at most the capacity, and so
//                           do the bindings (no capacity unit is sold twice)
//   oneBindingPerWorkload   every workload has at most one active binding
//   placementWithinBudget   everything a region holds in a pool (reservations and bindings) is
//                           covered by its budget record there: the record exists, carries the
//                           revision the placement was made under, and has at least that many units
//   Reservations and bindings are only made under a valid budget (Reserve and Bind check it), and
//   the budget record covering them lives until they are gone, so this is the state form of "no
//   placement outside a valid, current budget".
//
// Liveness (fairness: weak for expiry, repair, binding and completion; strong for the global
// controller's grants to each region — the seed's global controller "enforces tenant-level
// fairness over longer windows", so a region refused again and again is eventually served; with
// weak fairness only, another region can take the freed units every time):
//   leakReclaimed:r:w       a leaked reservation of w at region r is eventually reclaimed
//   regionEventuallyServed:r  a region without a valid budget eventually holds one
//
// Broken variants:
//   stale-hint-authority  caught by noDoubleSale: a scheduler whose budget is used up places anyway
//                         when its hint says the pool is warm, stretching its budget by the unit
//                         the hint promised instead of asking the global controller for it. The
//                         hint dates from the region's last grant; another region has since been
//                         granted that unit, so the unit is sold twice.
//   no-expiry             caught by regionEventuallyServed (a lasso): budgets never expire and are
//                         never reclaimed, so a region granted the whole pool keeps it, and the
//                         other region waits forever. The lasso ends in a stutter where nothing
//                         fair is enabled, so its configuration runs without the deadlock check.
//   unguarded-bind        caught by oneBindingPerWorkload: Bind writes the binding without the
//                         compare-and-set, so two regions that both reserved a workload both bind it.
//
// Symmetry (--symmetry): regions are interchangeable. Renaming them permutes the per-region
// arrays (budgets, hints, reservations) and renames the region in every binding record. Workloads
// are interchangeable too, but a symmetry declares one group, and regions are what the `large`
// configuration grows (3 regions: 202,168 states, 35,036 with --no-liveness --symmetry).
// Partial-order reduction is not declared: almost every step writes what the invariants read
// (budgets, reservations, bindings). The exceptions, a lease expiring and a reservation leaking,
// enable or disable the same region's Reserve and Bind steps, which are visible, so an ample set
// grown from them would have to take those in wherever they are enabled. Measured: with
// per-variable footprints declared (budget, lease, hint, reservation, leak flag, binding record),
// the reduction pruned no transition at all in the default or the `large` configuration, and only
// slowed the search; so the model declares none rather than carry footprints that could go wrong.
//
// HTML reports draw each state with `view`: each pool's capacity units coloured by the region
// they are granted to (bound, reserved, leaked or free), units sold beyond the capacity in red,
// and each region's budget with its revision, lease and hint.

import {
  type DomainView,
  defineModel,
  type Fairness,
  intParam,
  type Invariant,
  leadsTo,
  type LivenessProperty,
  permuteIndexed,
  type Shape,
  type StateMachine,
  type VariantName,
  stronglyFair,
  type Symmetry,
  weaklyFair,
} from "../../checker/index.ts";

export interface Budget {
  readonly units: number;
  readonly revision: number;
  readonly expired: boolean;
}

export interface Reservation {
  readonly workload: number;
  readonly pool: number;
  readonly revision: number;
  readonly leaked: boolean;
}

export interface Binding {
  readonly region: number;
  readonly pool: number;
  readonly revision: number;
}

export interface BudgetState {
  readonly revision: number;
  readonly budgets: readonly (readonly (Budget | null)[])[];
  readonly warm: readonly (readonly boolean[])[];
  readonly reservations: readonly (readonly Reservation[])[];
  readonly bindings: readonly (readonly Binding[])[];
}

export type BudgetAction =
  | { readonly kind: "Publish" }
  | { readonly kind: "Grant"; readonly region: number; readonly pool: number; readonly units: number }
  | { readonly kind: "Expire"; readonly region: number; readonly pool: number }
  | { readonly kind: "Reserve"; readonly region: number; readonly workload: number; readonly pool: number }
  | { readonly kind: "Bind"; readonly region: number; readonly workload: number }
  | { readonly kind: "Abandon"; readonly region: number; readonly workload: number }
  | { readonly kind: "Complete"; readonly workload: number }
  | { readonly kind: "ReclaimLeak"; readonly region: number; readonly workload: number }
  | { readonly kind: "ReclaimBudget"; readonly region: number; readonly pool: number };

const VARIANTS = {
  "stale-hint-authority":
    "a scheduler with its budget used up places anyway on a stale 'pool is warm' hint (violates noDoubleSale)",
  "no-expiry":
    "budgets never expire and are never reclaimed: a region granted the whole pool keeps it (violates regionEventuallyServed)",
  "unguarded-bind":
    "bindings are written without the compare-and-set on the workload's record (violates oneBindingPerWorkload)",
} as const;

export interface Sizes {
  readonly regions: number;
  readonly pools: number;
  readonly capacity: number;
  readonly workloads: number;
  readonly revisions: number;
}

const regionName = (r: number) => `r${r + 1}`;
const poolName = (p: number) => `p${p + 1}`;
const workloadName = (w: number) => `w${w + 1}`;

/** [a EXCEPT ![i] = v] for an array. */
function updated<T>(array: readonly T[], i: number, value: T): readonly T[] {
  const copy = array.slice();
  copy[i] = value;
  return copy;
}

function updated2<T>(
  table: readonly (readonly T[])[],
  i: number,
  j: number,
  value: T,
): readonly (readonly T[])[] {
  return updated(table, i, updated(table[i]!, j, value));
}

const byWorkload = (a: Reservation, b: Reservation) => a.workload - b.workload;
const byRegion = (a: Binding, b: Binding) =>
  a.region - b.region || a.pool - b.pool || a.revision - b.revision;

function isValid(s: BudgetState, budget: Budget | null): boolean {
  return budget !== null && !budget.expired && budget.revision === s.revision;
}

/** Units region r holds in pool p: its reservations (leaked ones too) and its bindings there. */
function used(s: BudgetState, r: number, p: number): number {
  let n = 0;
  for (const res of s.reservations[r]!) if (res.pool === p) n++;
  for (const list of s.bindings) for (const b of list) if (b.region === r && b.pool === p) n++;
  return n;
}

function granted(s: BudgetState, p: number): number {
  let n = 0;
  for (const row of s.budgets) n += row[p]?.units ?? 0;
  return n;
}

function boundIn(s: BudgetState, p: number): number {
  let n = 0;
  for (const list of s.bindings) for (const b of list) if (b.pool === p) n++;
  return n;
}

function reservationOf(s: BudgetState, r: number, w: number): Reservation | undefined {
  return s.reservations[r]!.find((res) => res.workload === w);
}

function withoutReservation(s: BudgetState, r: number, w: number): readonly (readonly Reservation[])[] {
  return updated(
    s.reservations,
    r,
    s.reservations[r]!.filter((res) => res.workload !== w),
  );
}

export function hierarchicalBudgets(
  sizes: Sizes,
  variant: VariantName<keyof typeof VARIANTS>,
): StateMachine<BudgetState, BudgetAction> {
  const { regions, pools, capacity, workloads, revisions } = sizes;
  const R = Array.from({ length: regions }, (_, r) => r);
  const P = Array.from({ length: pools }, (_, p) => p);
  const W = Array.from({ length: workloads }, (_, w) => w);
  const hintIsAuthority = variant === "stale-hint-authority";
  const budgetsExpire = variant !== "no-expiry";
  const bindCompares = variant !== "unguarded-bind";

  const allActions: BudgetAction[] = [{ kind: "Publish" }];
  for (const region of R) {
    for (const pool of P) {
      for (let units = 1; units <= capacity; units++) allActions.push({ kind: "Grant", region, pool, units });
      allActions.push({ kind: "Expire", region, pool }, { kind: "ReclaimBudget", region, pool });
    }
    for (const workload of W) {
      for (const pool of P) allActions.push({ kind: "Reserve", region, workload, pool });
      allActions.push(
        { kind: "Bind", region, workload },
        { kind: "Abandon", region, workload },
        { kind: "ReclaimLeak", region, workload },
      );
    }
  }
  for (const workload of W) allActions.push({ kind: "Complete", workload });

  const init: BudgetState = {
    revision: 1,
    budgets: R.map(() => P.map(() => null)),
    // Before any grant a region knows only that every pool starts with all its capacity free.
    warm: R.map(() => P.map(() => true)),
    reservations: R.map(() => []),
    bindings: W.map(() => []),
  };

  function reserve(s: BudgetState, r: number, w: number, p: number): BudgetState | null {
    const budget = s.budgets[r]![p]!;
    if (budget === null || !isValid(s, budget) || s.bindings[w]!.length > 0 || reservationOf(s, r, w))
      return null;
    const reservation: Reservation = { workload: w, pool: p, revision: budget.revision, leaked: false };
    const reservations = updated(s.reservations, r, [...s.reservations[r]!, reservation].sort(byWorkload));
    if (budget.units > used(s, r, p)) return { ...s, reservations };
    // The broken scheduler takes the hint's word for a unit its budget does not have.
    if (!hintIsAuthority || !s.warm[r]![p]) return null;
    const stretched: Budget = { ...budget, units: budget.units + 1 };
    return { ...s, reservations, budgets: updated2(s.budgets, r, p, stretched) };
  }

  function bind(s: BudgetState, r: number, w: number): BudgetState | null {
    const reservation = reservationOf(s, r, w);
    if (reservation === undefined || reservation.leaked) return null;
    const reservations = withoutReservation(s, r, w);
    const budget = s.budgets[r]![reservation.pool]!;
    const recordFree = !bindCompares || s.bindings[w]!.length === 0;
    if (!recordFree || budget === null || !isValid(s, budget) || budget.revision !== reservation.revision) {
      return { ...s, reservations }; // the conditional write failed: release the unit
    }
    const binding: Binding = { region: r, pool: reservation.pool, revision: reservation.revision };
    const bindings = updated(s.bindings, w, [...s.bindings[w]!, binding].sort(byRegion));
    return { ...s, reservations, bindings };
  }

  function reclaimBudget(s: BudgetState, r: number, p: number): BudgetState | null {
    const budget = s.budgets[r]![p]!;
    if (!budgetsExpire || budget === null || isValid(s, budget)) return null;
    const inUse = used(s, r, p);
    if (inUse === 0) return { ...s, budgets: updated2(s.budgets, r, p, null) };
    if (budget.units <= inUse) return null;
    return { ...s, budgets: updated2(s.budgets, r, p, { ...budget, units: inUse }) };
  }

  function next(s: BudgetState, a: BudgetAction): BudgetState | null {
    switch (a.kind) {
      case "Publish":
        return s.revision < revisions ? { ...s, revision: s.revision + 1 } : null;
      case "Grant": {
        const free = capacity - granted(s, a.pool);
        if (s.budgets[a.region]![a.pool] !== null || a.units > free) return null;
        const budget: Budget = { units: a.units, revision: s.revision, expired: false };
        return {
          ...s,
          budgets: updated2(s.budgets, a.region, a.pool, budget),
          warm: updated2(s.warm, a.region, a.pool, free - a.units > 0),
        };
      }
      case "Expire": {
        const budget = s.budgets[a.region]![a.pool]!;
        if (!budgetsExpire || budget === null || budget.expired) return null;
        return { ...s, budgets: updated2(s.budgets, a.region, a.pool, { ...budget, expired: true }) };
      }
      case "Reserve":
        return reserve(s, a.region, a.workload, a.pool);
      case "Bind":
        return bind(s, a.region, a.workload);
      case "Abandon": {
        const reservation = reservationOf(s, a.region, a.workload);
        if (reservation === undefined || reservation.leaked) return null;
        const leaked: Reservation = { ...reservation, leaked: true };
        const list = s.reservations[a.region]!.map((res) => (res === reservation ? leaked : res));
        return { ...s, reservations: updated(s.reservations, a.region, list) };
      }
      case "Complete":
        return s.bindings[a.workload]!.length === 0
          ? null
          : { ...s, bindings: updated(s.bindings, a.workload, []) };
      case "ReclaimLeak":
        return reservationOf(s, a.region, a.workload)?.leaked
          ? { ...s, reservations: withoutReservation(s, a.region, a.workload) }
          : null;
      case "ReclaimBudget":
        return reclaimBudget(s, a.region, a.pool);
    }
  }

  return {
    init: () => [init],
    actions: () => allActions,
    next,
    invariants: invariants(sizes),
    liveness: liveness(sizes),
    fairness: FAIRNESS,
    formatAction,
    actorOf,
    symmetry: regionSymmetry(regions),
    view: (s) => picture(s, sizes),
  };
}

function invariants({ regions, pools, capacity }: Sizes): Invariant<BudgetState>[] {
  const R = Array.from({ length: regions }, (_, r) => r);
  const P = Array.from({ length: pools }, (_, p) => p);
  const oversold = (s: BudgetState) => P.find((p) => granted(s, p) > capacity || boundIn(s, p) > capacity);
  const uncovered = (s: BudgetState): [number, number] | undefined => {
    for (const r of R) for (const p of P) if (!covered(s, r, p)) return [r, p];
    return undefined;
  };
  return [
    {
      name: "noDoubleSale",
      description: "in every pool, the budgets granted and the bindings each add up to at most its capacity",
      holds: (s) => oversold(s) === undefined,
      explain: (s) => {
        const p = oversold(s)!;
        const shares = s.budgets
          .map((row, r) => (row[p] ? `${regionName(r)} ${row[p].units}` : null))
          .filter((x) => x !== null);
        return `${poolName(p)} has capacity ${capacity} but ${granted(s, p)} units are granted (${shares.join(", ")}) and ${boundIn(s, p)} bound`;
      },
    },
    {
      name: "oneBindingPerWorkload",
      description: "every workload has at most one active binding",
      holds: (s) => s.bindings.every((list) => list.length <= 1),
      explain: (s) => {
        const w = s.bindings.findIndex((list) => list.length > 1);
        const where = s.bindings[w]!.map((b) => `${regionName(b.region)}/${poolName(b.pool)}`);
        return `${workloadName(w)} is bound ${s.bindings[w]!.length} times: ${where.join(" and ")}`;
      },
    },
    {
      name: "placementWithinBudget",
      description:
        "every reservation and binding of a region lies within its budget record (same revision, enough units)",
      holds: (s) => uncovered(s) === undefined,
      explain: (s) => {
        const [r, p] = uncovered(s)!;
        const budget = s.budgets[r]![p];
        const has = budget ? `a budget of ${budget.units} units at revision ${budget.revision}` : "no budget";
        return `${regionName(r)} holds ${used(s, r, p)} units in ${poolName(p)} with ${has}`;
      },
    },
  ];
}

/** Whether everything region r holds in pool p is covered by its budget record there. */
function covered(s: BudgetState, r: number, p: number): boolean {
  const n = used(s, r, p);
  if (n === 0) return true;
  const budget = s.budgets[r]![p];
  if (!budget || budget.units < n || budget.revision > s.revision) return false;
  const stamped = (x: { readonly revision: number }) => x.revision === budget.revision;
  return (
    s.reservations[r]!.every((res) => res.pool !== p || stamped(res)) &&
    s.bindings.every((list) => list.every((b) => b.region !== r || b.pool !== p || stamped(b)))
  );
}

function liveness({ regions, workloads }: Sizes): LivenessProperty<BudgetState>[] {
  const properties: LivenessProperty<BudgetState>[] = [];
  for (let r = 0; r < regions; r++) {
    for (let w = 0; w < workloads; w++) {
      const leaked = (s: BudgetState) => reservationOf(s, r, w)?.leaked === true;
      properties.push(
        leadsTo(`leakReclaimed:${regionName(r)}:${workloadName(w)}`, leaked, (s) => !leaked(s), {
          description: `a reservation of ${workloadName(w)} leaked by ${regionName(r)} is eventually reclaimed`,
          explain: () => `${regionName(r)}'s leaked reservation of ${workloadName(w)} is never reclaimed`,
        }),
      );
    }
  }
  for (let r = 0; r < regions; r++) {
    const served = (s: BudgetState) => s.budgets[r]!.some((b) => isValid(s, b));
    properties.push(
      leadsTo(`regionEventuallyServed:${regionName(r)}`, (s) => !served(s), served, {
        description: `${regionName(r)}, when it holds no valid budget, eventually holds one`,
        explain: (s) => {
          const holders = s.budgets
            .map((row, other) => (row.some((b) => b !== null) ? regionName(other) : null))
            .filter((x) => x !== null && x !== regionName(r));
          return `${regionName(r)} holds no valid budget and never gets one${holders.length ? `: ${holders.join(", ")} keep${holders.length === 1 ? "s" : ""} the capacity` : ""}`;
        },
      }),
    );
  }
  return properties;
}

const FAIRNESS: readonly Fairness<BudgetAction>[] = [
  // One strong constraint per region: grants to a region, however sized, in any pool.
  stronglyFair("grants", (a) => (a.kind === "Grant" ? regionName(a.region) : null)),
  weaklyFair("expiry", (a) => (a.kind === "Expire" ? `${a.region}.${a.pool}` : null)),
  weaklyFair("repair", (a) =>
    a.kind === "ReclaimLeak"
      ? `leak ${a.region}.${a.workload}`
      : a.kind === "ReclaimBudget"
        ? `budget ${a.region}.${a.pool}`
        : null,
  ),
  weaklyFair("binding", (a) => (a.kind === "Bind" ? `${a.region}.${a.workload}` : null)),
  weaklyFair("completion", (a) => (a.kind === "Complete" ? `${a.workload}` : null)),
];

function formatAction(a: BudgetAction): string {
  switch (a.kind) {
    case "Publish":
      return "Publish";
    case "Grant":
      return `Grant(${regionName(a.region)}, ${poolName(a.pool)}, ${a.units})`;
    case "Expire":
    case "ReclaimBudget":
      return `${a.kind}(${regionName(a.region)}, ${poolName(a.pool)})`;
    case "Reserve":
      return `Reserve(${regionName(a.region)}, ${workloadName(a.workload)}, ${poolName(a.pool)})`;
    case "Bind":
    case "Abandon":
    case "ReclaimLeak":
      return `${a.kind}(${regionName(a.region)}, ${workloadName(a.workload)})`;
    case "Complete":
      return `Complete(${workloadName(a.workload)})`;
  }
}

function actorOf(a: BudgetAction): string {
  switch (a.kind) {
    case "Publish":
    case "Grant":
      return "global";
    case "Expire":
      return "clock";
    case "ReclaimLeak":
    case "ReclaimBudget":
      return "repair";
    case "Complete":
      return workloadName(a.workload);
    default:
      return regionName(a.region);
  }
}

function regionSymmetry(regions: number): Symmetry<BudgetState, BudgetAction> {
  return {
    description: "regions",
    size: regions,
    permute(s, perm) {
      if (perm.every((to, from) => to === from)) return s;
      return {
        revision: s.revision,
        budgets: permuteIndexed(s.budgets, perm),
        warm: permuteIndexed(s.warm, perm),
        reservations: permuteIndexed(s.reservations, perm),
        bindings: s.bindings.map((list) =>
          list.length === 0 ? list : list.map((b) => ({ ...b, region: perm[b.region]! })).sort(byRegion),
        ),
      };
    },
    permuteAction: (a, perm) => ("region" in a ? { ...a, region: perm[a.region]! } : a),
    signature: (s, r) => {
      const bound = s.bindings.map((list) =>
        list
          .filter((b) => b.region === r)
          .map((b) => `${b.pool}@${b.revision}`)
          .join("+"),
      );
      return JSON.stringify([s.budgets[r], s.warm[r], s.reservations[r], bound]);
    },
  };
}

const REGION_COLOURS = ["#93c5fd", "#fcd34d", "#c4b5fd", "#6ee7b7"];
const OVERSOLD = "#f87171";

/**
 * The report's picture of a state: one row of capacity units per pool, each unit coloured by the
 * region its budget grants it to and labelled with what occupies it (a bound or reserved
 * workload, a leak, or free); units granted beyond the capacity are drawn red past the pool's
 * edge. Below, each region's budgets with revision, lease and hint.
 */
function picture(s: BudgetState, { regions, pools, capacity }: Sizes): DomainView {
  const unit = 56;
  const gap = 8;
  const left = 60;
  const shapes: Shape[] = [{ kind: "text", x: 10, y: 20, text: `policy revision ${s.revision}`, size: 13 }];
  let widest = capacity;
  for (let p = 0; p < pools; p++) {
    const y = 34 + p * (unit + 18);
    shapes.push({ kind: "text", x: 10, y: y + unit / 2 + 4, text: poolName(p), size: 13 });
    const cells = unitsOf(s, p, capacity);
    widest = Math.max(widest, cells.length);
    cells.forEach((cell, i) => {
      const over = i >= capacity;
      shapes.push({
        kind: "rect",
        x: left + i * (unit + gap),
        y,
        width: unit,
        height: unit,
        fill: over
          ? OVERSOLD
          : cell.region === null
            ? "#f3f4f6"
            : REGION_COLOURS[cell.region % REGION_COLOURS.length]!,
        stroke: cell.label === "free" || cell.region === null ? "#9ca3af" : "#111827",
        label: cell.region === null ? "free" : `${regionName(cell.region)} ${cell.label}`,
        title: over ? "granted beyond the pool's capacity: sold twice" : cell.title,
      });
    });
    if (cells.length > capacity) {
      const x = left + capacity * (unit + gap) - gap / 2;
      shapes.push({
        kind: "line",
        x1: x,
        y1: y - 4,
        x2: x,
        y2: y + unit + 4,
        stroke: "#b91c1c",
        dashed: true,
      });
    }
  }
  const top = 34 + pools * (unit + 18) + 10;
  for (let r = 0; r < regions; r++) {
    const parts = s.budgets[r]!.map((b, p) => {
      const hint = s.warm[r]![p] ? "hint warm" : "hint cold";
      if (b === null) return `${poolName(p)}: no budget (${hint})`;
      const lease = b.expired ? "expired" : b.revision === s.revision ? "valid" : "superseded";
      return `${poolName(p)}: ${b.units} units @rev ${b.revision}, ${lease} (${hint})`;
    });
    shapes.push(
      {
        kind: "rect",
        x: 10,
        y: top + r * 24,
        width: 14,
        height: 14,
        fill: REGION_COLOURS[r % REGION_COLOURS.length]!,
        stroke: "#374151",
      },
      { kind: "text", x: 30, y: top + r * 24 + 12, text: `${regionName(r)} — ${parts.join("; ")}`, size: 12 },
    );
  }
  const width = Math.max(440, left + widest * (unit + gap) + 20);
  return { title: "pools, budgets and bindings", width, height: top + regions * 24 + 10, shapes };
}

interface Cell {
  readonly region: number | null;
  readonly label: string;
  readonly title: string;
}

/** Pool p's units in order: each region's granted units (bound, reserved, leaked, then free), then ungranted ones. */
function unitsOf(s: BudgetState, p: number, capacity: number): Cell[] {
  const cells: Cell[] = [];
  s.budgets.forEach((row, r) => {
    const budget = row[p];
    const held: Cell[] = [];
    s.bindings.forEach((list, w) => {
      for (const b of list) {
        if (b.region === r && b.pool === p)
          held.push({
            region: r,
            label: workloadName(w),
            title: `${workloadName(w)} bound (rev ${b.revision})`,
          });
      }
    });
    for (const res of s.reservations[r]!) {
      if (res.pool !== p) continue;
      const what = res.leaked ? "leaked" : "reserved";
      held.push({
        region: r,
        label: `${workloadName(res.workload)} ${res.leaked ? "leak" : "rsv"}`,
        title: `${workloadName(res.workload)} ${what} (rev ${res.revision})`,
      });
    }
    const units = Math.max(budget?.units ?? 0, held.length);
    for (let i = 0; i < units; i++)
      cells.push(held[i] ?? { region: r, label: "free", title: `free in ${regionName(r)}'s budget` });
  });
  while (cells.length < capacity) cells.push({ region: null, label: "free", title: "not granted" });
  return cells;
}

const DEFAULTS = { regions: 2, pools: 1, capacity: 2, workloads: 2, revisions: 2 };

export default defineModel({
  name: "hierarchical-budgets",
  family: "scheduling",
  description:
    "a global controller grants regional budgets from pool capacity under policy revisions; regions place within them; repair reclaims leaks and expired budgets",
  params: {
    regions: intParam({ min: 1, max: 4, default: 2, description: "regional schedulers" }),
    pools: intParam({ min: 1, max: 2, default: 1, description: "capacity pools" }),
    capacity: intParam({ min: 1, max: 4, default: 2, description: "capacity units per pool" }),
    workloads: intParam({ min: 1, max: 3, default: 2, description: "workloads to place" }),
    revisions: intParam({
      min: 1,
      max: 3,
      default: 2,
      description: "policy revisions the global controller may publish",
    }),
  },
  variants: VARIANTS,
  configs: [
    // Pinned counts: computed by the checker, equal under BFS and DFS (distinct and generated), and
    // the one-region instance equals a hand count (specs/models/hierarchical-budgets.spec.ts).
    { name: "default", params: DEFAULTS, expect: { verdict: "holds", states: 3108, depth: 12 } },
    {
      name: "large",
      description:
        "three interchangeable regions, three units: 202,168 states; --no-liveness --symmetry stores 35,036",
      params: { ...DEFAULTS, regions: 3, capacity: 3 },
      expect: { verdict: "holds", states: 202168, depth: 18 },
    },
    {
      name: "stale-hint-authority",
      params: DEFAULTS,
      variant: "stale-hint-authority",
      expect: { verdict: "violated", violates: "noDoubleSale" },
    },
    {
      name: "no-expiry",
      description:
        "a region granted the whole pool keeps it forever; the lasso is a stutter where nothing fair is enabled, so no deadlock check",
      params: DEFAULTS,
      variant: "no-expiry",
      checkDeadlock: false,
      expect: { verdict: "violated", violates: "regionEventuallyServed:r1" },
    },
    {
      name: "unguarded-bind",
      params: DEFAULTS,
      variant: "unguarded-bind",
      expect: { verdict: "violated", violates: "oneBindingPerWorkload" },
    },
  ],
  build: (params, variant) => hierarchicalBudgets(params, variant),
});
