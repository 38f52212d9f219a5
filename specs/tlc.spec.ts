// Differential checks against TLC: every TLA+-faithful model and configuration, run by TLC on the
// TLA+ Examples specification it transcribes and by this checker with every reduction off, must
// agree on the verdict, the distinct states, the generated states and the depth. TLC and the
// specifications are the peers' (../shared/peers, beside the repository); where they or java are
// absent the whole table is skipped, saying so. A row that takes more than a few seconds runs with
// LARGE=1 only.
//
// Both sides count as TLC does: generated is the initial states plus every successor computed,
// duplicates and self-loops included, and the initial states are at depth 1.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { checkModel, type ModelDefinition } from "../checker/index.ts";
import twoPhaseCommit from "../models/commit/two-phase-commit.ts";
import paxos from "../models/consensus/paxos.ts";
import mutexLamport from "../models/mutex/mutex-lamport.ts";

interface Counts {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
}

/** A TLC model configuration that the peers lack, written to a scratch folder for the run. */
interface GeneratedConfig {
  readonly file: string;
  readonly text: string;
}

interface Row {
  /** The row's name in the test list. */
  readonly name: string;
  /** A declared configuration, or a variant and parameters. */
  readonly ours: {
    readonly model: ModelDefinition;
    readonly config?: string;
    readonly variant?: string;
    readonly params?: Readonly<Record<string, number>>;
  };
  readonly tlc: {
    readonly folder: string;
    readonly module: string;
    /** Relative to the peers' tla/ folder or to `folder`, as the tlc script takes it. */
    readonly config: string | GeneratedConfig;
  };
  readonly verdict: "holds";
  /** Counts stated elsewhere (a formula, TLC's own record in the Examples manifest), also held to TLC's. */
  readonly stated?: Partial<Counts> & { readonly source: string };
  /** More than a few seconds on either side: run with LARGE=1 only. */
  readonly large?: boolean;
}

const twoPhaseConfig = (rm: number): GeneratedConfig => ({
  file: `TwoPhase_RM${rm}.cfg`,
  text: [
    `CONSTANT RM = {${Array.from({ length: rm }, (_, i) => `r${i + 1}`).join(", ")}}`,
    "INVARIANT TPTypeOK",
    "SPECIFICATION TPSpec",
    "",
  ].join("\n"),
});

// While the TM is undecided each RM is working, aborted, prepared, or prepared with its vote
// received (4^N); once it commits, prepared or committed (2^N); once it aborts, six ways (6^N):
// the count specs/models/two-phase-commit.spec.ts derives by hand.
const twoPhaseRow = (
  rm: number,
  ours: string | null,
  config: string | GeneratedConfig,
  large = false,
): Row => ({
  name: `two-phase-commit ${ours === null ? `--rm ${rm}` : `--config ${ours} (--rm ${rm})`}`,
  ours: { model: twoPhaseCommit, ...(ours === null ? { params: { rm } } : { config: ours }) },
  tlc: { folder: "transaction_commit", module: "TwoPhase", config },
  verdict: "holds",
  stated: { distinct: 6 ** rm + 4 ** rm + 2 ** rm, source: "6^N + 4^N + 2^N" },
  large,
});

// The peers' MCPaxosBig_B<n>.cfg without PROPERTY VotingSpecBar: checking the refinement takes
// TLC three to four times as long (ballots 0..2: 249 s against 68 s) and leaves its counts as they
// are; the invariants are those of MCPaxos.cfg. The file's name must hold "MCPaxosBig": that is
// how the tlc script knows to bring MCPaxosBig.tla along.
const paxosBigSafety = (maxBal: number): GeneratedConfig => ({
  file: `MCPaxosBig_B${maxBal}_safety.cfg`,
  text: [
    "SPECIFICATION Spec",
    "CONSTANTS",
    `  a1=a1  a2=a2  a3=a3  v1=v1  v2=v2  MaxBal=${maxBal}`,
    "  Acceptor <- MCAcceptor",
    "  Value    <- MCValue",
    "  Quorum   <- MCQuorum",
    "  Ballot   <- MCBallot",
    "  None     =  None",
    "  Ballot <-[Voting] MCBallot",
    "INVARIANT Inv1 Inv2 Inv3 Inv4",
    "",
  ].join("\n"),
});

