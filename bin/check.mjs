#!/usr/bin/env node
// The `check` command. It runs the TypeScript sources through tsx, so that a user's own model
// written in TypeScript can be loaded by path with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../checker/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
