import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTopicNames, decode, keyedStartInstanceId, topicName, topics, type Dlq, type FlowEvent } from "@sunseo/contracts";
import { createSerialProducer, type SerialProducer } from "@sunseo/kafka";
import { eventually, startServiceProcess, testContext, type ServiceProcess, type TestContext } from "@sunseo/testing";
import { fateOf, startGatewayDriver } from "./gateway-driver.test-support.js";

/**
 * Send windows, stale starts and scheduled starts through the real sequencer process, the
 * real broker and Redis. The window is a real one in Asia/Seoul time that opens WINDOW_OPENS_IN
 * after the catalog is written (seconds, not hours), so nothing here sleeps: it waits for
 * flow events.
 */

const WINDOW_OPENS_IN = 40_000;

const seoulTime = (instant: number): string =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Seoul", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(instant);

const catalog = (opensAt: number) => `
from: "02-1234-5678"
senderKey: test-sender-key
flows:
  windowed:
    window: { from: "${seoulTime(opensAt)}", to: "${seoulTime(opensAt + 30 * 60_000)}", timezone: Asia/Seoul }
    steps:
      - { name: one, template: T1, text: "#{name} 1", timeout: 10s }
      - { name: two, template: T2, text: "#{name} 2", timeout: 10s }
  guarded:
    maxStartDelay: 2h
    steps:
      - { name: one, template: G1, text: "#{name}", timeout: 10s }
  reminder:
    steps:
      - { name: one, template: R1, text: "#{name} 수업 알림", timeout: 10s }
`;

const PHONES = { warmup: "01070000004", windowed: "01070000001", stale: "01070000002", scheduled: "01070000003" };

/** An idempotency key whose instance the gateway driver answers "delivered" at every step, so the flows here complete. */
function deliveredKey(phone: string, flow: string, steps: number, prefix: string): string {
  for (let n = 0; ; n++) {
    const key = `${prefix}-${n}`;
    const id = keyedStartInstanceId(phone, flow, key);
    if (Array.from({ length: steps }, (_, step) => fateOf(id, step)).every((fate) => fate === "delivered")) return key;
  }
}

