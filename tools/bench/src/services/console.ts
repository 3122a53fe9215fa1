/**
 * Server time of the console's phone and flow pages with 100,000 phones' flow state in
 * Redis (one completed two-step flow each, as the sequencer writes it), the console's index
 * holding 2,000 failures. The console runs in this process against the real Redis and
 * broker, signed in through the trusted header; each page is fetched over loopback with
 * keep-alive, so the figures are an upper bound of the server time (they include the HTTP
 * round trip). Medians of 3 runs of 300 requests per page.
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { allTopicNames } from "@sunseo/contracts";
import { createConsole, phoneRefs, readConfig } from "@sunseo/console";
import { sequencerKeys, type PhoneState } from "@sunseo/flow-state";
import { createKafka, ensureTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis } from "@sunseo/redis";
import { writeBenchSection } from "../report.js";
import { median, percentile } from "../stats.js";

const PHONES = 100_000;
const FAILURES = 2_000;
const RUNS = 3;
const REQUESTS = 300;
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const id = `bench-console-${randomUUID().slice(0, 8)}`;
const topicPrefix = `${id}.`;
const redisPrefix = `${id}:`;
const secret = randomUUID() + randomUUID();
const logger = createLogger({ name: "bench-console", level: "warn" });

const phoneOf = (i: number) => `010${String(10_000_000 + i).slice(0, 8)}`;
const instanceOf = (i: number) => `bench${String(i).padStart(15, "0")}`;

function phoneState(i: number, now: number): PhoneState {
  const instance = instanceOf(i);
  const step = (name: string, template: string) => ({
    name,
    await: "delivered" as const,
    timeoutMs: 600_000,
    onTimeout: "halt" as const,
    delayMs: 0,
    message: { senderKey: "bench-sender", templateCode: template, message: `#{name} 선생님, ${name} 안내드립니다. 확인 부탁드립니다.`.repeat(3) },
  });
  const record = (s: number, name: string) => ({
    name,
    attempt: 1,
    send: "reported" as const,
    done: true,
    rounds: 0,
    refkey: `${instance}-${s}-1`,
    messagekey: `2611280351${String(i).padStart(6, "0")}#at${s}`,
    dispatchedAt: now - 60_000 + s * 1_000,
    acceptedAt: now - 59_700 + s * 1_000,
    deliveredAt: now - 59_500 + s * 1_000,
    results: ["7000"],
    outcome: "delivered" as const,
  });
  return {
    active: null,
    queue: [],
    flows: {
      [instance]: {
        id: instance,
        flow: "teacher-onboarding",
        lane: "recipient",
        status: "completed",
        steps: [step("counsel-start", "COUNSEL_START"), step("photo-submit", "PHOTO_SUBMIT")] as never,
        current: 1,
        history: [record(0, "counsel-start"), record(1, "photo-submit")],
        idempotencyKey: `signup-${i}`,
        createdAt: now - 61_000,
        startedAt: now - 61_000,
        endedAt: now - 58_000,
      },
    },
    refkeys: { [`${instance}-0-1`]: { instanceId: instance, step: 0, attempt: 1 }, [`${instance}-1-1`]: { instanceId: instance, step: 1, attempt: 1 } },
    idempotency: { [`signup-${i}`]: instance },
  };
}

async function fill(redis: ReturnType<typeof createRedis>, now: number): Promise<void> {
  const keys = sequencerKeys(redisPrefix);
  for (let from = 0; from < PHONES; from += 1_000) {
    const batch = redis.pipeline();
    for (let i = from; i < from + 1_000; i++) {
      batch.hset(keys.state(phoneOf(i)), { v: "1", doc: JSON.stringify(phoneState(i, now)), off: "{}" });
      batch.set(keys.instance(instanceOf(i)), phoneOf(i));
    }
    await batch.exec();
  }
  const failures = redis.pipeline();
  for (let i = 0; i < FAILURES; i++) {
    const entry = {
      instanceId: instanceOf(i),
      flow: "teacher-onboarding",
      status: "failed",
      step: 0,
      template: `T${i % 7}`,
      resultCode: "7108",
      meaning: "",
      phone: "010-****-0000",
      at: now - i * 1_000,
    };
    failures.set(`${redisPrefix}console:failure:${entry.instanceId}`, JSON.stringify(entry), "PX", 3_600_000);
    failures.zadd(`${redisPrefix}console:failures`, entry.at, entry.instanceId);
  }
  await failures.exec();
}

async function timePages(base: string, paths: () => string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const path = paths();
    const response = await fetch(`${base}${path}`, { headers: { "x-forwarded-user": "bench" } });
    await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  }
  return times;
}

async function main(): Promise<void> {
  const kafka = createKafka({ brokers, clientId: id, logger });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, allTopicNames(topicPrefix), { partitions: 12 });
  const redis = createRedis({ url: redisUrl, logger });
  await redis.connect();
  const now = Date.now();
  const config = readConfig({
    KAFKA_BROKERS: brokers.join(","),
    REDIS_URL: redisUrl,
    SUNSEO_TOPIC_PREFIX: topicPrefix,
    SUNSEO_REDIS_PREFIX: redisPrefix,
    HOST: "127.0.0.1",
    PORT: "0",
    CONSOLE_AUTH: "header",
    CONSOLE_SESSION_SECRET: secret,
    CONSOLE_GROUP_ID: `${id}-console`,
  });
  const app = createConsole(config, {
    kafka,
    redis,
    logger,
    onFatal: (err) => {
      throw err;
    },
  });
  try {
    console.log(`filling Redis with ${PHONES} phones ...`);
    await fill(redis, now);
    await app.start();
    const base = `http://127.0.0.1:${app.port()}`;
    const refs = phoneRefs(secret);
    const random = () => Math.floor(Math.random() * PHONES);
    const pages = {
      phone: () => `/phone/${refs.toRef(phoneOf(random()))}`,
      flow: () => `/flow/${instanceOf(random())}`,
      failures: () => "/failures?hours=24",
    };
    const results: Record<string, { p50: number[]; p99: number[] }> = {};
    await timePages(base, pages.phone); // warm-up
    for (let run = 0; run < RUNS; run++) {
      for (const [name, path] of Object.entries(pages)) {
        const times = await timePages(base, path);
        results[name] ??= { p50: [], p99: [] };
        results[name].p50.push(median(times));
        results[name].p99.push(percentile(times, 99));
      }
    }
    const rows = Object.entries(results).map(([name, r]) => `| ${name} | ${median(r.p50).toFixed(1)} ms | ${median(r.p99).toFixed(1)} ms |`);
    const markdown = [
      "## Console pages with 100,000 phones in Redis (`npm run bench:console`)",
      "",
      `${PHONES.toLocaleString("en")} phones' state documents (one completed two-step flow each) and ${FAILURES.toLocaleString("en")} indexed failures; the console in the benchmark's process on the real Redis and broker; ${REQUESTS} requests per page and run, sequential requests over keep-alive, random phones and flows. Times are client-measured over loopback, so they bound the server time from above. Target: phone and flow pages under 50 ms.`,
      "",
      "| page | median | p99 |",
      "| --- | --- | --- |",
      ...rows,
      "",
      `1-minute load average at the end of the runs: ${loadavg()[0]!.toFixed(1)} (2 cores shared with other work: the p99 is the machine's, the median the page's).`,
      "",
      "The failures page renders every failure of the window (here 2,000 in 24 h); its time grows with that count, not with the number of phones.",
    ].join("\n");
    writeBenchSection("console", markdown);
    console.log(markdown);
  } finally {
    await app.stop().catch(() => undefined);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}*`, "COUNT", 5_000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    await admin.deleteTopics({ topics: allTopicNames(topicPrefix) }).catch(() => undefined);
    await admin.deleteGroups([`${id}-console`]).catch(() => undefined);
    await admin.disconnect();
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
