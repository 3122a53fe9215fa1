import { ConfigError } from "@sunseo/config";
import { CliError } from "./errors.js";

/**
 * How a failed command reports itself, always on stderr (stdout carries only results):
 * one line `sunseo: <message>` (and its problems, one per line), or with --json one object
 * `{"error":{"code","message","problems"?}}`. The exit code does not depend on the format.
 */

export interface ErrorReport {
  code: string;
  message: string;
  problems?: readonly string[];
  exitCode: 1 | 2;
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ");

export function reportOf(err: unknown): ErrorReport {
  if (err instanceof ConfigError)
    return { code: "INVALID_CONFIG", message: `invalid configuration: ${err.problems.join("; ")}`, problems: err.problems, exitCode: 2 };
  if (err instanceof CliError)
    return { code: err.code, message: oneLine(err.message), ...(err.problems ? { problems: err.problems } : {}), exitCode: err.exitCode };
  const message = oneLine(err instanceof Error ? err.message : String(err));
  if (err instanceof Error && err.name.startsWith("KafkaJS")) return { code: "KAFKA", message: `kafka: ${message}`, exitCode: 1 };
  // Library errors that carry a stable code (FLOW_START_FAILED from the flow client) keep it.
  const code = typeof (err as { code?: unknown })?.code === "string" ? (err as { code: string }).code : "FAILED";
  return { code, message, exitCode: 1 };
}

export function formatError(report: ErrorReport, json: boolean): string {
  if (json) return JSON.stringify({ error: { code: report.code, message: report.message, ...(report.problems ? { problems: report.problems } : {}) } });
  // The message already lists the problems when there are few; more than one gets a line each.
  const details = report.problems && report.problems.length > 1 ? report.problems.map((p) => `\n  - ${p}`).join("") : "";
  return `sunseo: ${report.message}${details}`;
}

/** --json before a "--", even on a command line that did not parse: a script asked for JSON errors too. */
export const wantsJson = (argv: readonly string[]): boolean => {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
};
