/*
 * Chang and Roberts' ring election, the same algorithm and network as our actor model
 * models/election/chang-roberts.ts, written for SPIN so that bench/spin.ts can compare the two
 * checkers state for state.
 *
 *   spin -a [-DN=7] [-DID0=2 -DID1=6 …] [-DBROKEN] chang-roberts.pml
 *   gcc -O2 -DSAFETY [-DNOREDUCE] -o pan pan.c && ./pan
 *
 * N processes on a unidirectional ring (ours: --n N, at most 7 here, as ours); IDk is the id at
 * ring position k, clockwise (ours: --ids; bench/spin.ts passes the ids ours computes). Without
 * -DIDk the ids decrease around the ring (ours: --ids decreasing, the worst case). -DBROKEN is our
 * variant forward-smaller: a process forwards smaller ids instead of swallowing them, so an id
 * that is not the maximum comes home and leaderIsMax fails.
 *
 * The algorithm, as ours: every process sends ELECTION(own id) to its clockwise neighbour; on
 * ELECTION(j) a process forwards it if j > own id, swallows it if j < own id, and if j = own id
 * it is the leader and sends ELECTED(own id); on ELECTED(j) it records j as the leader and
 * forwards it, unless j = own id (the announcement is home).
 *
 * How it maps to ours:
 *   - Network: ours is FIFO, one queue per sender→receiver link, no faults. Here the link from
 *     ring position p to p + 1 is channel link[p], whose contents are the same sequence.
 *   - A step of ours (the delivery of the head of one link) is one d_step here. Between steps
 *     every process waits at the head of its loop, so program counters never vary, and the
 *     scratch variable j is zeroed at the end of each step.
 *   - Ours starts in the state where every process has already sent ELECTION(own id). SPIN
 *     starts with empty channels and no processes; `init` sends the N messages and starts the N
 *     processes in one atomic sequence, whose intermediate states SPIN does not store. So SPIN
 *     stores exactly one state more than ours: its initial state, before that sequence.
 *   - Local state: id (a parameter, constant) and sent are per process; leader is the global
 *     leader[], which the invariants read and only the steps that change it write; sent is a
 *     `local` global (written by its own process only, read at the end by the watchdog).
 *     Channels are declared xr/xs, as SPIN's partial-order reduction requires before it treats a
 *     step that changes no global variable (a forwarded or swallowed ELECTION) as safe. It still
 *     removes nothing here: SPIN judges safety per control state, and the one loop head of a
 *     process is also left by the steps that write leader[]. Ours judges per step, and prunes.
 *
 * Invariants: oneLeader, leaderIsMax and agreement read only leader[], so they are asserted at the
 * end of each step that writes it. Ours' messages measure (every election sends the same count)
 * and its deadlock check are asserted by init,
 * which becomes the watchdog, on `timeout`: SPIN enables it exactly where no process can move
 * (ours: no enabled action), which must be a proper end — everyone knows the leader, and nothing
 * is in flight (every message at the head of a link is always receivable) — with each id's hops
 * until a larger id swallows it, plus N announcements, sent in all. The watchdog's loop returns to
 * its own head, so it adds no states.
 */

#ifndef N
#define N 4
#endif

/* Ring ids, clockwise; decreasing unless given. */
#ifndef ID0
#define ID0 N
#define ID1 (N - 1)
#define ID2 (N - 2)
#define ID3 (N - 3)
#define ID4 (N - 4)
#define ID5 (N - 5)
#define ID6 (N - 6)
#endif

mtype = { ELECTION, ELECTED };

chan link[N] = [N + 1] of { mtype, byte }; /* link[p]: from ring position p to p + 1 */
byte leader[N];                            /* the leader position p knows; 0: none yet */
local byte sent[N];
hidden byte ids[N]; /* constant once init has set it */

/* Scratch for the checks: not part of the state vector. */
hidden byte hi;
hidden byte hops;
hidden byte count;
hidden byte expected;

/* oneLeader, leaderIsMax, agreement, over leader[] and the constant ids[]. */
inline checkLeaders() {
  count = 0;
  hi = 0;
  do
  :: hi < N ->
     if
     :: leader[hi] == ids[hi] ->
        count++;
        assert(ids[hi] == N) /* leaderIsMax */
     :: else -> skip
     fi;
     assert(leader[hi] == 0 || leader[hi] == leader[pos]); /* agreement */
     hi++
  :: else -> break
  od;
  assert(count <= 1) /* oneLeader */
}

proctype P(byte pos; byte id) {
  chan in = link[(pos + N - 1) % N];
  chan out = link[pos];
  byte j = 0; /* the id just received: zeroed at the end of each step */
  xr in;
  xs out;
end:
  do
  :: d_step { /* deliver ELECTION(j) */
       in ? ELECTION, j ->
       if
       :: j == id ->
          out ! ELECTED, id;
          sent[pos]++;
          leader[pos] = id;
          checkLeaders()
#ifdef BROKEN
       :: j != id ->
#else
       :: j < id -> skip
       :: j > id ->
#endif
          out ! ELECTION, j;
          sent[pos]++
       fi;
       j = 0
     }
  :: d_step { /* deliver ELECTED(j) */
       in ? ELECTED, j ->
       if
       :: j == id -> skip
       :: else ->
          out ! ELECTED, j;
          sent[pos]++;
          leader[pos] = j;
          checkLeaders()
       fi;
       j = 0
     }
  od
}

init {
  byte p = 0;
  atomic {
    ids[0] = ID0;
    ids[1] = ID1;
#if N > 2
    ids[2] = ID2;
#endif
#if N > 3
    ids[3] = ID3;
#endif
#if N > 4
    ids[4] = ID4;
#endif
#if N > 5
    ids[5] = ID5;
#endif
#if N > 6
    ids[6] = ID6;
#endif
    do
    :: p < N ->
       link[p] ! ELECTION, ids[p];
       sent[p] = 1;
       run P(p, ids[p]);
       p++
    :: else -> break
    od
  }
  /* The watchdog: ours' deadlock check, and its measure of messages per election, where nothing else can move. */
end:
  do
  :: atomic {
       timeout ->
       count = 0;
       expected = 0;
       hi = 0;
       do
       :: hi < N ->
          assert(leader[hi] != 0); /* deadlock: a process that does not know the leader cannot move */
          count = count + sent[hi];
          hops = 1;
          do
          :: hops < N && ids[(hi + hops) % N] < ids[hi] -> hops++
          :: else -> break
          od;
          expected = expected + hops + 1; /* its id's hops, and one announcement */
          hi++
       :: else -> break
       od;
       assert(count == expected) /* ours: the measure messages */
     }
  od
}
