/**
 * Step transitions per second through the sequencer (its own process, as deployed), and
 * the latency from a delivery report being written to Kafka to the next step's dispatch
 * reaching the dispatcher's topic, at half that load.
 *
 * Events are fed straight into the topics: a responder stands where dispatcher and gateway
 * stand and answers every send with an acceptance and a delivered report in one produce.
 * A 3-step flow costs 7 transitions: start, then accepted + report per step.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { writeBenchSection } from "../report.js";
import { median, percentile } from "../stats.js";
import { readKafkaConnection } from "@sunseo/config";
import { allTopicNames, decode, topicName, topics } from "@sunseo/contracts";
import { createKafka, createSerialProducer, ensureTopics, type OutgoingMessage } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { REPO_ROOT } from "../repo-root.js";
import { removeTopics } from "@sunseo/infra";

const RUNS = 3;
const FLOWS = 3_000;
const TRANSITIONS_PER_FLOW = 7;
const LATENCY_SECONDS = 20;
// KAFKA_BROKERS and, for a secured cluster, its TLS/SASL variables, as the services read them.
const connection = readKafkaConnection();
const { brokers } = connection;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const logger = createLogger({ name: "bench-sequencer", level: "warn" });
const kafka = createKafka({ ...connection, clientId: "bench-sequencer", logger });
const catalogDir = mkdtempSync(join(tmpdir(), "sunseo-bench-"));
writeFileSync(
  join(catalogDir, "flows.yaml"),
  `from: "02-1234-5678"
senderKey: bench
flows:
  bench:
    steps:
      - { name: one, template: T1, text: "#{n} 1", timeout: 10m }
      - { name: two, template: T2, text: "#{n} 2", timeout: 10m }
      - { name: three, template: T3, text: "#{n} 3", timeout: 10m }
`,
);
const phone = (i: number) => `010${String(30_000_000 + i).padStart(8, "0")}`;

interface Setup {
  prefix: string;
  sequencer: ChildProcess;
  stop(): Promise<void>;
  /** Resolves when this many flows have completed. */
  completed(count: number): Promise<void>;
  latencies: number[];
  measureLatency: boolean;
}

async function setup(label: string): Promise<Setup> {
  const id = `bench-seq-${label}-${randomUUID().slice(0, 6)}`;
  const prefix = `${id}.`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, allTopicNames(prefix), { partitions: 12 });
  await admin.disconnect();

  const sequencer = spawn(process.execPath, [join(REPO_ROOT, "services", "sequencer", "dist", "main.js")], {
    env: {
      PATH: process.env.PATH ?? "",
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => /^KAFKA_(SSL|SASL)/.test(name))),
      KAFKA_BROKERS: brokers.join(","),
      REDIS_URL: redisUrl,
      SUNSEO_TOPIC_PREFIX: prefix,
      SUNSEO_REDIS_PREFIX: `${id}:`,
      SEQUENCER_GROUP_ID: id,
      SUNSEO_FLOWS_FILE: join(catalogDir, "flows.yaml"),
      PORT: "0",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });

  const producer = createSerialProducer(kafka);
  await producer.connect();
  const reportedAt = new Map<string, number>();
  const result: Setup = { prefix, sequencer, latencies: [], measureLatency: false, stop: async () => undefined, completed: async () => undefined };

  const responder = kafka.consumer({ groupId: `${id}-responder`, maxWaitTimeInMs: 100 });
  await responder.connect();
  await responder.subscribe({ topic: topicName(prefix, topics.dispatch), fromBeginning: true });
  await responder.run({
    eachBatch: async ({ batch }) => {
      const out: OutgoingMessage[] = [];
      const now = Date.now();
      for (const message of batch.messages) {
        const decoded = decode(topics.dispatch, message.value);
        if (!decoded.ok || decoded.value.kind !== "send") continue;
        const d = decoded.value;
        const before = reportedAt.get(`${d.instanceId}/${d.step - 1}`);
        if (result.measureLatency && before !== undefined) result.latencies.push(now - before);
        const ref = { phone: d.phone, refkey: d.refkey, instanceId: d.instanceId, flow: d.flow, step: d.step, attempt: d.attempt };
        out.push({
          topic: topicName(prefix, topics.dispatchResult),
          key: d.phone,
          value: { ...ref, outcome: "accepted", messagekey: `mk-${d.refkey}`, at: now },
        });
        out.push({
          topic: topicName(prefix, topics.report),
          key: d.phone,
          value: {
            phone: d.phone,
            receivedAt: now,
            source: "push",
            report: { DEVICE: "KAT", CMSGID: "c", MSGID: "m", PHONE: d.phone, MEDIA: "KAT", UNIXTIME: "0", RESULT: "7000", REFKEY: d.refkey },
          },
        });
        reportedAt.set(`${d.instanceId}/${d.step}`, now);
      }
      await producer.send(out);
    },
  });

  let completed = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const observer = kafka.consumer({ groupId: `${id}-observer`, maxWaitTimeInMs: 100 });
  await observer.connect();
  await observer.subscribe({ topic: topicName(prefix, topics.flowEvent), fromBeginning: true });
  await observer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) if (message.value?.includes('"type":"completed"')) completed += 1;
      for (const w of waiters.filter((w) => completed >= w.count)) w.resolve();
    },
  });
  result.completed = (count) => new Promise<void>((resolve) => (completed >= count ? resolve() : waiters.push({ count, resolve })));
  result.stop = async () => {
    sequencer.kill("SIGTERM");
    await new Promise((r) => sequencer.once("exit", r));
    await responder.disconnect();
    await observer.disconnect();
    await producer.disconnect();
    await removeTopics({ ...connection, prefix });
  };
  return result;
}

