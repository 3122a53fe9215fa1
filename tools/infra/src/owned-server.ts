import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { ServerStateError } from "./errors.js";
import { logTail } from "./log-tail.js";
import { waitFor } from "./probe.js";

/**
 * A server process its caller owns and may break: started, stopped, killed and started again
 * at will. Unlike the shared infra's detached servers it is a child of this process and is
 * SIGKILLed when this process exits, so a crashed campaign or test leaves nothing running.
 */
export interface OwnedServer {
  /** The running process's pid; undefined while stopped. */
  readonly pid: number | undefined;
  running(): boolean;
  /** Spawns the process again with the same configuration and data; does not wait for it to answer (see waitReady). */
  start(): void;
  /** SIGTERM and wait for the exit (SIGKILL after stopTimeoutMs). */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: a crash, nothing flushed. */
  kill(): Promise<void>;
  /** Until the server answers; fails at once if the process exits meanwhile, with its log's last lines. */
  waitReady(timeoutMs?: number): Promise<void>;
}

export interface OwnedServerSpec {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  /** stdout and stderr are appended here. */
  logFile: string;
  /** Files whose tails explain a death (logFile is always one). */
  moreLogs?: readonly string[];
  answers(): Promise<boolean>;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
}

export function ownedServer(spec: OwnedServerSpec): OwnedServer {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const start = () => {
    if (isRunning()) throw new ServerStateError(`${spec.name} is already running (pid ${child?.pid})`);
    const out = openSync(spec.logFile, "a");
    try {
      child = spawn(spec.command, spec.args, { cwd: spec.cwd, stdio: ["ignore", out, out] });
    } finally {
      closeSync(out); // the child holds its own copy
    }
    const current = child;
    const killOnExit = () => current.kill("SIGKILL");
    process.once("exit", killOnExit);
    // "close", not "exit": a binary that cannot be spawned emits only "error" and "close".
    exited = new Promise((resolve) =>
      current.once("close", () => {
        process.off("exit", killOnExit);
        resolve();
      }),
    );
    current.once("error", () => undefined); // reported by waitReady, with the log
  };

  const signalAndWait = async (signal: NodeJS.Signals, timeoutMs?: number) => {
    if (!isRunning()) return;
    child?.kill(signal);
    if (timeoutMs === undefined) return exited;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome === "late") {
      child?.kill("SIGKILL");
      await exited;
    }
  };

  start();
  return {
    get pid() {
      return isRunning() ? child?.pid : undefined;
    },
    running: isRunning,
    start,
    stop: () => signalAndWait("SIGTERM", spec.stopTimeoutMs),
    kill: () => signalAndWait("SIGKILL"),
    waitReady: (timeoutMs = spec.readyTimeoutMs) =>
      waitFor(spec.name, spec.answers, {
        timeoutMs,
        failFast: () =>
          isRunning()
            ? undefined
            : `the process exited; last lines of its logs:\n${[spec.logFile, ...(spec.moreLogs ?? [])].map((f) => logTail(f)).join("\n")}`,
      }),
  };
}
