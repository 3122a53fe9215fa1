import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cpus, totalmem } from "node:os";

import { REPO_ROOT } from "./repo-root.js";

const file = join(REPO_ROOT, "docs", "benchmarks.md");
const HEADER =
  "# Benchmarks\n\nWritten by the benchmark scripts in `tools/bench` (`npm run bench` and `npm run bench:<service>`; each rewrites only its own section). Figures are medians of repeated runs unless a section says otherwise; the machine is shared and noisy, so compare ratios rather than absolutes.\n";

/**
 * Replaces one benchmark's section of docs/benchmarks.md (between its markers), leaving
 * the other benchmarks' sections alone, and stamps it with the date and machine.
 */
export function writeBenchSection(name: string, markdown: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const section = `${start}\n${markdown.trim()}\n\n_Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}._\n${end}`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : HEADER;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, next);
}
