#!/usr/bin/env node
// The `check` command. In a clone of the repository it runs the TypeScript sources through tsx, so
// that it needs no build step; installed as a package, it runs the JavaScript compiled into dist/
// (the sources are not shipped). Either way a user's model file written in TypeScript loads by
// path: checker/cli/load-model.ts compiles it with tsx.
import { existsSync } from "node:fs";
import { URL } from "node:url";

const sources = new URL("../checker/cli/main.ts", import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import("../dist/checker/cli/main.js"));
}
process.exitCode = await main(process.argv.slice(2));
