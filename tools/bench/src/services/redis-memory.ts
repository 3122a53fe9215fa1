/**
 * Redis memory per flow and per phone, for sizing: the real sequencer (its own process) drives
 * 3-step flows against a redis-server of this script's own, and INFO memory is read before,
 * while every flow waits for its first report (in flight), and after all completed (state kept
 * for SUNSEO_RETENTION). MEMORY USAGE of one phone's keys gives the breakdown.
 *
 * A responder stands where dispatcher and gateway stand: it claims each send in the send ledger
 * and records its acceptance there as the dispatcher does, answers with the acceptance and,
 * once told to, pushes a delivered report for it.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allTopicNames, decode, topicName, topics, type Dispatch } from "@sunseo/contracts";
import { freePort, removeTopics, startRedisServer } from "@sunseo/infra";
import { createKafka, createSerialProducer, ensureTopics, type OutgoingMessage } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { createRedis } from "@sunseo/redis";
import { SendLedger } from "@sunseo/send-ledger";
import { REPO_ROOT } from "../repo-root.js";
import { writeBenchSection } from "../report.js";

const FLOWS = Number(process.env.BENCH_FLOWS ?? 5_000);
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const logger = createLogger({ name: "bench-redis-memory", level: "warn" });
const kafka = createKafka({ brokers, clientId: "bench-redis-memory", logger });
const phone = (i: number) => `010${String(40_000_000 + i).padStart(8, "0")}`;
const work = mkdtempSync(join(tmpdir(), "sunseo-bench-memory-"));
writeFileSync(
  join(work, "flows.yaml"),
  `from: "02-1234-5678"
senderKey: bench
flows:
  onboarding:
    steps:
      - { name: one, template: T1, text: "#{name}님, 상담이 시작됩니다. 담당 선생님이 곧 연락드립니다.", timeout: 10m }
      - { name: two, template: T2, text: "#{name}님, 사진과 영상을 제출해 주세요.", timeout: 10m }
      - { name: three, template: T3, text: "#{name}님, 등록이 완료되었습니다.", timeout: 10m }
`,
);

const server = startRedisServer({ port: await freePort(), dir: join(work, "redis"), persistence: "none" });
await server.waitReady();
const redis = createRedis({ url: server.url, logger });
await redis.connect();
const id = `bench-mem-${randomUUID().slice(0, 6)}`;
const prefix = `${id}.`;
const admin = kafka.admin();
await admin.connect();
await ensureTopics(admin, allTopicNames(prefix), { partitions: 12 });
await admin.disconnect();

const usedMemory = async () => Number(/^used_memory:(\d+)/m.exec(await redis.info("memory"))?.[1]);
const baseline = await usedMemory();

const sequencer = spawn(process.execPath, [join(REPO_ROOT, "services", "sequencer", "dist", "main.js")], {
  env: {
    PATH: process.env.PATH ?? "",
    KAFKA_BROKERS: brokers.join(","),
    REDIS_URL: server.url,
    SUNSEO_TOPIC_PREFIX: prefix,
    SUNSEO_REDIS_PREFIX: "sunseo:",
    SEQUENCER_GROUP_ID: id,
    SUNSEO_FLOWS_FILE: join(work, "flows.yaml"),
    PORT: "0",
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "inherit", "inherit"],
});

const producer = createSerialProducer(kafka);
await producer.connect();
let reporting = false;
const held: Dispatch[] = [];
let sends = 0;
// The dispatcher's default ledger time to live.
const ledger = new SendLedger(redis, "sunseo:", 7 * 24 * 3_600_000);
const report = (d: Dispatch): OutgoingMessage => ({
  topic: topicName(prefix, topics.report),
  key: d.phone,
  value: {
    phone: d.phone,
    receivedAt: Date.now(),
    source: "push",
    report: { DEVICE: "KAT", CMSGID: "c", MSGID: "m", PHONE: d.phone, MEDIA: "KAT", UNIXTIME: "0", RESULT: "7000", REFKEY: d.refkey },
  },
});
const responder = kafka.consumer({ groupId: `${id}-responder`, maxWaitTimeInMs: 100 });
await responder.connect();
await responder.subscribe({ topic: topicName(prefix, topics.dispatch), fromBeginning: true });
await responder.run({
  eachBatch: async ({ batch }) => {
    const out: OutgoingMessage[] = [];
    for (const message of batch.messages) {
      const decoded = decode(topics.dispatch, message.value);
      if (!decoded.ok || decoded.value.kind !== "send") continue;
      const d = decoded.value;
      sends += 1;
      const accepted = {
        phone: d.phone,
        refkey: d.refkey,
        instanceId: d.instanceId,
        flow: d.flow,
        step: d.step,
        attempt: d.attempt,
        outcome: "accepted" as const,
        messagekey: `mk-${d.refkey}`,
        at: Date.now(),
      };
      await ledger.claim(d.phone, d.refkey, randomUUID());
      await ledger.complete(accepted);
      out.push({ topic: topicName(prefix, topics.dispatchResult), key: d.phone, value: accepted });
      if (reporting) out.push(report(d));
      else held.push(d);
    }
    await producer.send(out);
  },
});

let completed = 0;
let waitingForReport = 0;
const observer = kafka.consumer({ groupId: `${id}-observer`, maxWaitTimeInMs: 100 });
await observer.connect();
await observer.subscribe({ topic: topicName(prefix, topics.flowEvent), fromBeginning: true });
await observer.run({
  eachBatch: async ({ batch }) => {
    for (const message of batch.messages) {
      if (message.value?.includes('"type":"completed"')) completed += 1;
      if (message.value?.includes('"type":"step-accepted"')) waitingForReport += 1;
    }
  },
});
const until = async (what: string, done: () => boolean) => {
  const deadline = Date.now() + 300_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

await producer.send(
  Array.from({ length: FLOWS }, (_, i) => ({
    topic: topicName(prefix, topics.flowStart),
    key: phone(i),
    value: { flow: "onboarding", phone: phone(i), variables: { name: `선생님 ${i}` }, idempotencyKey: `signup-${i}` },
  })),
);
await until("every first step accepted", () => waitingForReport >= FLOWS);
// Outboxes are acknowledged after the batch's effects ran: let the last ones settle.
await new Promise((r) => setTimeout(r, 2_000));
const inFlight = await usedMemory();
const breakdown = await keyBreakdown(phone(0));

reporting = true;
await producer.send(held.splice(0).map(report));
await until("every flow completed", () => completed >= FLOWS);
await new Promise((r) => setTimeout(r, 2_000));
const finished = await usedMemory();
const finishedBreakdown = await keyBreakdown(phone(0));
const keys = await redis.dbsize();

sequencer.kill("SIGTERM");
await new Promise((r) => sequencer.once("exit", r));
await Promise.all([responder.disconnect(), observer.disconnect(), producer.disconnect()]);
await removeTopics({ brokers, prefix });
redis.disconnect();
await server.kill();
rmSync(work, { recursive: true, force: true });

const perFlow = (bytes: number) => Math.round((bytes - baseline) / FLOWS);
console.log(`in flight ${perFlow(inFlight)} B/flow, completed ${perFlow(finished)} B/phone (${sends} sends, ${keys} keys)`);

/** MEMORY USAGE of each of one phone's keys (the timer sets are shared by all phones of a partition). */
async function keyBreakdown(p: string): Promise<string> {
  const names = { state: `sunseo:{${p}}:state`, outbox: `sunseo:{${p}}:outbox`, sends: `sunseo:{${p}}:sends` };
  const sizes = await Promise.all(Object.values(names).map((key) => redis.memory("USAGE", key)));
  const instances = await redis.scan("0", "MATCH", "sunseo:instance:*", "COUNT", 100);
  const instance = instances[1][0] ? await redis.memory("USAGE", instances[1][0]) : null;
  return [...Object.keys(names).map((name, i) => `${name} ${bytes(sizes[i])}`), `instance index ${bytes(instance)}`].join(", ");
}

