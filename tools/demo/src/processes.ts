import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a built service as its own process, configured only by environment, as in
 * production; its output goes to <logDir>/<name>.log. Resolves once its readiness URL answers 200.
 */
export async function startProcess({
  name,
  script,
  env,
  readyUrl,
  logDir,
  cwd,
}: {
  name: string;
  script: string;
  env: Record<string, string>;
  readyUrl: string;
  logDir: string;
  cwd: string;
}): Promise<RunningProcess> {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${name}.log`));
  const child = spawn(process.execPath, [script], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running: RunningProcess = {
    name,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(killer);
      }
      log.end();
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} (see ${join(logDir, `${name}.log`)})`);
    if (
      await fetch(readyUrl).then(
        (r) => r.ok,
        () => false,
      )
    )
      return running;
    await new Promise((r) => setTimeout(r, 200));
  }
  await running.stop();
  throw new Error(`${name} was not ready within 60 s (see ${join(logDir, `${name}.log`)})`);
}
