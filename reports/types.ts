// The shapes of a result file that reports read, named once. They are derived from ResultJson, the
// checker's public schema, so that a change there shows up here as a type error.
import type { ResultJson } from "../checker/index.ts";

export type JsonViolation = NonNullable<ResultJson["violation"]>;
export type JsonStep = JsonViolation["trace"][number];
/** A state in tagged JSON: sets as {"#set": […]}, maps as {"#map": [[k, v], …]}, bigints as {"#bigint": "…"}. */
export type TaggedJson = JsonStep["state"];
export type DomainView = NonNullable<JsonStep["view"]>;
export type Shape = DomainView["shapes"][number];
