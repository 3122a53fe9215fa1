import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";

const HEADER = `# Reliability

Written by \`npm run chaos\` (tools/chaos): the whole stack as separate processes under a
seeded schedule of faults, judged by what the gateway simulator's phones and the alert channel
received, and by the topics. Each mode rewrites only its own section below; the README's
"Fault campaign" section says what is injected and how each promise is judged.
`;

/**
 * Replaces one mode's section of docs/reliability.md (between its markers), leaving the other
 * modes' sections alone, and stamps it with the date and machine (as tools/bench does with
 * docs/benchmarks.md).
 */
export function writeReliabilitySection(repoRoot: string, mode: string, markdown: string): string {
  const file = join(repoRoot, "docs", "reliability.md");
  const start = `<!-- chaos:${mode}:start -->`;
  const end = `<!-- chaos:${mode}:end -->`;
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const section = `${start}\n${markdown.trim()}\n\n_Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}._\n${end}`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : HEADER;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, next);
  return file;
}
