import { appendFileSync } from "node:fs";
import type { Kafka } from "kafkajs";
import type { KafkaBroker } from "@sunseo/infra";
import { AFTER_TAKE_KINDS } from "@sunseo/bizppurio-sim";
import { DEMO_FAULTS } from "@sunseo/demo";
import type { OwnInfra } from "./own-infra.js";
import { offsetsPartition } from "./offsets-partition.js";
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
  /** The cluster faults: finds the node to kill, remembers it for the start. */
  kafka: Kafka;
  sequencerGroup: string;
  victim?: { node: KafkaBroker; nodeId: number; leads: string };
  down?: KafkaBroker;
}

/** The node coordinating the sequencers' group, and how many partitions it leads (for the log). */
async function coordinatorNode(targets: InjectTargets): Promise<InjectTargets["victim"]> {
  const nodeId = await groupCoordinator(targets.kafka, targets.sequencerGroup);
  const node = targets.infra.nodes[nodeId - 1];
  return node && { node, nodeId, leads: await leaderships(targets.kafka, nodeId) };
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
    // Which node to kill is looked up first: the kill itself is the instant waits are measured from.
    if (action.kind === "node-kill") targets.victim = await coordinatorNode(targets);
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
async function inject(action: FaultAction, targets: InjectTargets): Promise<string | undefined> {
  const { stack, infra, sim } = targets;
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
    case "node-kill": {
      const victim = targets.victim;
      if (!victim) return "no node to kill: skipped";
      await victim.node.kill();
      targets.down = victim.node;
      return `node ${victim.nodeId}, coordinator of the sequencers' group and leader of ${victim.leads}`;
    }
    case "node-start": {
      const node = targets.down;
      if (!node) return "no node down: skipped";
      const began = Date.now();
      node.start();
      await node.waitReady();
      targets.down = undefined;
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

/** Kafka's choice of a group's coordinator: the leader of __consumer_offsets partition abs(javaHash(groupId)) mod its partition count. */
async function groupCoordinator(kafka: Kafka, groupId: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: ["__consumer_offsets"] });
    const partitions = topics[0]?.partitions ?? [];
    const index = offsetsPartition(groupId, partitions.length);
    return partitions.find((p) => p.partitionId === index)?.leader ?? 1;
  } finally {
    await admin.disconnect();
  }
}

/** How many partitions of the run's topics the node leads, for the fault log. */
async function leaderships(kafka: Kafka, nodeId: number): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata();
    const all = topics.flatMap((t) => t.partitions);
    return `${all.filter((p) => p.leader === nodeId).length} of ${all.length} partitions`;
  } finally {
    await admin.disconnect();
  }
}
