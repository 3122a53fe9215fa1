#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runDemo, type DemoResult } from "./run-demo.js";
import { summaryTable } from "./table.js";
import { maskPhone } from "@sunseo/phone";

const usage = `usage: npm run demo -- [--flows N] [--seed S] [--keep] [--quiet]
  --flows N   teacher sign-ups plus the mix (default 500)
  --seed S    the load, the faults and the simulator's delivery order (default 7)
  --keep      leave the simulator and services running after the summary, until Ctrl-C
  --quiet     no progress bar, only the summary`;

const { values } = parseArgs({
  options: {
    flows: { type: "string", default: "500" },
    seed: { type: "string", default: "7" },
    keep: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const flows = Number(values.flows);
const seed = Number(values.seed);
if (!Number.isInteger(flows) || flows < 10 || flows > 20_000 || !Number.isInteger(seed)) {
  console.error(`demo: --flows must be an integer 10..20000 and --seed an integer\n${usage}`);
  process.exit(2);
}

const interactive = !values.quiet && process.stdout.isTTY;
const log = (line: string) => {
  if (values.quiet) return;
  if (interactive) process.stdout.write("\r\x1b[2K");
  console.log(line);
};
let lastDraw = 0;
const progress = (label: string, done: number, total: number, perSecond: number) => {
  if (values.quiet || (Date.now() - lastDraw < 200 && done < total)) return;
  lastDraw = Date.now();
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}  ${perSecond.toFixed(0)} msg/s`;
  if (interactive) process.stdout.write(`\r\x1b[2K${bar}`);
  else if (done === total) console.log(bar);
};

// Ctrl-C stops whatever was started, then exits.
let result: DemoResult | undefined;
let interrupted: () => void = () => undefined;
const ctrlC = new Promise<void>((resolve) => (interrupted = resolve));
process.once("SIGINT", () => {
  log("stopping ...");
  interrupted();
  if (!result) setTimeout(() => process.exit(130), 30_000).unref();
});

try {
  const run = runDemo({ repoRoot: fileURLToPath(new URL("../../../", import.meta.url)), flows, seed, log, progress });
  result = await Promise.race([run, ctrlC.then(() => undefined)]);
  if (!result) {
    (await run.catch(() => undefined))?.stop();
    process.exit(130);
  }
  if (interactive) process.stdout.write("\r\x1b[2K");
  console.log(`\nsunseo demo, seed ${seed}: the same load sent the seed's way and through sunseo\n`);
  console.log(summaryTable(result));
  console.log(`\nOrder is judged on what the simulator's phones received. Logs: ${result.logDir}`);
  for (const [side, verdict] of [
    ["seed's approach", result.naive],
    ["sunseo", result.sunseo],
  ] as const) {
    for (const e of verdict.examples) console.log(`  ${side}: phone ${maskPhone(e.phone)} received ${e.received.join(" -> ")}`);
  }
  if (values.keep) {
    // Printed even with --quiet: it is what --keep is for.
    console.log(`\nkeep: services stay up (simulator ${result.simulatorUrl})`);
    console.log(`console: ${result.console.url}  user ${result.console.user}  password ${result.console.password}`);
    console.log("press Ctrl-C to stop them");
    await ctrlC;
  }
  await result.stop();
  process.exit(result.sunseo.orderViolations === 0 && result.sunseo.duplicates === 0 && result.sunseo.interleavedPhones === 0 ? 0 : 1);
} catch (err) {
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
