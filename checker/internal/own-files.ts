// The checker runs in one of two forms: its TypeScript sources under tsx, in a clone of the
// repository (where `npx check` needs no build step), or the JavaScript that tsconfig.build.json
// compiles into dist/, in the installed package (Node does not run .ts files from node_modules,
// and vitest does not transform them there). The compiler rewrites the import specifiers; the few
// file URLs the checker builds for itself (a worker thread's entry, a registered model's file, the
// command `--all` spawns) are named here, in whichever form is running.

/** True in the installed package, which runs the compiled JavaScript under dist/. */
export const COMPILED = !import.meta.url.endsWith(".ts");

/** One of the checker's own modules, named by its source path relative to `base`. */
export function ownModule(sourcePath: string, base: string): URL {
  return new URL(COMPILED ? sourcePath.replace(/\.ts$/, ".js") : sourcePath, base);
}

/** The `check` command, bin/check.mjs: at the package's top level, which dist/ sits under. */
export const CHECK_BIN: URL = new URL(
  COMPILED ? "../../../bin/check.mjs" : "../../bin/check.mjs",
  import.meta.url,
);
