// What a model that is found not deterministic has probably done. Every check that can find it
// (the determinism probe, the trace replay, the lasso replay, the simulator's shrunk walk) ends
// its message with the same list, so a model author reads one explanation whichever check fired.
export const NONDETERMINISM_CAUSES =
  "the model is probably not deterministic: look for Math.random, Date.now or performance.now, " +
  "a counter or cache kept outside the state, a state that was mutated after it was handed in, " +
  "or behaviour that depends on Set/Map iteration order or object key order";
