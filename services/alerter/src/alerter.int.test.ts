import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import type { Alert, Dlq } from "@sunseo/contracts";
import { createSerialProducer, type SerialProducer } from "@sunseo/kafka";
import { eventually, testContext, type TestContext } from "@sunseo/testing";
import { createAlerter, type Alerter } from "./alerter.js";
import { createAlerterMetrics } from "./metrics.js";
import { startChatServer, type ChatServer } from "./chat-server.test-support.js";
import { readConfig } from "./config.js";
import { guardRedis } from "@sunseo/redis";

let n = 0;
const alert = (overrides: Partial<Alert> = {}): Alert => ({
  alertId: `alert-${++n}-${Math.random().toString(36).slice(2, 8)}`,
  kind: "step-failed",
  phone: "01012345678",
  flow: "teacher-onboarding",
  instanceId: `inst-${n}`,
  step: 1,
  stepName: "photo-video",
  templateCode: "TPL_PHOTO",
  resultCode: "7308",
  at: Date.now(),
  ...overrides,
});

describe("alerter against the real broker and a stand-in chat server", () => {
  let ctx: TestContext;
  let chat: ChatServer;
  let producer: SerialProducer;
  const alerters: Alerter[] = [];
  let scenario = 0;

  /** A fresh alert/dlq topic pair and Redis prefix per scenario, an alerter on them, and a dlq reader. */
  async function scenarioWith(env: Record<string, string>) {
    const name = `s${++scenario}`;
    const [alertTopic, dlqTopic] = await ctx.createTopics([`${name}.alert`, `${name}.dlq`]);
    const config = readConfig({
      KAFKA_BROKERS: ctx.brokers.join(","),
      SUNSEO_TOPIC_PREFIX: `${ctx.topicPrefix}${name}.`,
      SUNSEO_REDIS_PREFIX: `${ctx.redisPrefix}${name}:`,
      ALERTER_GROUP_ID: `${ctx.id}-${name}-alerter`,
      DISCORD_WEBHOOK_URL: chat.url(`${name}-discord`),
      SLACK_WEBHOOK_URL: chat.url(`${name}-slack`),
      ALERT_RETRY_BASE: "50ms",
      ALERT_MAX_ATTEMPTS: "3",
      LOG_LEVEL: "warn",
      ...env,
    });
    const guard = await guardRedis(ctx.redis, { prefix: config.SUNSEO_REDIS_PREFIX, hasHistory: async () => false, logger: ctx.logger });
    const alerter = createAlerter(config, {
      kafka: ctx.kafka,
      redis: ctx.redis,
      guard,
      onFatal: (err) => {
        throw err;
      },
      logger: ctx.logger,
      metrics: createAlerterMetrics(new Registry()),
    });
    await alerter.start();
    alerters.push(alerter);
    const dead: Dlq[] = [];
    const reader = ctx.kafka.consumer({ groupId: `${ctx.id}-${name}-dlq` });
    await reader.connect();
    await reader.subscribe({ topic: dlqTopic!, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void dead.push(JSON.parse(message.value!.toString()) as Dlq) });
    alerters.push({ start: async () => undefined, ready: () => true, stop: () => reader.disconnect() });
    return {
      discord: `${name}-discord`,
      slack: `${name}-slack`,
      dead,
      send: (...values: Alert[]) => producer.send(values.map((value) => ({ topic: alertTopic!, key: "01012345678", value }))),
      /** Bytes as they are, not JSON-encoded: what a broken producer in another language might write. */
      sendRaw: async (value: string) => {
        const raw = ctx.kafka.producer();
        await raw.connect();
        await raw.send({ topic: alertTopic!, messages: [{ key: "01012345678", value }] });
        await raw.disconnect();
      },
    };
  }

  beforeAll(async () => {
    ctx = await testContext("alerter");
    chat = await startChatServer();
    producer = createSerialProducer(ctx.kafka);
    await producer.connect();
  });

  afterAll(async () => {
    for (const a of alerters) await a.stop();
    await producer?.disconnect();
    await chat?.close();
    await ctx?.cleanup();
  });

  it("posts each alert to Discord and Slack with flow, step, template, masked phone, result meaning and instance", async () => {
    const s = await scenarioWith({});
    const a = alert({ detail: "delivery report RESULT 7308" });
    await s.send(a);
    const [discord] = await eventually(() => {
      const posts = chat.posts(s.discord);
      expect(posts).toHaveLength(1);
      expect(chat.posts(s.slack)).toHaveLength(1);
      return posts;
    });
    const embed = discord!.body.embeds[0];
    expect(Object.fromEntries(embed.fields.map((f: { name: string; value: string }) => [f.name, f.value]))).toMatchObject({
      Flow: "teacher-onboarding",
      Step: "1 photo-video",
      Template: "TPL_PHOTO",
      Phone: "010-****-5678",
      Result: "7308 전화번호 오류",
      Instance: a.instanceId,
    });
    const slackText = chat.posts(s.slack)[0]!.body.blocks[1].text.text as string;
    expect(slackText).toContain("*Result:* 7308 전화번호 오류");
    expect(slackText).toContain(`*Instance:* ${a.instanceId}`);
    for (const post of [discord!, chat.posts(s.slack)[0]!]) expect(JSON.stringify(post.body)).not.toContain("01012345678");
  });

  it("waits out a 429's Retry-After and retries a 5xx, then delivers once", async () => {
    const s = await scenarioWith({});
    chat.script(s.discord, [{ status: 429, headers: { "retry-after": "1" } }]);
    chat.script(s.slack, [{ status: 503 }, { status: 502 }]);
    await s.send(alert());
    await eventually(() => {
      expect(chat.posts(s.discord)).toHaveLength(2);
      expect(chat.posts(s.slack)).toHaveLength(3);
    });
    const [first, second] = chat.posts(s.discord);
    // Lower bound only: the retry came no earlier than the sink asked.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000);
    expect(s.dead).toEqual([]);
  });

  it("folds a burst into one summary instead of flooding the channel", async () => {
    const s = await scenarioWith({ ALERT_BURST_LIMIT: "3", ALERT_BURST_WINDOW: "2s" });
    await s.send(...Array.from({ length: 8 }, () => alert()));
    const posts = await eventually(() => {
      const all = chat.posts(s.discord);
      expect(all).toHaveLength(4);
      return all;
    });
    expect(posts.slice(0, 3).every((p) => p.body.embeds[0].title.includes("step failed"))).toBe(true);
    expect(posts[3]!.body.embeds[0].title).toContain("5 more alerts");
    expect(chat.posts(s.slack)).toHaveLength(4);
  });

  it("dead-letters an alert a sink refuses after bounded retries, and keeps consuming", async () => {
    const s = await scenarioWith({ ALERT_SINK_COOLDOWN: "0ms" });
    chat.script(s.slack, (count) => (count <= 3 ? { status: 500 } : { status: 204 }));
    const doomed = alert();
    await s.send(doomed);
    const dead = await eventually(() => {
      expect(s.dead).toHaveLength(1);
      return s.dead[0]!;
    });
    expect(dead).toMatchObject({ service: "alerter", code: "ALERT_UNDELIVERABLE", key: "01012345678", reason: "slack: HTTP 500 after 3 attempts" });
    expect(JSON.parse(dead.value!)).toEqual(doomed);
    expect(chat.posts(s.discord)).toHaveLength(1);

    const next = alert();
    await s.send(next);
    await eventually(() => expect(chat.posts(s.slack).some((p) => JSON.stringify(p.body).includes(next.instanceId))).toBe(true));

    // A replay of the dead-lettered alert reaches only the sink that missed it.
    await s.send(doomed);
    await eventually(() => expect(chat.posts(s.slack).filter((p) => JSON.stringify(p.body).includes(doomed.instanceId))).toHaveLength(4));
    expect(chat.posts(s.discord).filter((p) => JSON.stringify(p.body).includes(doomed.instanceId))).toHaveLength(1);
  });

  it("does not post a replayed alert twice and dead-letters an invalid one", async () => {
    const s = await scenarioWith({});
    const a = alert();
    await s.send(a, a);
    await s.sendRaw("{not json");
    await s.send({ ...alert(), phone: "12" } as Alert);
    const marker = alert();
    await s.send(marker);
    await eventually(() => expect(chat.posts(s.discord).some((p) => JSON.stringify(p.body).includes(marker.instanceId))).toBe(true));
    expect(chat.posts(s.discord).filter((p) => JSON.stringify(p.body).includes(a.instanceId))).toHaveLength(1);
    await eventually(() => expect(s.dead.map((d) => d.code).sort()).toEqual(["INVALID_JSON", "INVALID_MESSAGE"]));
    expect(s.dead.find((d) => d.code === "INVALID_MESSAGE")!.reason).toContain("phone");
  });
});
