// Which part of the tree may import which (`npm run lint` runs it; a broken rule fails the lint
// with the rule's name and the offending import). The layers:
//
//   checker/       the engine; it never imports the models, the report or the command line,
//                  so a user's model and a bare `checkModel` call load nothing else
//   models/        import only the public barrel, checker/index.ts, like any user's model;
//   reports/       so they keep working against the published package, and whatever the barrel
//                  leaves out stays free to change
//   checker/cli/   the one place that joins them: it loads the models and the report, and takes
//                  from the engine what the barrel has, plus the few internals listed below
//   specs/, bench/ anything: tests and benchmarks reach internals on purpose
//
// Paths are matched after resolution, so the rules hold whatever the depth of a relative import,
// and they see `import type` and `import()` as well as plain imports.

const PACKAGES_AND_BUILTINS = ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg"];

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "A cycle of imports, type-only ones included: move the piece both files need into a file " +
        "of its own, where the concept belongs.",
      from: {},
      to: { circular: true },
    },
    {
      name: "engine-is-standalone",
      severity: "error",
      comment:
        "checker/ (outside checker/cli/) imports no model, no report, no command line and no test: " +
        "only the command line joins the engine to the models and the report.",
      from: { path: "^checker/", pathNot: "^checker/cli/" },
      to: { path: "^(models|reports|checker/cli|specs|bench|docs)/" },
    },
    {
      name: "models-use-the-barrel",
      severity: "error",
      comment:
        "A model imports the checker only through its public barrel, checker/index.ts (and other " +
        "files of models/): a model that needs more has found something the barrel should export.",
      from: { path: "^(models|docs/examples)/" },
      to: {
        pathNot: "^(models/|docs/examples/|checker/index\\.ts$)",
        dependencyTypesNot: PACKAGES_AND_BUILTINS,
      },
    },
    {
      name: "reports-use-the-barrel",
      severity: "error",
      comment:
        "The report imports the checker only through its public barrel, checker/index.ts, and " +
        "otherwise only reports/ (the browser client's modules included) and the drawing " +
        "vocabulary of checker/model/drawing.ts, which imports nothing, so that the page's own " +
        "types share it without the engine.",
      from: { path: "^reports/" },
      to: {
        pathNot: "^(reports/|checker/index\\.ts$|checker/model/drawing\\.ts$)",
        dependencyTypesNot: PACKAGES_AND_BUILTINS,
      },
    },
    {
      name: "cli-uses-the-barrel",
      severity: "error",
      comment:
        "The command line takes from the engine what checker/index.ts exports. The internals it " +
        "may use besides are listed in .dependency-cruiser.js, each with the reason it is not public.",
      from: { path: "^checker/cli/" },
      to: {
        path: "^checker/",
        pathNot: [
          "^checker/cli/",
          "^checker/index\\.ts$",
          // Where the checker's own files are, to spawn itself (`check all`) and to load its own
          // modules: the command line's business, meaningless to a library user.
          "^checker/internal/own-files\\.ts$",
          // Finding a definition among a module's exports, and a config by name with the error
          // that lists the others: how a name on the command line becomes a model.
          "^checker/model/find-definition\\.ts$",
          "^checker/model/define\\.ts$",
          // The `npx check …` line that reproduces a run, shared with checker/testing.ts: its
          // output is public, its options are the command line's own.
          "^checker/reproduce\\.ts$",
          // describeThrown: one wording for a thrown value, whoever reports it.
          "^checker/errors\\.ts$",
        ],
      },
    },
    {
      name: "reductions-below-trace",
      severity: "error",
      comment:
        "checker/trace/ replays traces through the reductions, so checker/reductions/ must not " +
        "import checker/trace/: what both need (showing values, formatting actions) lives lower, " +
        "in checker/encoding/ and checker/model/.",
      from: { path: "^checker/reductions/" },
      to: { path: "^checker/trace/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that resolves to no file: the rules above cannot judge it.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|out)/" },
    // Type-only imports count: a cycle of types is still two files that cannot be read apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // As Node resolves an ES module's imports (tsx/esm/api is known only through "exports").
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "node", "default"] },
  },
};
