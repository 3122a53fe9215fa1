import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import type { Alert } from "@sunseo/contracts";
import { createSerialProducer, type SerialProducer } from "@sunseo/kafka";
import { eventually, startServiceProcess, testContext, type ServiceProcess, type TestContext } from "@sunseo/testing";
import { createAlerter, type Alerter } from "./alerter.js";
import { createAlerterMetrics } from "./metrics.js";
import { startChatServer, type ChatServer, type Recorded } from "./chat-server.test-support.js";
import { readConfig } from "./config.js";
import { MAY_REPEAT } from "./format.js";
import { guardRedis } from "@sunseo/redis";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** The alerter process's own count of alerts it folded, read from its /metrics. */
async function foldedBy(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^sunseo_alerter_alerts_total\{outcome="folded"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

const isSummary = (post: Recorded) => (post.body.embeds[0].title as string).includes("folded");
const names = (post: Recorded, alert: Alert) =>
  JSON.stringify(post.body).includes(`${alert.instanceId} `) || JSON.stringify(post.body).includes(`"${alert.instanceId}"`);

describe("alerter across a crash and a stop: a folded alert is committed only once a sink has it", () => {
  let ctx: TestContext;
  let chat: ChatServer;
  let producer: SerialProducer;
  const processes: ServiceProcess[] = [];
  const alerters: Alerter[] = [];

  /** Fresh topics and Redis prefix; `env` configures an alerter on them; five alerts for one phone (one partition). */
  async function scenario(name: string) {
    const [alertTopic] = await ctx.createTopics([`${name}.alert`, `${name}.dlq`]);
    const groupId = `${ctx.id}-${name}-alerter`;
    const discord = `${name}-discord`;
    const env = (extra: Record<string, string>) => ({
      KAFKA_BROKERS: ctx.brokers.join(","),
      REDIS_URL: ctx.redisUrl,
      SUNSEO_TOPIC_PREFIX: `${ctx.topicPrefix}${name}.`,
      SUNSEO_REDIS_PREFIX: `${ctx.redisPrefix}${name}:`,
      ALERTER_GROUP_ID: groupId,
      DISCORD_WEBHOOK_URL: chat.url(discord),
      ALERT_RETRY_BASE: "50ms",
      LOG_LEVEL: "warn",
      ...extra,
    });
    const alerts = Array.from(
      { length: 5 },
      (_, i): Alert => ({
        alertId: `${name}-${i}`,
        kind: "step-failed",
        phone: "01012345678",
        flow: "teacher-onboarding",
        instanceId: `${name}-${i}-${Math.random().toString(36).slice(2, 8)}`,
        step: 1,
        stepName: "photo-video",
        templateCode: "TPL_PHOTO",
        resultCode: "7308",
        at: Date.now(),
      }),
    );
    /** A process that sends the first alert and folds the other four into a summary due in an hour. */
    const startFolding = async (extra: Record<string, string> = {}) => {
      const port = await freePort();
      const alerter = startServiceProcess(
        "alerter",
        env({ PORT: String(port), HOST: "127.0.0.1", ALERT_BURST_LIMIT: "1", ALERT_BURST_WINDOW: "1h", ...extra }),
      );
      processes.push(alerter);
      await producer.send(alerts.map((value) => ({ topic: alertTopic!, key: value.phone, value })));
      await eventually(async () => expect(await foldedBy(port)).toBe(4), { timeoutMs: 60_000 }).catch((err: Error) => {
        throw new Error(`${err.message}\n${alerter.output()}`);
      });
      expect(chat.posts(discord)).toHaveLength(1);
      return alerter;
    };
    /** The next member of the group, in this process, with a short window so the summary comes soon. */
    let postsBefore = 0;
    const startNext = async () => {
      postsBefore = chat.posts(discord).length;
      const config = readConfig(env({ ALERT_BURST_LIMIT: "1", ALERT_BURST_WINDOW: "1s" }));
      const guard = await guardRedis(ctx.redis, { prefix: config.SUNSEO_REDIS_PREFIX, hasHistory: async () => false, logger: ctx.logger });
      const next = createAlerter(config, {
        kafka: ctx.kafka,
        redis: ctx.redis,
        guard,
        onFatal: (err) => {
          throw err;
        },
        logger: ctx.logger,
        metrics: createAlerterMetrics(new Registry()),
      });
      await next.start();
      alerters.push(next);
    };
    /** The summary the next member posts (none before it counts): it names all four folded alerts; the first alert was posted once. */
    const nextSummary = async () => {
      const summary = await eventually(
        () => {
          const found = chat
            .posts(discord)
            .slice(postsBefore)
            .filter((p) => isSummary(p) && alerts.slice(1).every((a) => names(p, a)));
          expect(found).toHaveLength(1);
          return found[0]!;
        },
        { timeoutMs: 90_000 },
      );
      expect(chat.posts(discord).filter((p) => names(p, alerts[0]!))).toHaveLength(1);
      return summary;
    };
    return { alertTopic: alertTopic!, groupId, discord, alerts, startFolding, startNext, nextSummary };
  }

  beforeAll(async () => {
    ctx = await testContext("alerter-restart");
    chat = await startChatServer();
    producer = createSerialProducer(ctx.kafka);
    await producer.connect();
  });

  afterAll(async () => {
    for (const p of processes) await p.kill();
    for (const a of alerters) await a.stop();
    await producer?.disconnect();
    await chat?.close();
    await ctx?.cleanup();
  });

  it("a crash redelivers the folded alerts: the next alerter summarises all four and does not post the first again", async () => {
    const s = await scenario("crash");
    const first = await s.startFolding();
    await first.kill();
    await s.startNext();
    const summary = await s.nextSummary();
    // No summary was attempted before the crash, so nothing may have been shown twice.
    expect(summary.body.embeds[0].title).not.toContain(MAY_REPEAT);
  });

  it("a stop with a stuck sink exits within the grace, leaving the folded alerts uncommitted for the next alerter", async () => {
    const s = await scenario("stop");
    // The first alert is answered; the final summary's post is taken and never answered.
    chat.script(s.discord, (count) => (count === 2 ? "hang" : { status: 204 }));
    const first = await s.startFolding({ ALERT_HTTP_TIMEOUT: "60s" });
    // libs/runtime exits 1 when the close outlasts its 25 s grace.
    expect(await first.stop()).toBe(0);
    expect(chat.posts(s.discord)).toHaveLength(2);
    const [committed] = await ctx.admin.fetchOffsets({ groupId: s.groupId, topics: [s.alertTopic] });
    expect(committed!.partitions.filter((p) => p.offset !== "-1").map((p) => p.offset)).toEqual(["1"]);

    await s.startNext();
    const summary = await s.nextSummary();
    // The stuck post may have reached the channel: the redelivered summary says it may repeat.
    expect(summary.body.embeds[0].title).toContain(MAY_REPEAT);
  });
});
