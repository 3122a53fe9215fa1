import { randomUUID } from "node:crypto";
import type { Consumer } from "kafkajs";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBizppurioClient, type BizppurioClient } from "@sunseo/bizppurio";
import { startSimulator, type FaultConfigInput, type Simulator } from "@sunseo/bizppurio-sim";
import { dispatchResultSchema, topics, type Dispatch, type DispatchResult } from "@sunseo/contracts";
import { createSerialProducer, type SerialProducer } from "@sunseo/kafka";
import { createRedis, guardRedis, type Redis } from "@sunseo/redis";
import { SendLedger, sendLedgerKey } from "@sunseo/send-ledger";
import { eventually, startServiceProcess, startTcpProxy, testContext, type TestContext } from "@sunseo/testing";
import { createDispatcher, type Dispatcher } from "./dispatcher.js";
import { readConfig } from "./config.js";
import { createDispatcherMetrics, type DispatcherMetrics } from "./metrics.js";

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

async function startDispatcher(
  groupId: string,
  { redis = ctx.redis, metrics = createDispatcherMetrics(new Registry()) }: { redis?: Redis; metrics?: DispatcherMetrics } = {},
): Promise<Dispatcher> {
  const client = createBizppurioClient({ baseUrl: sim.url, account: "acct", password: "pw", redis, keyPrefix: ctx.redisPrefix, logger: ctx.logger });
  const config = readConfig({
    SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
    SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
    DISPATCHER_GROUP_ID: groupId,
    BIZPPURIO_ACCOUNT: "acct",
    BIZPPURIO_PASSWORD: "pw",
    DISPATCH_RETRY_BASE: "50ms",
    DISPATCH_RETRY_MAX: "200ms",
    DISPATCH_LEDGER_TTL: "1h",
  });
  const guard = await guardRedis(redis, { prefix: ctx.redisPrefix, hasHistory: async () => false, logger: ctx.logger });
  const dispatcher = createDispatcher(config, {
    kafka: ctx.kafka,
    producer,
    redis,
    guard,
    client,
    logger: ctx.logger,
    metrics,
    onFatal: (err) => {
      throw err;
    },
  });
  running.push({ dispatcher, client });
  await dispatcher.start();
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
const produce = (commands: Dispatch[]) => producer.send(commands.map((c) => ({ topic: dispatchTopic, key: c.phone, value: c })));
const resultsOf = (run: string) => results.filter((r) => r.refkey.startsWith(`${run}-`));
const sentTo = (run: string) => sim.requests("/v3/message").filter((r) => r.refkey?.startsWith(`${run}-`));

beforeAll(async () => {
  ctx = await testContext("dispatcher");
  [dispatchTopic, resultTopic, dlqTopic] = (await ctx.createTopics([topics.dispatch.base, topics.dispatchResult.base, topics.dlq.base], 4)) as [
    string,
    string,
    string,
  ];
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
    const [a, b] = await Promise.all([startDispatcher(group), startDispatcher(group)]);
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
    // One refkey left claimed by a crash mid-call: reported ambiguous, never sent.
    const crashed = send("01099990000", 0, "rep");
    await new SendLedger(ctx.redis, ctx.redisPrefix, 60_000).claim(crashed.phone, crashed.refkey, "a-crashed-attempt");
    await producer.send([...commands, crashed].map((c) => ({ topic: dispatchTopic, key: c.phone, value: c })));
    await producer.send([{ topic: dispatchTopic, key: "01099990001", value: { kind: "send", phone: "nope" } }]);

    await startDispatcher(group);
    const mine = () => results.filter((r) => r.refkey.startsWith("rep-"));
    await eventually(() => expect(mine()).toHaveLength(31), { timeoutMs: 60_000 });
    await eventually(() => expect(dlq).toHaveLength(1));
    await stopAll();

    await ctx.admin.resetOffsets({ groupId: group, topic: dispatchTopic, earliest: true });
    await startDispatcher(group);
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

  it("a gateway refusing one phone (429: proven not taken) does not hold up the others, and ends rejected after bounded retries", async () => {
    sim.reset();
    sim.configure({ delivery: { minMs: 0, maxMs: 5 }, http: { errorRate: 1, errorStatus: 429, phone: "33330000$" } });
    await startDispatcher(`g-${randomUUID()}`);
    const bad = [0, 1].map((step) => send("01033330000", step, "slow"));
    const others = phones(20, 3000).map((p) => send(p, 0, "slow"));
    await produce([...bad, ...others]);
    await eventually(() => expect(resultsOf("slow")).toHaveLength(22), { timeoutMs: 60_000 });
    await stopAll();
    sim.configure({ delivery: { minMs: 0, maxMs: 5 } });

    const order = resultsOf("slow").map((r) => r.phone);
    const lastOther = Math.max(...others.map((c) => order.indexOf(c.phone)));
    expect(order.indexOf("01033330000")).toBeGreaterThan(lastOther);
    for (const r of resultsOf("slow").filter((r) => r.phone === "01033330000")) expect(r).toMatchObject({ outcome: "rejected", code: "RETRIES_EXHAUSTED" });
    expect(
      resultsOf("slow")
        .filter((r) => r.phone !== "01033330000")
        .every((r) => r.outcome === "accepted"),
    ).toBe(true);
    // 2 in place + 4 delayed attempts per step, then given up; each attempt claimed right before it was written.
    expect(sim.requests("/v3/message").filter((r) => r.status === 429)).toHaveLength(12);
  });

  it("never retries an answer that may follow the gateway taking the message (5xx, proxy pages, reset, timeout): ambiguous, on the phone once", async () => {
    sim.reset();
    const cases: [phone: string, faults: FaultConfigInput][] = [
      ["01044440001", { http: { errorRate: 1, errorStatus: 503, phone: "44440001$" } }],
      ["01044440002", { afterTake: { rate: 1, kinds: ["502-html"], phone: "44440002$" } }],
      ["01044440003", { afterTake: { rate: 1, kinds: ["504-html"], phone: "44440003$" } }],
      ["01044440004", { afterTake: { rate: 1, kinds: ["reset"], phone: "44440004$" } }],
    ];
    await startDispatcher(`g-${randomUUID()}`);
    for (const [phone, faults] of cases) {
      sim.configure({ delivery: { minMs: 0, maxMs: 5 }, ...faults });
      await produce([send(phone, 0, "maybe")]);
      await eventually(() => expect(resultsOf("maybe").filter((r) => r.phone === phone)).toHaveLength(1), { timeoutMs: 30_000 });
    }
    await stopAll();
    sim.configure({ delivery: { minMs: 0, maxMs: 5 } });
    await sim.idle();
    expect(resultsOf("maybe").map((r) => r.outcome)).toEqual(["ambiguous", "ambiguous", "ambiguous", "ambiguous"]);
    // One attempt each: the 503 (answered before the body was read, so without a refkey in the log) and the three taken.
    expect(sim.requests("/v3/message").filter((r) => r.status === 503)).toHaveLength(1);
    expect(sentTo("maybe")).toHaveLength(3);
    // The ones the gateway took reached the phone exactly once.
    for (const [phone] of cases.slice(1)) expect(sim.received(phone)).toHaveLength(1);
  });

  it("does not send a step the sequencer took back, and emits no result for it", async () => {
    sim.reset();
    const taken = send("01055550000", 0, "back");
    const kept = send("01055550000", 1, "back");
    await ctx.redis.hset(sendLedgerKey(ctx.redisPrefix, taken.phone), taken.refkey, "abandoned");
    await startDispatcher(`g-${randomUUID()}`);
    await produce([taken, kept]);
    await eventually(() => expect(resultsOf("back")).toHaveLength(1), { timeoutMs: 30_000 });
    await stopAll();
    expect(resultsOf("back")[0]).toMatchObject({ refkey: kept.refkey, outcome: "accepted" });
    expect(sentTo("back").map((r) => r.refkey)).toEqual([kept.refkey]);
  });

  it("does not write a send whose window closed while it waited (sendBy passed): window-closed, and a replay re-emits it unsent", async () => {
    sim.reset();
    const late = { ...send("01055560000", 0, "window"), sendBy: Date.now() - 1_000 };
    const inTime = { ...send("01055560000", 1, "window"), sendBy: Date.now() + 600_000 };
    await startDispatcher(`g-${randomUUID()}`);
    await produce([late, inTime]);
    await eventually(() => expect(resultsOf("window")).toHaveLength(2), { timeoutMs: 30_000 });
    await produce([late]);
    await eventually(() => expect(resultsOf("window")).toHaveLength(3), { timeoutMs: 30_000 });
    await stopAll();
    expect(resultsOf("window").map((r) => [r.refkey, r.outcome])).toEqual([
      [late.refkey, "window-closed"],
      [inTime.refkey, "accepted"],
      [late.refkey, "window-closed"],
    ]);
    expect(sentTo("window").map((r) => r.refkey)).toEqual([inTime.refkey]);
  });

  it("rides out Redis failing under its claims: every command is sent once, results produced, offsets committed, unready meanwhile", async () => {
    sim.reset();
    const [host, port] = new URL(ctx.redisUrl).host.split(":") as [string, string];
    const proxy = await startTcpProxy({ target: { host, port: Number(port) } });
    const redis = createRedis({ url: proxy.url("redis"), logger: ctx.logger, connectTimeoutMs: 500 });
    await redis.connect();
    const group = `g-${randomUUID()}`;
    const registry = new Registry();
    const metrics = createDispatcherMetrics(registry);
    const dispatcher = await startDispatcher(group, { redis, metrics });
    await eventually(() => expect(dispatcher.ready()).toBe(true), { timeoutMs: 30_000 });
    await proxy.refuse(true);
    proxy.cut();
    const commands = phones(8, 6000).map((p) => send(p, 0, "outage"));
    await produce(commands);
    // The dispatcher met the outage at its claims (or its rate limiter and token) and is retrying.
    await eventually(async () => expect((await metrics.infraRetries.get()).values.reduce((n, v) => n + v.value, 0)).toBeGreaterThan(0), { timeoutMs: 30_000 });
    expect(dispatcher.ready()).toBe(false);
    await proxy.heal();
    await eventually(() => expect(resultsOf("outage")).toHaveLength(8), { timeoutMs: 60_000 });
    expect(resultsOf("outage").every((r) => r.outcome === "accepted")).toBe(true);
    expect(new Set(sentTo("outage").map((r) => r.refkey)).size).toBe(8);
    expect(sentTo("outage")).toHaveLength(8);
    await eventually(async () => {
      const [committed] = await ctx.admin.fetchOffsets({ groupId: group, topics: [dispatchTopic] });
      const ends = await ctx.admin.fetchTopicOffsets(dispatchTopic);
      for (const end of ends) expect(committed?.partitions.find((p) => p.partition === end.partition)?.offset, `partition ${end.partition}`).toBe(end.offset);
    });
    await eventually(() => expect(dispatcher.ready()).toBe(true));
    await stopAll();
    redis.disconnect();
    await proxy.close();
  });

  it("after a crash, the steps that waited for the rate limiter are sent by the next owner, not reported ambiguous", async () => {
    sim.reset();
    const group = `g-${randomUUID()}`;
    const env = {
      KAFKA_BROKERS: ctx.brokers.join(","),
      REDIS_URL: ctx.redisUrl,
      SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
      SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
      DISPATCHER_GROUP_ID: group,
      BIZPPURIO_BASE_URL: sim.url,
      BIZPPURIO_ACCOUNT: "acct",
      BIZPPURIO_PASSWORD: "pw",
      BIZPPURIO_RATE_PER_SECOND: "2",
      PORT: "0",
      LOG_LEVEL: "warn",
    };
    const commands = phones(10, 7000).map((p) => send(p, 0, "rate"));
    const first = startServiceProcess("dispatcher", env);
    await produce(commands);
    // Killed as soon as the gateway saw its first send: the rest wait for the shared rate limit, unclaimed.
    await eventually(() => expect(sentTo("rate").length).toBeGreaterThan(0), { timeoutMs: 60_000 });
    await first.kill();
    const second = startServiceProcess("dispatcher", env);
    try {
      await eventually(() => expect(new Set(resultsOf("rate").map((r) => r.refkey)).size).toBe(10), { timeoutMs: 90_000 });
    } finally {
      await second.stop();
    }
    const ambiguous = new Set(
      resultsOf("rate")
        .filter((r) => r.outcome === "ambiguous")
        .map((r) => r.refkey),
    );
    const sentRefkeys = sentTo("rate").map((r) => r.refkey!);
    expect(new Set(sentRefkeys).size).toBe(sentRefkeys.length);
    // Only what may have been on the wire at the kill is ambiguous; everything else reached the gateway.
    expect(ambiguous.size).toBeLessThanOrEqual(2);
    for (const c of commands) if (!ambiguous.has(c.refkey)) expect(sentRefkeys).toContain(c.refkey);
  });
});
