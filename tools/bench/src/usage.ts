import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** What the kernel knows of a process: its peak resident memory and the CPU it has used. */
export interface Usage {
  peakRssMb: number;
  cpuSeconds: number;
}

const CLOCK_TICKS = 100;

export function readUsage(pid: number): Usage {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  // Fields after the command name (which may hold spaces, in parentheses): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { peakRssMb: peakKb / 1024, cpuSeconds: ticks / CLOCK_TICKS };
}

/** The process listening on a local TCP port (the broker, Redis), when `ss` can tell; undefined otherwise. */
export function pidListeningOn(port: number): number | undefined {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(out.stdout ?? "")?.[1];
  return pid === undefined ? undefined : Number(pid);
}