const starts = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => ({
    topic: "",
    key: phone(from + k),
    value: { flow: "bench", phone: phone(from + k), variables: { n: String(from + k) }, idempotencyKey: `b-${from + k}` },
  }));

async function throughputRun(i: number): Promise<number> {
  const s = await setup(`tps${i}`);
  // Let the sequencer join its group before the clock starts.
  await new Promise((r) => setTimeout(r, 5_000));
  const producer = createSerialProducer(kafka);
  await producer.connect();
  const started = Date.now();
  await producer.send(starts(0, FLOWS).map((m) => ({ ...m, topic: topicName(s.prefix, topics.flowStart) })));
  await s.completed(FLOWS);
  const seconds = (Date.now() - started) / 1000;
  await producer.disconnect();
  await s.stop();
  return (FLOWS * TRANSITIONS_PER_FLOW) / seconds;
}

async function latencyRun(transitionsPerSecond: number): Promise<number[]> {
  const s = await setup("latency");
  await new Promise((r) => setTimeout(r, 5_000));
  s.measureLatency = true;
  const producer = createSerialProducer(kafka);
  await producer.connect();
  const flowsPerTick = Math.max(1, Math.round(transitionsPerSecond / TRANSITIONS_PER_FLOW / 10));
  let sent = 0;
  const until = Date.now() + LATENCY_SECONDS * 1000;
  while (Date.now() < until) {
    const tick = Date.now();
    await producer.send(starts(100_000 + sent, flowsPerTick).map((m) => ({ ...m, topic: topicName(s.prefix, topics.flowStart) })));
    sent += flowsPerTick;
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tick))));
  }
  await s.completed(sent);
  await producer.disconnect();
  await s.stop();
  return s.latencies;
}

const tps: number[] = [];
for (let i = 0; i < RUNS; i++) {
  tps.push(await throughputRun(i));
  console.log(`run ${i + 1}: ${Math.round(tps[i]!)} transitions/s`);
}
const best = median(tps);
const target = best / 2;
const latencies = await latencyRun(target);
const p50 = percentile(latencies, 50);
const p99 = percentile(latencies, 99);
console.log(`latency at ${Math.round(target)} transitions/s: p50 ${p50} ms, p99 ${p99} ms over ${latencies.length} steps`);

writeBenchSection(
  "sequencer",
  `## Sequencer (\`npm run bench:sequencer\`)

Sequencer in its own process (12 partitions, default settings), the broker and Redis on the same machine, a responder
answering every send with an acceptance and a delivered report. ${FLOWS} three-step flows (7 transitions each) over
${FLOWS} phones per run.

| measure | value |
| --- | --- |
| step transitions per second (median of ${RUNS}) | **${Math.round(best)}** (runs: ${tps.map((t) => Math.round(t)).join(", ")}) |
| report written -> next dispatch seen, at ${Math.round(target)} transitions/s (half) | p50 **${p50} ms**, p99 **${p99} ms** (${latencies.length} steps) |
| load average before the runs | ${loadavg()[0]!.toFixed(2)} |

The latency includes a Kafka hop on each side (report produced and fetched by the sequencer; dispatch produced and
fetched by the responder), so it is an upper bound for the sequencer's own share.`,
);
process.exit(0);
