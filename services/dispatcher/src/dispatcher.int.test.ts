import { randomUUID } from "node:crypto";
import type { Consumer } from "kafkajs";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBizppurioClient, type BizppurioClient } from "@sunseo/bizppurio";
import { startSimulator, type Simulator } from "@sunseo/bizppurio-sim";
import { dispatchResultSchema, type Dispatch, type DispatchResult } from "@sunseo/contracts";
import { createSerialProducer, type SerialProducer } from "@sunseo/kafka";
import { eventually, testContext, type TestContext } from "@sunseo/testing";
import { createDispatcher, type Dispatcher } from "./dispatcher.js";
import { dispatcherKeys } from "./keys.js";
import { createMetrics } from "./metrics.js";

/** The dispatcher on the real broker and Redis, against the in-process simulator. */
let ctx: TestContext;
let sim: Simulator;
let producer: SerialProducer;
let dispatchTopic: string;
let resultTopic: string;
let dlqTopic: string;
const results: DispatchResult[] = [];
const dlq: unknown[] = [];
let resultConsumer: Consumer;
const running: { dispatcher: Dispatcher; client: BizppurioClient }[] = [];

function startDispatcher(groupId: string): Dispatcher {
  const client = createBizppurioClient({
    baseUrl: sim.url,
    account: "acct",
    password: "pw",
    redis: ctx.redis,
    keyPrefix: ctx.redisPrefix,
    logger: ctx.logger,
    retry: { attempts: 2, baseMs: 5, maxMs: 20 },
  });
  const dispatcher = createDispatcher({
    kafka: ctx.kafka,
    producer,
    redis: ctx.redis,
    client,
    logger: ctx.logger,
    metrics: createMetrics(new Registry()),
    topicPrefix: ctx.topicPrefix,
    redisPrefix: ctx.redisPrefix,
    groupId,
    account: "acct",
    inPlaceRetry: { attempts: 2, baseMs: 5, maxMs: 20 },
    delayedBackoff: { baseMs: 50, maxMs: 200 },
  });
  running.push({ dispatcher, client });
  return dispatcher;
}

async function stopAll(): Promise<void> {
  for (const { dispatcher, client } of running.splice(0)) {
    await dispatcher.stop();
    client.close();
  }
}

const send = (phone: string, step: number, run: string): Extract<Dispatch, { kind: "send" }> => ({
  kind: "send",
  phone,
  refkey: `${run}-${phone.slice(-4)}-${step}`,
  instanceId: `${run}-${phone.slice(-4)}`,
  flow: "signup",
  step,
  attempt: 1,
  message: { from: "0212345678", senderKey: "sk", templateCode: `T${step}`, text: `step ${step}`, fallback: { type: "sms", text: "fallback" } },
  createdAt: Date.now(),
});

const phones = (n: number, base: number) => Array.from({ length: n }, (_, i) => `010${String(base + i).padStart(8, "0")}`);

beforeAll(async () => {
  ctx = await testContext("dispatcher");
  [dispatchTopic, resultTopic, dlqTopic] = (await ctx.createTopics(["dispatch", "dispatch-result", "dlq"], 4)) as [string, string, string];
  sim = await startSimulator({ account: "acct", password: "pw", faults: { delivery: { minMs: 0, maxMs: 5 } } });
  producer = createSerialProducer(ctx.kafka);
  await producer.connect();
  resultConsumer = ctx.kafka.consumer({ groupId: `results-${randomUUID()}` });
  await resultConsumer.connect();
  await resultConsumer.subscribe({ topics: [resultTopic, dlqTopic], fromBeginning: true });
  await resultConsumer.run({
    eachMessage: async ({ topic, message }) => {
      const value = JSON.parse(message.value!.toString()) as unknown;
      if (topic === dlqTopic) dlq.push(value);
      else results.push(dispatchResultSchema.parse(value));
    },
  });
});

afterAll(async () => {
  await stopAll();
  await resultConsumer?.disconnect();
  await producer?.disconnect();
  await sim?.close();
  await ctx?.cleanup();
});

