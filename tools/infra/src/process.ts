import { spawn, spawnSync } from "node:child_process";
import { openSync } from "node:fs";

/** Is a command on PATH? Returns its version line, or undefined. */
export function commandVersion(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 20_000 });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`
    .split("\n")
    .find((line) => line.trim())
    ?.trim();
}

/** Starts a long-running server that outlives this process (infra:up returns while it runs). */
export function spawnDetached(command: string, args: string[], logFile: string, cwd: string): number {
  const out = openSync(logFile, "a");
  const child = spawn(command, args, { cwd, detached: true, stdio: ["ignore", out, out] });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return child.pid;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, wait for a clean exit (Kafka flushes its log), then SIGKILL. */
export async function stopProcess(pid: number, timeoutMs = 30_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}
