#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { runCampaign } from "./campaign.js";
import { parseChaosArgs, USAGE, UsageError, type ChaosArgs } from "./options.js";
import { writeReliabilitySection } from "./reliability-doc.js";
import { brokenPromises, campaignReport, faultTimeline, HOW_JUDGED, volatileReport } from "./report.js";
import type { Check } from "./judge.js";
import { runVolatile } from "./volatile.js";

let args: ChaosArgs;
try {
  args = parseChaosArgs(process.argv.slice(2));
} catch (err) {
  console.error(`chaos: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(err instanceof UsageError ? 2 : 1);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const began = Date.now();
const log = (line: string) => {
  if (!args.quiet) console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)}s] ${line}`);
};
// Exiting runs every member's and server's exit hook: nothing the campaign started outlives it.
process.once("SIGINT", () => process.exit(130));

/** What a run hands back to be printed, written and turned into the exit code. */
interface Outcome {
  title: string;
  report: string;
  /** What docs/reliability.md adds to the report. */
  docExtra: string;
  checks: readonly Check[];
  runDir: string;
}

async function run(a: ChaosArgs): Promise<Outcome> {
  if (a.mode === "volatile") {
    const result = await runVolatile({ repoRoot, flows: a.flows, seed: a.seed, profile: a.profile, log });
    return {
      title: `Redis without persistence, restarted empty during the load (seed ${a.seed})`,
      report: volatileReport(result),
      docExtra: "",
      checks: result.checks,
      runDir: result.runDir,
    };
  }
  const result = await runCampaign({ repoRoot, flows: a.flows, seed: a.seed, profile: a.profile, maxDurationMs: a.maxDurationMs, log });
  return {
    title:
      a.mode === "cluster"
        ? `Three Kafka nodes (topics with 3 replicas, min.insync.replicas 2), one SIGKILLed for 20 s, ${a.flows} flows, seed ${a.seed}`
        : `Redis with AOF appendfsync always, ${a.flows} flows, seed ${a.seed}${a.profile === "quick" ? ", quick schedule" : ""}`,
    report: campaignReport(result),
    docExtra: `\n\n${faultTimeline(result)}\n\n${HOW_JUDGED}`,
    checks: result.verdict.checks,
    runDir: result.runDir,
  };
}

try {
  const { title, report, docExtra, checks, runDir } = await run(args);
  console.log(`\nsunseo chaos: ${title}\n\n${report}\n\n${brokenPromises(checks)}\nLogs, faults.log and verdict.json: ${runDir}`);
  if (args.profile !== "quick") {
    const heading = { volatile: "Redis losing its data", cluster: "Losing one broker of three", persistent: "Every fault, persistent Redis" }[args.mode];
    const command = `npm run chaos -- --mode ${args.mode} --flows ${args.flows} --seed ${args.seed}`;
    console.log(
      `Written: ${writeReliabilitySection(repoRoot, args.mode, `## ${heading}\n\n${title}: \`${command}\`\n\n${report}\n\n${brokenPromises(checks)}${docExtra}`)}`,
    );
  }
  process.exit(checks.every((c) => c.held) ? 0 : 1);
} catch (err) {
  console.error(`\nchaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
}