describe("send windows, stale starts and scheduled starts on the real broker", () => {
  let ctx: TestContext;
  let sequencer: ServiceProcess;
  let driver: Awaited<ReturnType<typeof startGatewayDriver>>;
  let producer: SerialProducer;
  let opensAt: number;
  let observer: ReturnType<TestContext["kafka"]["consumer"]>;
  const events: FlowEvent[] = [];
  const dead: Dlq[] = [];
  const of = (instanceId: string) => events.filter((e) => e.instanceId === instanceId);
  const start = (value: Record<string, unknown>) => producer.send([{ topic: topicName(ctx.topicPrefix, topics.flowStart), key: value.phone as string, value }]);

  beforeAll(async () => {
    ctx = await testContext("windows");
    await ctx.createTopics(allTopicNames(""));
    const dir = mkdtempSync(join(tmpdir(), "sunseo-windows-"));
    opensAt = Math.ceil((Date.now() + WINDOW_OPENS_IN) / 1_000) * 1_000;
    writeFileSync(join(dir, "flows.yaml"), catalog(opensAt));
    sequencer = startServiceProcess("sequencer", {
      KAFKA_BROKERS: ctx.brokers.join(","),
      REDIS_URL: ctx.redisUrl,
      SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
      SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
      SEQUENCER_GROUP_ID: `${ctx.id}-sequencer`,
      SUNSEO_FLOWS_FILE: join(dir, "flows.yaml"),
      SEQUENCER_TIMER_POLL: "100ms",
      PORT: "0",
      LOG_LEVEL: "warn",
    });
    driver = await startGatewayDriver(ctx.kafka, ctx.topicPrefix, `${ctx.id}-driver`);
    observer = ctx.kafka.consumer({ groupId: `${ctx.id}-observer` });
    await observer.connect();
    await observer.subscribe({ topics: [topics.flowEvent, topics.dlq].map((t) => topicName(ctx.topicPrefix, t)), fromBeginning: true });
    await observer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === topicName(ctx.topicPrefix, topics.flowEvent)) {
          const e = decode(topics.flowEvent, message.value);
          if (e.ok) events.push(e.value);
        } else {
          const d = decode(topics.dlq, message.value);
          if (d.ok) dead.push(d.value);
        }
      },
    });
    producer = createSerialProducer(ctx.kafka);
    await producer.connect();
    // The sequencer is up once a plain flow completes.
    const key = deliveredKey(PHONES.warmup, "reminder", 1, "warmup");
    await start({ flow: "reminder", phone: PHONES.warmup, variables: { name: "준비" }, idempotencyKey: key });
    const id = keyedStartInstanceId(PHONES.warmup, "reminder", key);
    await eventually(() => expect(of(id).map((e) => e.type)).toContain("completed"), { timeoutMs: 90_000, intervalMs: 200 });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await driver?.stop();
    await observer?.disconnect();
    await sequencer?.stop();
    await ctx.cleanup();
  });

  it("holds a flow whose window opens seconds from now, then sends its steps in order once it opens", async () => {
    const key = deliveredKey(PHONES.windowed, "windowed", 2, "win");
    const id = keyedStartInstanceId(PHONES.windowed, "windowed", key);
    await start({ flow: "windowed", phone: PHONES.windowed, variables: { name: "민수" }, idempotencyKey: key });
    await eventually(() => expect(of(id).map((e) => e.type)).toContain("completed"), { timeoutMs: WINDOW_OPENS_IN + 60_000, intervalMs: 200 });
    const started = of(id).find((e) => e.type === "started")!;
    expect(started.at, "started before the window opened").toBeLessThan(opensAt);
    const dispatched = of(id).filter((e) => e.type === "step-dispatched");
    expect(dispatched.map((e) => e.step)).toEqual([0, 1]);
    for (const e of dispatched) expect(e.at).toBeGreaterThanOrEqual(opensAt);
    const sends = driver.record.sends.filter((d) => d.instanceId === id);
    expect(sends.map((d) => d.step)).toEqual([0, 1]);
    for (const d of sends) expect(d.createdAt).toBeGreaterThanOrEqual(opensAt);
    expect(driver.record.violations).toEqual([]);
  });

  it("dead-letters a start older than the flow's maxStartDelay as STALE_START, with a flow event expired, and sends nothing", async () => {
    const requestedAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    await start({ flow: "guarded", phone: PHONES.stale, variables: { name: "지연" }, idempotencyKey: "late-signup", requestedAt });
    const id = keyedStartInstanceId(PHONES.stale, "guarded", "late-signup");
    await eventually(() => expect(dead.filter((d) => d.code === "STALE_START")).toHaveLength(1), { timeoutMs: 30_000, intervalMs: 200 });
    expect(dead.find((d) => d.code === "STALE_START")).toMatchObject({
      service: "sequencer",
      key: PHONES.stale,
      reason: expect.stringContaining("maxStartDelay"),
    });
    await eventually(() => expect(of(id).map((e) => e.type)).toEqual(["expired"]), { timeoutMs: 30_000, intervalMs: 200 });
    expect(of(id)[0]!.reason).toMatch(/^STALE_START: requested at /);
    // Within the delay, the same flow starts.
    const fresh = deliveredKey(PHONES.stale, "guarded", 1, "fresh");
    await start({ flow: "guarded", phone: PHONES.stale, variables: { name: "정상" }, idempotencyKey: fresh, requestedAt: new Date().toISOString() });
    const freshId = keyedStartInstanceId(PHONES.stale, "guarded", fresh);
    await eventually(() => expect(of(freshId).map((e) => e.type)).toContain("completed"), { timeoutMs: 30_000, intervalMs: 200 });
    expect(driver.record.sends.filter((d) => d.phone === PHONES.stale).map((d) => d.instanceId)).toEqual([freshId]);
  });

  it("sends nothing for a scheduled flow cancelled before its start, while a later scheduled flow to the same phone runs", async () => {
    const startAt = Date.now() + 15_000;
    await start({
      flow: "reminder",
      phone: PHONES.scheduled,
      variables: { name: "취소" },
      idempotencyKey: "lesson-1",
      startAt: new Date(startAt).toISOString(),
    });
    const cancelled = keyedStartInstanceId(PHONES.scheduled, "reminder", "lesson-1");
    await eventually(() => expect(of(cancelled).map((e) => e.type)).toEqual(["scheduled"]), { timeoutMs: 30_000, intervalMs: 100 });
    expect(of(cancelled)[0]!.startAt).toBe(startAt);
    await producer.send([
      {
        topic: topicName(ctx.topicPrefix, topics.flowCancel),
        key: PHONES.scheduled,
        value: { phone: PHONES.scheduled, idempotencyKey: "lesson-1", reason: "lesson moved" },
      },
    ]);
    await eventually(() => expect(of(cancelled).map((e) => e.type)).toEqual(["scheduled", "cancelled"]), { timeoutMs: 30_000, intervalMs: 100 });
    expect(of(cancelled)[1]!.at, "cancelled only after its start time").toBeLessThan(startAt);
    // A second flow due one second later: its start timer sits behind the first one's in the
    // phone's partition, so once it has run, the cancelled flow's start timer has been seen too.
    const key = deliveredKey(PHONES.scheduled, "reminder", 1, "lesson-2");
    const later = keyedStartInstanceId(PHONES.scheduled, "reminder", key);
    await start({
      flow: "reminder",
      phone: PHONES.scheduled,
      variables: { name: "정상" },
      idempotencyKey: key,
      startAt: new Date(startAt + 1_000).toISOString(),
    });
    await eventually(() => expect(of(later).map((e) => e.type)).toContain("completed"), { timeoutMs: 60_000, intervalMs: 200 });
    expect(of(later).find((e) => e.type === "step-dispatched")!.at).toBeGreaterThanOrEqual(startAt + 1_000);
    expect(of(cancelled).map((e) => e.type)).toEqual(["scheduled", "cancelled"]);
    expect(driver.record.sends.filter((d) => d.phone === PHONES.scheduled).map((d) => d.instanceId)).toEqual([later]);
  });
});