writeBenchSection(
  "redis-memory",
  `## Redis memory per flow and per phone (\`npm run bench:redis-memory\`)

The sequencer in its own process against a redis-server of the script's own (nothing else in it), ${FLOWS} three-step
flows of the teacher-onboarding shape (Korean text of 20-30 characters per step, one variable), one flow per phone.
\`used_memory\` from INFO memory, minus the empty server's, divided by the flows; then MEMORY USAGE of one phone's keys.

| moment | used_memory above empty | per flow (= per phone here) |
| --- | --- | --- |
| every flow waiting for step 1's report (state, send ledger, a timer, the instance index) | ${mib(inFlight - baseline)} | **${perFlow(inFlight)} B** |
| every flow completed, state and ledger kept for SUNSEO_RETENTION (default 7d) | ${mib(finished - baseline)} | **${perFlow(finished)} B** |

One phone's keys, in flight: ${breakdown}. Completed: ${finishedBreakdown}. ${keys} keys in all at the end.

Not measured here: phones with several flows (each one adds its flow record to the phone's state document; the
lane queue holds waiting flow starts), the dispatcher's token and rate-limit keys (a few, not per phone) and the
alerter's dedupe keys (two per alert for its TTL).`,
);
process.exit(0);

function bytes(size: number | null | undefined): string {
  return size === null || size === undefined ? "absent" : `${size} B`;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
