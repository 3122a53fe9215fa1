import { appendFileSync } from "node:fs";
import { AFTER_TAKE_KINDS } from "@sunseo/bizppurio-sim";
import { DEMO_FAULTS } from "@sunseo/demo";
import type { OwnInfra } from "./own-infra.js";
import { describeFault, type FaultAction, type Schedule } from "./schedule.js";
import type { SimClient } from "./sim-client.js";
import type { Stack } from "./stack.js";

/** One fault as it was really injected (the schedule says when it should be). */
export interface Injection {
  /** Wall clock, to compare with the simulator's logs. */
  at: number;
  /** From the start of the load. */
  offsetMs: number;
  action: FaultAction;
  /** describeFault(action) and the note. */
  description: string;
  /** What the injection learnt: a pid, how long a server took to answer again. */
  note?: string;
}

export interface InjectTargets {
  stack: Stack;
  infra: OwnInfra;
  sim: SimClient;
  /** One line per injection, with its time, also appended to faultLog. */
  log: (line: string) => void;
  faultLog: string;
}

/** The gateway losing the answer to some of the calls it took, besides the demo's usual faults. */
const afterTake = (rate: number) => ({ ...DEMO_FAULTS, afterTake: { rate, kinds: [...AFTER_TAKE_KINDS], holdMs: 10_000 } });

/**
 * Plays the schedule against the running stack, one fault after another at its time (a fault
 * that takes long, such as a broker start, delays the next: the log has the real times).
 */
export async function playSchedule(schedule: Schedule, targets: InjectTargets, startedAt: number, isStopped: () => boolean): Promise<Injection[]> {
  const injections: Injection[] = [];
  for (const { atMs, action } of schedule.faults) {
    const wait = startedAt + atMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (isStopped()) break;
    const at = Date.now();
    const note = await inject(action, targets);
    const injection: Injection = {
      at,
      offsetMs: at - startedAt,
      action,
      description: describeFault(action) + (note ? ` (${note})` : ""),
      ...(note ? { note } : {}),
    };
    injections.push(injection);
    const line = `+${(injection.offsetMs / 1000).toFixed(1)}s  ${injection.description}`;
    appendFileSync(targets.faultLog, `${new Date(at).toISOString()} ${line}\n`);
    targets.log(`fault   ${line}`);
  }
  return injections;
}

/** Applies one fault; returns what the log should add (a pid, how long a start took). */
async function inject(action: FaultAction, { stack, infra, sim }: InjectTargets): Promise<string | undefined> {
  switch (action.kind) {
    case "kill":
    case "pause":
    case "resume": {
      const member = stack.member(action.service, action.member);
      // Killed a moment ago and not restarted yet: kill the next incarnation, as a crash loop would.
      const deadline = Date.now() + 10_000;
      while (!member.alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const pid = member.pid();
      const signal = action.kind === "kill" ? "SIGKILL" : action.kind === "pause" ? "SIGSTOP" : "SIGCONT";
      return member.signal(signal) ? `pid ${pid}` : "not running: skipped";
    }
    case "broker-stop":
      await infra.broker.stop();
      return undefined;
    case "broker-start":
    case "redis-restart": {
      const server = action.kind === "broker-start" ? infra.broker : infra.redis;
      const began = Date.now();
      if (action.kind === "broker-start") infra.broker.start();
      else await infra.redis.restart();
      await server.waitReady();
      return `answering after ${((Date.now() - began) / 1000).toFixed(1)} s`;
    }
    case "redis-cut":
      stack.redisProxies[action.path].cut();
      await stack.redisProxies[action.path].refuse(true);
      return undefined;
    case "redis-stall":
      stack.redisProxies[action.path].stall(true);
      return undefined;
    case "redis-heal":
      await stack.redisProxies[action.path].heal();
      return undefined;
    case "after-take":
      await sim.configure(action.on ? afterTake(action.rate) : DEMO_FAULTS);
      return undefined;
    case "webhook":
      stack.webhookProxy.setMode(action.mode);
      return undefined;
  }
}
