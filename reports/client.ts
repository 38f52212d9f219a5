// The script inside the report: the TypeScript modules of reports/client/, bundled by esbuild into
// one script the first time a report is rendered, then kept for the rest of the process. Bundling
// here rather than in a build step lets a clone render reports straight from its sources, as the
// `check` command runs them; the page's Content-Security-Policy hashes whatever this returns.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

/**
 * The entry module, beside this file; failing that, in the package's reports/client/, for a copy
 * of this module compiled to dist/reports/ (the client sources ship as TypeScript).
 */
function entryPoint(): string {
  const beside = fileURLToPath(new URL("./client/main.ts", import.meta.url));
  const fromDist = fileURLToPath(new URL("../../reports/client/main.ts", import.meta.url));
  return existsSync(beside) || !existsSync(fromDist) ? beside : fromDist;
}

let bundled: string | undefined;

export function clientScript(): string {
  bundled ??= bundle();
  return bundled;
}

function bundle(): string {
  const entry = entryPoint();
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    // Paths in the bundle's comments are relative to this, so the same sources give the same
    // bytes wherever the package lives (reports are reproducible byte for byte).
    absWorkingDir: dirname(dirname(entry)),
    // The one setting that matters is written here, so that no tsconfig.json is read: in an
    // installed package, the one beside the client sources extends a file that is not there.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    legalComments: "none",
    charset: "ascii",
    logLevel: "silent",
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error(`esbuild wrote nothing for ${entry}`);
  return file.text;
}