// Our ballots B are TLA+'s Ballot = 0..B−1; the acceptors and values are MCPaxosBig's model values.
const ROWS: readonly Row[] = [
  twoPhaseRow(3, "default", "TwoPhase.cfg"),
  twoPhaseRow(4, null, twoPhaseConfig(4)),
  twoPhaseRow(5, "five-rms", "configs/TwoPhase_RM5.cfg"),
  twoPhaseRow(6, null, "configs/TwoPhase_RM6.cfg"),
  twoPhaseRow(7, "seven-rms", "configs/TwoPhase_RM7.cfg", true),
  twoPhaseRow(8, null, "configs/TwoPhase_RM8.cfg", true),
  {
    name: "paxos --config tla (MCPaxos: one acceptor, one value, ballots 0..1)",
    ours: { model: paxos, config: "tla" },
    // MCPaxos.cfg declares SYMMETRY MCSymmetry, the identity with one acceptor and one value.
    tlc: { folder: "Paxos", module: "MCPaxos", config: "MCPaxos.cfg" },
    verdict: "holds",
    stated: { distinct: 25, generated: 82, depth: 9, source: "the Examples manifest for MCPaxos.cfg" },
  },
  {
    name: "paxos --variant tla --acceptors 3 --values 2 --ballots 2 (ballots 0..1)",
    ours: { model: paxos, variant: "tla", params: { acceptors: 3, values: 2, ballots: 2 } },
    tlc: { folder: "Paxos", module: "MCPaxosBig", config: paxosBigSafety(1) },
    verdict: "holds",
  },
  {
    name: "paxos --config tla-large --no-symmetry (ballots 0..2)",
    ours: { model: paxos, config: "tla-large" },
    tlc: { folder: "Paxos", module: "MCPaxosBig", config: paxosBigSafety(2) },
    verdict: "holds",
    large: true,
  },
  {
    name: "mutex-lamport --config tla-small (MCLamportMutex with maxClock = 3)",
    ours: { model: mutexLamport, config: "tla-small" },
    tlc: {
      folder: "lamport_mutex",
      module: "MCLamportMutex",
      config: {
        file: "MCLamportMutex_maxClock3.cfg",
        text: [
          "CONSTANTS",
          "  N = 3",
          "  MaxNat = 7",
          "  maxClock = 3",
          "  Nat <- NatOverride",
          "INVARIANTS TypeOK BoundedNetwork Mutex",
          "SPECIFICATION Spec",
          "CONSTRAINT ClockConstraint",
          "",
        ].join("\n"),
      },
    },
    verdict: "holds",
  },
  {
    name: "mutex-lamport --config tla (MCLamportMutex)",
    ours: { model: mutexLamport, config: "tla" },
    tlc: { folder: "lamport_mutex", module: "MCLamportMutex", config: "MCLamportMutex.cfg" },
    verdict: "holds",
    stated: {
      distinct: 724274,
      generated: 2729079,
      depth: 61,
      source: "the Examples manifest for MCLamportMutex.cfg",
    },
    large: true,
  },
];

const repositoryRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const tlcScript = resolve(repositoryRoot, "../shared/peers/tlc");
const javaRuns = spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;
const missing = !existsSync(tlcScript)
  ? `${tlcScript} is absent`
  : !javaRuns
    ? "java is not on the PATH (TLC needs Java 17)"
    : null;
const large = Boolean(process.env.LARGE);
if (missing !== null) {
  console.warn(`specs/tlc.spec.ts: the differential checks against TLC are skipped: ${missing}`);
}

interface TlcRun extends Counts {
  readonly verdict: string;
  readonly seconds: number;
}

