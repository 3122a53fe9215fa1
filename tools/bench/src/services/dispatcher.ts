/**
 * Sends per second through the whole dispatcher: dispatch commands on the real broker ->
 * refkey ledger in Redis -> POST /v3/message to the simulator (its own process, keep-alive)
 * -> dispatch-result produced and offsets committed. The rate is measured between the
 * first and the last result, so the consumer group join is not counted.
 */
import { randomUUID } from "node:crypto";
import { Registry } from "prom-client";
import { writeBenchSection } from "../report.js";
import { median } from "../stats.js";
import { readKafkaConnection } from "@sunseo/config";
import { createBizppurioClient } from "@sunseo/bizppurio";
import { topicName, topics, type Dispatch } from "@sunseo/contracts";
import { createDispatcher, createDispatcherMetrics, readConfig } from "@sunseo/dispatcher";
import { createKafka, createSerialProducer, ensureTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis, guardRedis } from "@sunseo/redis";
import { SIM_ACCOUNT, startSimProcess } from "./sim-process.js";

const RUNS = 3;
const MESSAGES = 6_000;
const PHONES = 3_000;
// KAFKA_BROKERS and, for a secured cluster, its TLS/SASL variables, as the services read them.
const connection = readKafkaConnection();
const port = 19_700 + Math.floor(Math.random() * 200);
const simUrl = `http://127.0.0.1:${port}`;
const logger = createLogger({ name: "bench-dispatcher", level: "warn" });

async function run(n: number): Promise<{ rate: number; sent: number }> {
  const id = `bench-${randomUUID().slice(0, 8)}`;
  const topicPrefix = `${id}.`;
  const redisPrefix = `${id}:`;
  const kafka = createKafka({ ...connection, clientId: id, logger });
  const admin = kafka.admin();
  await admin.connect();
  const names = [topics.dispatch, topics.dispatchResult, topics.dlq].map((t) => topicName(topicPrefix, t));
  await ensureTopics(admin, names, { partitions: 12 });
  const redis = createRedis({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", logger });
  await redis.connect();
  const producer = createSerialProducer(kafka);
  await producer.connect();
  await fetch(`${simUrl}/sim/reset`, { method: "POST" });

  const commands: Dispatch[] = Array.from({ length: MESSAGES }, (_, i) => {
    const phone = `010${String(20_000_000 + (i % PHONES))}`;
    const step = Math.floor(i / PHONES);
    return {
      kind: "send",
      phone,
      refkey: `${id.slice(6)}-${i}`,
      instanceId: `${id}-${i % PHONES}`,
      flow: "bench",
      step,
      attempt: 1,
      message: { from: "0212345678", senderKey: "sk", templateCode: `T${step}`, text: `step ${step}`, fallback: { type: "sms", text: "fb" } },
      createdAt: Date.now(),
    };
  });
  for (let i = 0; i < commands.length; i += 1_000) {
    await producer.send(commands.slice(i, i + 1_000).map((c) => ({ topic: names[0]!, key: c.phone, value: c })));
  }

  let first = 0;
  let last = 0;
  let count = 0;
  const results = kafka.consumer({ groupId: `${id}-results` });
  await results.connect();
  await results.subscribe({ topic: names[1]!, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void results.run({
      eachBatch: async ({ batch }) => {
        const now = performance.now();
        if (count === 0) first = now;
        count += batch.messages.length;
        last = now;
        if (count >= MESSAGES) resolve();
      },
    });
  });

  const client = createBizppurioClient({
    baseUrl: simUrl,
    account: SIM_ACCOUNT.account,
    password: SIM_ACCOUNT.password,
    redis,
    keyPrefix: redisPrefix,
    logger,
    ratePerSecond: 0,
    maxSockets: 64,
  });
  const guard = await guardRedis(redis, { prefix: redisPrefix, hasHistory: async () => false, logger });
  const config = readConfig({
    SUNSEO_TOPIC_PREFIX: topicPrefix,
    SUNSEO_REDIS_PREFIX: redisPrefix,
    DISPATCHER_GROUP_ID: `${id}-dispatcher`,
    BIZPPURIO_ACCOUNT: SIM_ACCOUNT.account,
    BIZPPURIO_PASSWORD: SIM_ACCOUNT.password,
    DISPATCH_MAX_IN_FLIGHT: "1024",
    DISPATCH_LEDGER_TTL: "1h",
  });
  const metrics = createDispatcherMetrics(new Registry());
  const dispatcher = createDispatcher(config, { kafka, producer, redis, guard, client, logger, metrics, onFatal: (err) => console.error(err) });
  await dispatcher.start();
  await done;
  await dispatcher.stop();
  guard.stop();
  const sent = ((await (await fetch(`${simUrl}/sim/stats`)).json()) as { accepted: number }).accepted;
  await results.disconnect();
  client.close();
  await producer.disconnect();
  await admin.deleteTopics({ topics: names }).catch(() => undefined);
  await admin.disconnect();
  const keys = await redis.keys(`${redisPrefix}*`);
  for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
  redis.disconnect();
  const rate = ((count - 1) / (last - first)) * 1000;
  console.log(`run ${n}: ${Math.round(rate)} sends/s (${count} results, ${sent} gateway accepts)`);
  return { rate, sent };
}

const { child: sim } = await startSimProcess(port);
try {
  const rates: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const r = await run(i);
    if (r.sent !== MESSAGES) throw new Error(`run ${i}: gateway accepted ${r.sent}, expected ${MESSAGES}`);
    rates.push(r.rate);
  }
  writeBenchSection(
    "dispatcher",
    `## Dispatcher: dispatch -> Bizppurio (simulator) -> dispatch-result

${RUNS} runs of ${MESSAGES} AlimTalk sends (${PHONES} phones x 2 steps, 12 partitions, one dispatcher instance, rate limit off), simulator in its own process. Rate between the first and the last dispatch-result (group join excluded); includes the send ledger (the claim, with the epoch check in the same round trip, and the completion: 2 round trips per send), the gateway call on node:http with a shared token, and producing the result with acks=all.

| metric | median of runs | runs |
| --- | --- | --- |
| sends/s | ${Math.round(median(rates))} | ${rates.map(Math.round).join(", ")} |

Target: at least 3,000 sends/s.`,
  );
} finally {
  sim.kill("SIGTERM");
}
