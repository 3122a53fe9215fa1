import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, closeSync, openSync } from "node:fs";
import { join } from "node:path";

/**
 * One member of the stack (sequencer-2, say) as Kubernetes would run it: a process from
 * services/<name>/dist/main.js configured only by environment, started again about a second
 * after it dies, whoever killed it. Every incarnation appends to <logDir>/<label>.log behind
 * a marker line, so a person can follow one member across its restarts.
 */
export interface MemberSpec {
  service: string;
  /** 1-based; the label is `<service>-<index>`. */
  index: number;
  script: string;
  env: Record<string, string>;
  /** Answers 200 once the member can work (its /readyz, or /healthz for the simulator). */
  readyUrl: string;
  logDir: string;
  cwd: string;
  /** Restart after a death (false for the simulator: its memory is the campaign's ground truth). */
  restart: boolean;
  restartDelayMs?: number;
}

/** A death the supervisor saw: injected by the campaign (SIGKILL) or the member's own. */
export interface Death {
  label: string;
  at: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Member {
  readonly label: string;
  readonly service: string;
  readonly readyUrl: string;
  pid(): number | undefined;
  alive(): boolean;
  /** Sends a signal to the running incarnation; false when none runs (it is between restarts). */
  signal(signal: NodeJS.Signals): boolean;
  deaths(): readonly Death[];
  waitReady(timeoutMs: number): Promise<void>;
  /** SIGTERM (after SIGCONT, should it be paused), wait for a clean exit, no restart. */
  stop(): Promise<void>;
}

/** Every member's running process, SIGKILLed if the campaign exits (one hook for all: members restart often). */
const running = new Set<ChildProcess>();
let exitHook = false;
const killOnExit = (child: ChildProcess) => {
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const c of running) c.kill("SIGKILL");
    });
  }
  running.add(child);
  child.once("exit", () => running.delete(child));
};

export class MemberNotReadyError extends Error {
  override readonly name = "MemberNotReadyError";
  constructor(label: string, timeoutMs: number, logFile: string) {
    super(`${label} was not ready within ${timeoutMs / 1000} s (see ${logFile})`);
  }
}

export function superviseMember(spec: MemberSpec): Member {
  const label = `${spec.service}-${spec.index}`;
  const logFile = join(spec.logDir, `${label}.log`);
  const deaths: Death[] = [];
  let child: ChildProcess | undefined;
  let incarnation = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const start = () => {
    incarnation += 1;
    appendFileSync(logFile, `\n--- chaos: ${label} start #${incarnation} at ${new Date().toISOString()} ---\n`);
    const out = openSync(logFile, "a");
    try {
      child = spawn(process.execPath, [spec.script], { cwd: spec.cwd, env: { PATH: process.env.PATH ?? "", ...spec.env }, stdio: ["ignore", out, out] });
    } finally {
      closeSync(out); // the child holds its own copy
    }
    const current = child;
    // A campaign that crashes must not leave its stack running.
    killOnExit(current);
    current.once("exit", (code, signal) => {
      if (stopping) return;
      deaths.push({ label, at: Date.now(), code, signal });
      appendFileSync(
        logFile,
        `\n--- chaos: ${label} died (${signal ?? `exit code ${code}`}) at ${new Date().toISOString()}${spec.restart ? "; restarting" : ""} ---\n`,
      );
      if (spec.restart) restartTimer = setTimeout(start, spec.restartDelayMs ?? 1_000);
    });
  };

  start();
  return {
    label,
    service: spec.service,
    readyUrl: spec.readyUrl,
    pid: () => (isRunning() ? child?.pid : undefined),
    alive: isRunning,
    signal: (signal) => isRunning() && child!.kill(signal),
    deaths: () => deaths,
    async waitReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (
          await fetch(spec.readyUrl, { signal: AbortSignal.timeout(1_000) }).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new MemberNotReadyError(label, timeoutMs, logFile);
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (!isRunning()) return;
      const current = child!;
      const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
      current.kill("SIGCONT");
      current.kill("SIGTERM");
      // The services' own grace is 25 s; past that it is a crash.
      const killer = setTimeout(() => current.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
