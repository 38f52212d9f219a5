// The fault budgets of an actor run. The compiled machine spends them and the partial-order
// reduction waits until they are all spent, so both read them from here.
/** How many of each fault the explorer may inject. */
export interface FaultBudgets {
  readonly drop: number;
  readonly duplicate: number;
  readonly crash: number;
  /** Whether crashed processes may restart (crash-recover). */
  readonly restart: boolean;
  readonly partitions: number;
  readonly byzantine: number;
}

export const NO_FAULTS: FaultBudgets = {
  drop: 0,
  duplicate: 0,
  crash: 0,
  restart: false,
  partitions: 0,
  byzantine: 0,
};
