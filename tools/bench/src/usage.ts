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
