import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssignerProtocol, type Admin } from "kafkajs";
import { allTopicNames, decode, sequencerInputs, topicName, topics, type Alert, type FlowEvent } from "@sunseo/contracts";
import { sequencerKeys } from "@sunseo/flow-state";
import { createSerialProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { createRedis, type Redis } from "@sunseo/redis";
import { eventually, startRedisCluster, startServiceProcess, testContext, type RedisCluster, type ServiceProcess, type TestContext } from "@sunseo/testing";
import { readFlowSummary } from "./flow-gauges.js";
import { startGatewayDriver } from "./gateway-driver.test-support.js";

const FLOWS = 1_000;
const PHONES = 200;
// A run waits up to 150 s for every flow to end (on a loaded 2-core machine, twice per topology):
// the test's own limit must not cut that wait short.
const RUN_TIMEOUT_MS = 200_000;
const phoneOf = (i: number) => `010${String(20_000_000 + (i % PHONES) * 4_271).padStart(8, "0")}`;

const CATALOG = `
from: "02-1234-5678"
senderKey: test-sender-key
flows:
  onboarding:
    steps:
      - { name: one, template: T1, text: "#{name} 1", timeout: 10s }
      - { name: two, template: T2, text: "#{name} 2", timeout: 10s }
      - { name: three, template: T3, text: "#{name} 3", timeout: 10s }
`;

interface Outcome {
  events: FlowEvent[];
  status: Map<string, FlowEvent["type"]>;
  alerts: Map<string, number>;
  sends: number;
  violations: string[];
  laneViolations: string[];
  dlq: number;
  unknownInjected: number;
}

/** One full run: 1,000 flows into fresh topics, a gateway answering adversarially, sequencer processes as given. */
async function run(ctx: TestContext, redisUrl: string, label: string, chaos: (spawn: () => ServiceProcess) => Promise<void>): Promise<Outcome> {
  const prefix = `${ctx.topicPrefix}${label}.`;
  await ctx.createTopics(allTopicNames(`${label}.`), 12);
  const dir = mkdtempSync(join(tmpdir(), "sunseo-seq-"));
  writeFileSync(join(dir, "flows.yaml"), CATALOG);
  const env = {
    KAFKA_BROKERS: ctx.brokers.join(","),
    REDIS_URL: redisUrl,
    SUNSEO_TOPIC_PREFIX: prefix,
    SUNSEO_REDIS_PREFIX: `${ctx.redisPrefix}${label}:`,
    SEQUENCER_GROUP_ID: `${ctx.id}-${label}`,
    SUNSEO_FLOWS_FILE: join(dir, "flows.yaml"),
    SEQUENCER_TIMER_POLL: "100ms",
    SEQUENCER_REPORT_GRACE: "2s",
    SEQUENCER_SESSION_TIMEOUT: "6s",
    PORT: "0",
    LOG_LEVEL: "warn",
  };
  const processes: ServiceProcess[] = [];
  const spawn = () => {
    const p = startServiceProcess("sequencer", env);
    processes.push(p);
    return p;
  };
  const driver = await startGatewayDriver(ctx.kafka, prefix, `${ctx.id}-${label}-driver`);

  const events: FlowEvent[] = [];
  const alerts: Alert[] = [];
  let dlq = 0;
  const observer = ctx.kafka.consumer({ groupId: `${ctx.id}-${label}-observer` });
  await observer.connect();
  await observer.subscribe({ topics: [topics.flowEvent, topics.alert, topics.dlq].map((t) => topicName(prefix, t)), fromBeginning: true });
  await observer.run({
    eachMessage: async ({ topic, message }) => {
      if (topic === topicName(prefix, topics.flowEvent)) {
        const e = decode(topics.flowEvent, message.value);
        if (e.ok) events.push(e.value);
      } else if (topic === topicName(prefix, topics.alert)) {
        const a = decode(topics.alert, message.value);
        if (a.ok) alerts.push(a.value);
      } else {
        dlq += 1;
      }
    },
  });

  const producer = createSerialProducer(ctx.kafka);
  await producer.connect();
  await producer.send(
    Array.from({ length: FLOWS }, (_, i) => ({
      topic: topicName(prefix, topics.flowStart),
      key: phoneOf(i),
      value: { flow: "onboarding", phone: phoneOf(i), variables: { name: `teacher ${i}` }, idempotencyKey: `signup-${i}` },
    })),
  );
  await producer.disconnect();

  try {
    await chaos(spawn);
    const terminal = new Set(["completed", "failed", "timed_out", "cancelled"]);
    await eventually(() => expect(new Set(events.filter((e) => terminal.has(e.type)).map((e) => e.instanceId)).size).toBe(FLOWS), {
      timeoutMs: 150_000,
      intervalMs: 500,
    });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- sequencer output ---\n${processes.map((p) => p.output()).join("\n")}`);
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await driver.stop();
    await observer.disconnect();
  }

  // Lanes: per phone, a flow's sends never interleave with another flow's.
  const laneViolations: string[] = [];
  const byPhone = new Map<string, string[]>();
  for (const send of driver.record.sends) byPhone.set(send.phone, [...(byPhone.get(send.phone) ?? []), send.instanceId]);
  for (const [phone, order] of byPhone) {
    const finished = new Set<string>();
    order.forEach((id, i) => {
      if (finished.has(id)) laneViolations.push(`${phone}: ${id} sent again after another flow started`);
      if (i > 0 && order[i - 1] !== id) finished.add(order[i - 1]!);
    });
  }
  const status = new Map<string, FlowEvent["type"]>();
  for (const e of events) if (terminal(e.type)) status.set(e.instanceId, e.type);
  const alertCounts = new Map<string, number>();
  for (const a of new Map(alerts.map((a) => [a.alertId, a])).values()) alertCounts.set(a.instanceId, (alertCounts.get(a.instanceId) ?? 0) + 1);
  return {
    events,
    status,
    alerts: alertCounts,
    sends: driver.record.sends.length,
    violations: driver.record.violations,
    laneViolations,
    dlq,
    unknownInjected: driver.record.unknownRefkeysInjected,
  };
}

/** Both members hold partitions, and each holds the same partition numbers of every input topic. */
async function expectCoPartitioned(admin: Admin, groupId: string, prefix: string): Promise<void> {
  await eventually(
    async () => {
      const { groups } = await admin.describeGroups([groupId]);
      const members = groups[0]!.members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)!.assignment);
      expect(members).toHaveLength(2);
      const owned = members.map((assignment) => {
        const perTopic = sequencerInputs.map((t) => [...(assignment[`${prefix}${t.base}`] ?? [])].sort((a, b) => a - b).join(","));
        expect(new Set(perTopic).size, JSON.stringify(assignment)).toBe(1);
        return perTopic[0]!.split(",").filter(Boolean).map(Number);
      });
      expect(owned.every((partitions) => partitions.length > 0)).toBe(true);
      expect(owned.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}

async function keysPerNode(cluster: RedisCluster, logger: Logger): Promise<number[]> {
  return Promise.all(
    cluster.nodes.map(async (node) => {
      const redis = createRedis({ url: node.url, logger });
      try {
        return await redis.dbsize();
      } finally {
        redis.disconnect();
      }
    }),
  );
}

const terminal = (type: string) => ["completed", "failed", "timed_out", "cancelled"].includes(type);

/** What the flow gauges would read for a run: every partition number's live phones. */
const flowSummary = (redis: Redis, ctx: TestContext, label: string) =>
  readFlowSummary(
    redis,
    sequencerKeys(`${ctx.redisPrefix}${label}:`),
    Array.from({ length: 12 }, (_, p) => p),
    { now: Date.now(), retentionMs: 86_400_000 },
  );

// The same flows on one Redis server and on a Redis Cluster of 3 masters (the test's own, on
// loopback): the Cluster run proves every script and batch keeps its keys in one slot, and that
// each partition's timers stay correct wherever their key lives.
describe.each(["standalone", "cluster"] as const)("sequencer on the real broker and Redis (%s)", (topology) => {
  let ctx: TestContext;
  let cluster: RedisCluster | undefined;
  let redisUrl: string;
  let redis: Redis;
  beforeAll(async () => {
    ctx = await testContext(`sequencer-${topology}`);
    cluster = topology === "cluster" ? await startRedisCluster() : undefined;
    redisUrl = cluster?.url ?? ctx.redisUrl;
    redis = cluster ? createRedis({ url: cluster.url, logger: ctx.logger }) : ctx.redis;
  });
  afterAll(async () => {
    if (cluster) redis.disconnect();
    await ctx.cleanup();
    await cluster?.dispose();
  });

  let calm: Outcome;

  it(
    "1,000 flows of 3 steps over 200 phones, adversarial reports: in order, halted on failure, lanes kept, all terminal",
    async () => {
      calm = await run(ctx, redisUrl, "calm", async (spawn) => {
        spawn();
        spawn();
        // Two members: partition p of every input topic on one of them, so one phone's events meet in one process.
        await expectCoPartitioned(ctx.admin, `${ctx.id}-calm`, `${ctx.topicPrefix}calm.`);
        // 1,000 flows on 200 phones: one running per phone, the others queued behind it, steps out at the gateway.
        await eventually(async () => {
          const midway = await flowSummary(redis, ctx, "calm");
          expect(midway.running).toBeGreaterThan(0);
          expect(midway.queued).toBeGreaterThan(0);
          expect(midway.running + midway.queued).toBeLessThanOrEqual(FLOWS);
          expect(midway.oldestUnansweredAt).toBeDefined();
        });
      });
      // Every flow ended: the live index let go of every phone.
      expect(await flowSummary(redis, ctx, "calm")).toEqual({ running: 0, queued: 0, oldestUnansweredAt: undefined });
      expect(calm.violations).toEqual([]);
      expect(calm.laneViolations).toEqual([]);
      expect(calm.status.size).toBe(FLOWS);
      const failed = [...calm.status].filter(([, s]) => s === "failed").map(([id]) => id);
      expect(failed.length).toBeGreaterThan(0);
      for (const id of failed) expect(calm.alerts.get(id), id).toBe(1);
      expect([...calm.status.values()].filter((s) => s === "completed").length).toBeGreaterThan(FLOWS / 2);
      expect(calm.dlq).toBeGreaterThanOrEqual(calm.unknownInjected);
      // On Cluster the phones' state really is spread over every master.
      if (cluster) expect((await keysPerNode(cluster, ctx.logger)).every((keys) => keys > 0)).toBe(true);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "killed midway (no offset commit) and restarted, with a rebalance, it converges to the same outcome",
    async () => {
      const chaotic = await run(ctx, redisUrl, "chaos", async (spawn) => {
        const first = spawn();
        spawn();
        await new Promise((r) => setTimeout(r, 5_000));
        await first.kill(); // SIGKILL mid-run: nothing committed since the last second, outboxes left behind
        await new Promise((r) => setTimeout(r, 2_000));
        spawn(); // a replacement joins: partitions move again
      });
      expect(chaotic.violations).toEqual([]);
      expect(chaotic.laneViolations).toEqual([]);
      expect(chaotic.status.size).toBe(FLOWS);
      const differing = [...calm.status].filter(([id, s]) => chaotic.status.get(id) !== s).map(([id]) => id);
      const history = (o: Outcome, id: string) =>
        o.events
          .filter((e) => e.instanceId === id)
          .map((e) => `${e.type}${e.step ?? ""}@${e.at % 100_000}`)
          .join(" ");
      expect(differing.map((id) => `${id}\n  calm:  ${history(calm, id)}\n  chaos: ${history(chaotic, id)}`)).toEqual([]);
      expect(Object.fromEntries(chaotic.alerts)).toEqual(Object.fromEntries(calm.alerts));
      expect(chaotic.sends).toBe(calm.sends);
    },
    RUN_TIMEOUT_MS,
  );
});