describe("dispatcher", () => {
  it("two instances share one access token (one /v1/token call)", async () => {
    const group = `g-${randomUUID()}`;
    const a = startDispatcher(group);
    const b = startDispatcher(group);
    await Promise.all([a.start(), b.start()]);
    await eventually(() => expect(a.assignedPartitions() > 0 && b.assignedPartitions() > 0).toBe(true), { timeoutMs: 60_000 });
    const commands = phones(40, 1000).map((p) => send(p, 0, "tok"));
    await producer.send(commands.map((c) => ({ topic: dispatchTopic, key: c.phone, value: c })));
    await eventually(() => expect(results.filter((r) => r.refkey.startsWith("tok-"))).toHaveLength(40), { timeoutMs: 60_000 });
    expect(results.filter((r) => r.refkey.startsWith("tok-")).every((r) => r.outcome === "accepted")).toBe(true);
    expect(sim.stats().tokensIssued).toBe(1);
    await stopAll();
  });

  it("a replayed batch (offsets reset, process restarted) sends nothing twice", async () => {
    sim.reset();
    const group = `g-${randomUUID()}`;
    const commands = phones(10, 2000).flatMap((p) => [0, 1, 2].map((step) => send(p, step, "rep")));
    // One refkey left "in flight" by a crash: reported ambiguous, never sent.
    const crashed = send("01099990000", 0, "rep");
    await ctx.redis.set(dispatcherKeys(ctx.redisPrefix).sendRecord(crashed.phone, crashed.refkey), JSON.stringify({ state: "in-flight", since: 1 }));
    await producer.send([...commands, crashed].map((c) => ({ topic: dispatchTopic, key: c.phone, value: c })));
    await producer.send([{ topic: dispatchTopic, key: "01099990001", value: { kind: "send", phone: "nope" } }]);

    const first = startDispatcher(group);
    await first.start();
    const mine = () => results.filter((r) => r.refkey.startsWith("rep-"));
    await eventually(() => expect(mine()).toHaveLength(31), { timeoutMs: 60_000 });
    await eventually(() => expect(dlq).toHaveLength(1));
    await stopAll();

    await ctx.admin.resetOffsets({ groupId: group, topic: dispatchTopic, earliest: true });
    const second = startDispatcher(group);
    await second.start();
    await eventually(() => expect(mine()).toHaveLength(62), { timeoutMs: 60_000 });
    await stopAll();

    const sent = sim.requests("/v3/message").filter((r) => r.refkey?.startsWith("rep-"));
    expect(sent).toHaveLength(30);
    expect(new Set(sent.map((r) => r.refkey)).size).toBe(30);
    expect(sent.some((r) => r.refkey === crashed.refkey)).toBe(false);
    // The replay re-emitted the stored results: same messagekeys, nothing new.
    const byRefkey = new Map<string, DispatchResult[]>();
    for (const r of mine()) byRefkey.set(r.refkey, [...(byRefkey.get(r.refkey) ?? []), r]);
    for (const [refkey, pair] of byRefkey) {
      expect(pair, refkey).toHaveLength(2);
      expect(pair[1]).toEqual(pair[0]);
    }
    expect(byRefkey.get(crashed.refkey)?.[0]?.outcome).toBe("ambiguous");
    // Per phone, the gateway saw the steps in order.
    for (const phone of phones(10, 2000)) {
      const steps = sent.filter((r) => r.to === phone).map((r) => r.templateCode);
      expect(steps).toEqual(["T0", "T1", "T2"]);
    }
  });

  it("a gateway failing for one phone does not hold up the others, and ends rejected after bounded retries", async () => {
    sim.reset();
    sim.configure({ delivery: { minMs: 0, maxMs: 5 }, http: { errorRate: 1, errorStatus: 503, phone: "33330000$" } });
    const dispatcher = startDispatcher(`g-${randomUUID()}`);
    await dispatcher.start();
    const bad = [0, 1].map((step) => send("01033330000", step, "slow"));
    const others = phones(20, 3000).map((p) => send(p, 0, "slow"));
    await producer.send([...bad, ...others].map((c) => ({ topic: dispatchTopic, key: c.phone, value: c })));
    const mine = () => results.filter((r) => r.refkey.startsWith("slow-"));
    await eventually(() => expect(mine()).toHaveLength(22), { timeoutMs: 60_000 });
    await stopAll();
    sim.configure({ delivery: { minMs: 0, maxMs: 5 } });

    const order = mine().map((r) => r.phone);
    const lastOther = Math.max(...others.map((c) => order.indexOf(c.phone)));
    expect(order.indexOf("01033330000")).toBeGreaterThan(lastOther);
    for (const r of mine().filter((r) => r.phone === "01033330000")) {
      expect(r).toMatchObject({ outcome: "rejected", code: "9000" });
    }
    expect(mine().filter((r) => r.phone !== "01033330000").every((r) => r.outcome === "accepted")).toBe(true);
    // 2 in place x (1 + 4 delayed retries) attempts per step, then given up.
    expect(sim.requests("/v3/message").filter((r) => r.status === 503)).toHaveLength(20);
  });
});
