/*
 * Two-phase commit: Gray and Lamport's TwoPhase (TLA+), the same specification as our
 * models/commit/two-phase-commit.ts, written for SPIN so that bench/spin.ts can compare the two
 * checkers state for state.
 *
 *   spin -a [-DN=7] [-DBROKEN] two-phase-commit.pml
 *   gcc -O2 -DSAFETY [-DNOREDUCE] -o pan pan.c && ./pan
 *
 * N is the number of resource managers (ours: --rm N). -DBROKEN is our variant
 * commit-without-votes: the TM commits without waiting for every vote, and TCConsistent fails.
 *
 * How it maps to ours, variable for variable:
 *   rmState[i]      rmState[i]               WORKING, PREPARED, COMMITTED, ABORTED
 *   tmState         tmState                  TM_INIT, TM_COMMITTED, TM_ABORTED
 *   tmPrepared      tmPrepared               a bit per RM
 *   msgPrepared     Prepared(rm) in msgs     a bit per RM
 *   msgCommit       Commit in msgs           msgs is a set that only grows (TLA+'s message set:
 *   msgAbort        Abort in msgs            loss, duplication and reordering at once)
 * and action for action: each TLA+ action is one d_step, one transition of SPIN, one step of ours.
 * The RM actions and TMRcvPrepared(i) sit in process RM(i) (TMRcvPrepared is the TM's action,
 * but it is the only one indexed by an RM, so it lives where the index is); TMCommit and TMAbort
 * sit in process TM. Every process waits at the head of its loop between steps, so its program
 * counter never varies and SPIN's distinct states are ours exactly. As in ours, an action that
 * changes nothing (TMRcvPrepared of a vote already held, a second RMRcvCommitMsg) is a self-loop.
 *
 * Invariants: TCConsistent (no RM committed while another aborted) is asserted at the end of
 * every step that changes rmState, which is every state where it can become false; the initial
 * state satisfies it. TPTypeOK holds by construction here (every variable has its Promela type).
 * Deadlock: ours reports a state without an enabled action; none exists (RMRcvAbortMsg or
 * RMRcvCommitMsg stays enabled once the TM decides), and SPIN's end-state check agrees: every
 * loop head is an end label.
 *
 * Partial-order reduction: every step reads and writes global variables, which SPIN never
 * treats as safe, so its reduction removes nothing; ours declares no footprints for this
 * model and is off too.
 */

#ifndef N
#define N 3
#endif

#define WORKING 0
#define PREPARED 1
#define COMMITTED 2
#define ABORTED 3

#define TM_INIT 0
#define TM_COMMITTED 1
#define TM_ABORTED 2

#define ALL ((1 << N) - 1)
#define ME (1 << _pid)

byte rmState[N];
byte tmState;
short tmPrepared;
short msgPrepared;
bool msgCommit;
bool msgAbort;

/* Scratch for the invariant check: not part of the state vector. */
hidden byte k;
hidden byte anyCommitted;
hidden byte anyAborted;

inline checkTCConsistent() {
  anyCommitted = false;
  anyAborted = false;
  k = 0;
  do
  :: k < N ->
     if
     :: rmState[k] == COMMITTED -> anyCommitted = true
     :: rmState[k] == ABORTED -> anyAborted = true
     :: else -> skip
     fi;
     k++
  :: else -> break
  od;
  assert(!(anyCommitted && anyAborted)) /* TCConsistent */
}

/* Declared first, so that RM i has _pid i. */
active [N] proctype RM() {
end:
  do
  :: d_step { /* TMRcvPrepared(i) */
       tmState == TM_INIT && (msgPrepared & ME) != 0 ->
       tmPrepared = tmPrepared | ME
     }
  :: d_step { /* RMPrepare(i) */
       rmState[_pid] == WORKING ->
       rmState[_pid] = PREPARED;
       msgPrepared = msgPrepared | ME;
       checkTCConsistent()
     }
  :: d_step { /* RMChooseToAbort(i) */
       rmState[_pid] == WORKING ->
       rmState[_pid] = ABORTED;
       checkTCConsistent()
     }
  :: d_step { /* RMRcvCommitMsg(i) */
       msgCommit ->
       rmState[_pid] = COMMITTED;
       checkTCConsistent()
     }
  :: d_step { /* RMRcvAbortMsg(i) */
       msgAbort ->
       rmState[_pid] = ABORTED;
       checkTCConsistent()
     }
  od
}

active proctype TM() {
end:
  do
  :: d_step { /* TMCommit */
#ifdef BROKEN
       tmState == TM_INIT ->
#else
       tmState == TM_INIT && tmPrepared == ALL ->
#endif
       tmState = TM_COMMITTED;
       msgCommit = true
     }
  :: d_step { /* TMAbort */
       tmState == TM_INIT ->
       tmState = TM_ABORTED;
       msgAbort = true
     }
  od
}
