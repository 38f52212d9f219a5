/*
 * Ricart and Agrawala's mutual exclusion, the same algorithm and network as our actor model
 * models/mutex/ricart-agrawala.ts, written for SPIN so that bench/spin.ts can compare the two
 * checkers state for state.
 *
 *   spin -a [-DN=3] [-DENTRIES=1] [-DBROKEN] ricart-agrawala.pml
 *   gcc -O2 -DSAFETY [-DNOREDUCE] -o pan pan.c && ./pan
 *
 * N processes P0 … P(N−1) (ours: --n N; at most 5 here, as ours), each entering the critical
 * section ENTRIES times (ours: --entries). -DBROKEN is our variant no-id-tiebreak: requests are
 * compared by timestamp only, so two requests with equal timestamps both get the other's OK and
 * mutualExclusion fails.
 *
 * The algorithm, as ours: to enter, a process ticks its Lamport clock and sends REQUEST(ts) to
 * every other process; on a REQUEST it sets its clock to max(clock, ts) + 1 and defers the reply
 * if it holds the critical section, or wants it with a smaller (ts, id), and otherwise replies OK
 * at once; it enters on the last of the N − 1 OKs; on leaving it answers every deferred request.
 *
 * How it maps to ours:
 *   - A step of ours is one d_step here: the "want" timer, the "leave" timer, the delivery of one
 *     REQUEST, the delivery of one OK. Our timers are functions of the local state ("want" is
 *     armed while released and done < ENTRIES, "leave" while held), so they are guards here, not
 *     variables. Between steps every process waits at the head of its loop, so program counters
 *     never vary, and the scratch variable t is zeroed at the end of each step.
 *   - Local state: phase and ts are kept twice, as locals (myPhase, myTs) that the steps read and
 *     as globals (phase[], ts[]) that the invariants read and only the steps that change them
 *     write; clock, oks and deferred (process sets as bit masks) are locals; done and sent are
 *     `local` globals (written by their own process only, read at the end by the watchdog). The
 *     copies are functions of each other, so they add no states.
 *   - Network: ours is unordered (a multiset of messages keyed by sender, receiver and content)
 *     with no faults. Between two processes at most one REQUEST and one OK are ever in flight in
 *     each direction, so one channel of capacity 1 per ordered pair and kind of message holds
 *     exactly that multiset, and either message may be delivered first. Channels are declared xr/xs
 *     (one reader, one writer), as SPIN's partial-order reduction requires before it treats a
 *     delivery as safe. It still removes nothing here: SPIN judges safety per control state, and
 *     the one loop head of a process is also left by steps that write phase[] and ts[]. (Ours judges
 *     per step: a delivery that changes neither is invisible to it.)
 *
 * Invariants: mutualExclusion and servedInOrder read only phase[] and ts[], so they are asserted
 * at the end of each step that writes them. messagesPerEntry (2(N − 1) messages per entry) and
 * ours' deadlock check are asserted by the watchdog on `timeout`, which SPIN enables exactly in
 * the states where no process can move (ours: no enabled action): such a state must be a proper
 * end (every entry done; nothing can be in flight, since every message is always receivable), and
 * the messages sent must total 2(N − 1)·N·ENTRIES. The watchdog's loop returns to its own head, so
 * it adds no states either.
 */

#ifndef N
#define N 3
#endif
#ifndef ENTRIES
#define ENTRIES 1
#endif

#define RELEASED 0
#define WANTED 1
#define HELD 2

byte phase[N];
byte ts[N]; /* the timestamp of the current request; 0 while released */
local byte done[N];
local byte sent[N];

/* req[i * N + j]: REQUEST(ts) from Pi to Pj (the sender is the channel); ok[i * N + j]: OK from Pi to Pj. */
chan req[N * N] = [1] of { byte };
chan ok[N * N] = [1] of { bit };

/* Scratch for the invariant checks: not part of the state vector. */
hidden byte hi;
hidden byte hj;
hidden byte count;

/* A process reaches its peers by slot: slot s (1 ≤ s < N) is P((_pid + s) % N). */
#define PEER(s) ((_pid + (s)) % N)
#define BIT(p) (1 << (p))
#define OTHERS (((1 << N) - 1) - BIT(_pid))

#ifdef BROKEN
#define DEFERS(t, from) (myPhase == HELD || (myPhase == WANTED && myTs < (t)))
#else
#define DEFERS(t, from) (myPhase == HELD || (myPhase == WANTED && (myTs < (t) || (myTs == (t) && _pid < (from)))))
#endif