/** One line from the tlc script: `distinct=N generated=N depth=N wall_s=S verdict=V`. */
function parseTlcLine(output: string): TlcRun {
  const field = (name: string) => {
    const match = new RegExp(`\\b${name}=(\\S+)`).exec(output);
    if (!match) throw new Error(`TLC printed no ${name}=: ${output}`);
    return match[1]!;
  };
  const count = (name: string) => {
    const value = Number(field(name));
    if (!Number.isInteger(value)) throw new Error(`TLC's ${name} is not a count: ${output}`);
    return value;
  };
  return {
    distinct: count("distinct"),
    generated: count("generated"),
    depth: count("depth"),
    verdict: field("verdict"),
    seconds: Number(field("wall_s")),
  };
}

const run = promisify(execFile);
// One worker: the counts do not depend on it, and the machines this runs on are often busy.
const TLC_WORKERS = "1";

async function runTlc(row: Row, scratch: string): Promise<TlcRun> {
  let config: string;
  if (typeof row.tlc.config === "string") {
    config = row.tlc.config;
  } else {
    config = join(scratch, row.tlc.config.file);
    writeFileSync(config, row.tlc.config.text);
  }
  const { stdout } = await run(tlcScript, [row.tlc.folder, row.tlc.module, config, TLC_WORKERS], {
    maxBuffer: 1 << 20,
  });
  return parseTlcLine(stdout);
}

const timings: string[] = [];

it("the tlc script's line is read into counts; one without counts is refused", () => {
  expect(parseTlcLine("distinct=288 generated=1146 depth=11 wall_s=1.25 verdict=holds\n")).toEqual({
    distinct: 288,
    generated: 1146,
    depth: 11,
    verdict: "holds",
    seconds: 1.25,
  });
  expect(() => parseTlcLine("distinct=? generated=? depth=? wall_s=0.5 verdict=error")).toThrow(
    /not a count/,
  );
});

describe.skipIf(missing !== null)("the TLA+-faithful models count what TLC counts", () => {
  const scratch = mkdtempSync(join(tmpdir(), "tlc-configs-"));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    if (timings.length > 0) console.info(`TLC and ours, wall seconds:\n${timings.join("\n")}`);
  });

  for (const row of ROWS) {
    const skip = row.large === true && !large;
    it.skipIf(skip)(
      `${row.name}: ${row.tlc.module} with TLC${row.large ? " (LARGE=1)" : ""}`,
      async () => {
        const tlc = await runTlc(row, scratch);
        const start = performance.now();
        const result = await checkModel(row.ours.model, {
          ...(row.ours.config === undefined ? {} : { config: row.ours.config }),
          ...(row.ours.variant === undefined ? {} : { variant: row.ours.variant }),
          ...(row.ours.params === undefined ? {} : { params: row.ours.params }),
          por: false,
          symmetry: false,
        });
        const ourSeconds = (performance.now() - start) / 1000;
        timings.push(`  ${row.name}: TLC ${tlc.seconds.toFixed(1)} s, ours ${ourSeconds.toFixed(1)} s`);

        expect(result.options).toMatchObject({ por: false, symmetry: false });
        expect(tlc.verdict).toBe(row.verdict);
        expect(result.verdict).toBe(row.verdict);
        const ours: Counts = {
          distinct: result.stats.distinctStates,
          generated: result.stats.generatedStates,
          depth: result.stats.depth,
        };
        expect(ours).toEqual({ distinct: tlc.distinct, generated: tlc.generated, depth: tlc.depth });

        // The counts pinned in the model's configuration are held to TLC's as well, so that a
        // pin can only change with the model's agreement with TLC.
        const pinned = row.ours.model.configs?.find((c) => c.name === row.ours.config)?.expect;
        if (pinned?.states !== undefined) expect(pinned.states).toBe(tlc.distinct);
        if (pinned?.depth !== undefined) expect(pinned.depth).toBe(tlc.depth);
        if (row.stated !== undefined) {
          const { source, ...stated } = row.stated;
          expect(stated, source).toEqual({
            ...(stated.distinct === undefined ? {} : { distinct: tlc.distinct }),
            ...(stated.generated === undefined ? {} : { generated: tlc.generated }),
            ...(stated.depth === undefined ? {} : { depth: tlc.depth }),
          });
        }
      },
      row.large ? 900_000 : 300_000,
    );
  }
});
