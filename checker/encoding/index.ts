// State encodings: the 64-bit fingerprint the explorer stores, the canonical bytes that define
// when two states are the same, and the tagged JSON form used in traces and results.
export { compareCanonical, encodeCanonical, sameState } from "./canonical.ts";
export { fingerprint, fingerprintBigInt, fingerprintHex, SuccessorFingerprinter } from "./fingerprint.ts";
export { showValue } from "./show-value.ts";
export { fromTaggedJson, type TaggedJson, toTaggedJson } from "./tagged-json.ts";