/* The channels of slot s, each declared with its sole reader or writer. */
#define CHANNELS(s) \
  chan reqIn##s = req[PEER(s) * N + _pid]; \
  chan reqOut##s = req[_pid * N + PEER(s)]; \
  chan okIn##s = ok[PEER(s) * N + _pid]; \
  chan okOut##s = ok[_pid * N + PEER(s)]; \
  xr reqIn##s; xs reqOut##s; xr okIn##s; xs okOut##s;

#define REQUEST(s) reqOut##s ! myTs;

#define ANSWER(s) \
  if \
  :: (deferred & BIT(PEER(s))) != 0 -> okOut##s ! 1; sent[_pid]++ \
  :: else -> skip \
  fi;

#define DELIVER(s) \
  :: d_step { /* deliver REQUEST(ts) from PEER(s) */ \
       reqIn##s ? t -> \
       clock = (clock > t -> clock : t) + 1; \
       if \
       :: DEFERS(t, PEER(s)) -> deferred = deferred | BIT(PEER(s)) \
       :: else -> okOut##s ! 1; sent[_pid]++ \
       fi; \
       t = 0 \
     } \
  :: d_step { /* deliver OK from PEER(s) */ \
       okIn##s ? _ -> \
       if \
       :: myPhase == WANTED -> \
          oks = oks | BIT(PEER(s)); \
          if \
          :: oks == OTHERS -> myPhase = HELD; phase[_pid] = HELD; checkSafety() \
          :: else -> skip \
          fi \
       :: else -> skip \
       fi \
     }

/* mutualExclusion and servedInOrder, over phase[] and ts[]. */
inline checkSafety() {
  count = 0;
  hi = 0;
  do
  :: hi < N ->
     if
     :: phase[hi] == HELD ->
        count++;
        hj = 0;
        do
        :: hj < N ->
           assert(!(phase[hj] == WANTED && ts[hj] < ts[hi])); /* servedInOrder */
           hj++
        :: else -> break
        od
     :: else -> skip
     fi;
     hi++
  :: else -> break
  od;
  assert(count <= 1) /* mutualExclusion */
}

/* Declared first, so that Pi has _pid i. */
active [N] proctype P() {
  byte myPhase = RELEASED;
  byte myTs = 0;
  byte clock = 0;
  byte oks = 0;      /* who has answered the current request */
  byte deferred = 0; /* whose requests wait for this process to leave */
  byte t = 0;        /* the timestamp just received: zeroed at the end of each step */
  CHANNELS(1)
#if N > 2
  CHANNELS(2)
#endif
#if N > 3
  CHANNELS(3)
#endif
#if N > 4
  CHANNELS(4)
#endif
end:
  do
  :: d_step { /* timer "want": request the critical section */
       myPhase == RELEASED && done[_pid] < ENTRIES ->
       clock++;
       myPhase = WANTED;
       myTs = clock;
       oks = 0;
       REQUEST(1)
#if N > 2
       REQUEST(2)
#endif
#if N > 3
       REQUEST(3)
#endif
#if N > 4
       REQUEST(4)
#endif
       sent[_pid] = sent[_pid] + N - 1;
       phase[_pid] = WANTED;
       ts[_pid] = myTs;
       checkSafety()
     }
  :: d_step { /* timer "leave": answer every deferred request */
       myPhase == HELD ->
       ANSWER(1)
#if N > 2
       ANSWER(2)
#endif
#if N > 3
       ANSWER(3)
#endif
#if N > 4
       ANSWER(4)
#endif
       done[_pid]++;
       myPhase = RELEASED;
       myTs = 0;
       oks = 0;
       deferred = 0;
       phase[_pid] = RELEASED;
       ts[_pid] = 0;
       checkSafety()
     }
  DELIVER(1)
#if N > 2
  DELIVER(2)
#endif
#if N > 3
  DELIVER(3)
#endif
#if N > 4
  DELIVER(4)
#endif
  od
}

/* Ours' deadlock check and messagesPerEntry, in the states where nothing else can move. */
active proctype watchdog() {
end:
  do
  :: atomic {
       timeout ->
       count = 0;
       hi = 0;
       do
       :: hi < N ->
          assert(done[hi] == ENTRIES); /* deadlock: a process that is not done cannot move */
          count = count + sent[hi];
          hi++
       :: else -> break
       od;
       assert(count == 2 * (N - 1) * N * ENTRIES) /* messagesPerEntry */
     }
  od
}
