/**
 * Report pushes per second through webhook-ingest (its own process, as deployed) with
 * autocannon: valid Bizppurio pushes, each with a unique REFKEY, spread over many phones.
 * After the runs every push answered 200 is looked up on the report topic: a 200 without
 * a stored message fails the benchmark. RSS is the service's peak (VmHWM).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { writeBenchSection } from "../report.js";
import { median } from "../stats.js";
import { readKafkaConnection } from "@sunseo/config";
import { REPORT_ROUTE, reportUrl, topicName, topics } from "@sunseo/contracts";
import { createKafka, ensureTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { REPO_ROOT } from "../repo-root.js";

const RUNS = 3;
const SECONDS = 8;
const CONNECTIONS = 64;
const PHONES = 5_000;
// KAFKA_BROKERS and, for a secured cluster, its TLS/SASL variables, as the services read them.
const connection = readKafkaConnection();
const { brokers } = connection;
const port = 19_900 + Math.floor(Math.random() * 90);
const opsPort = port + 1;
const secret = randomUUID();
const id = `bench-ingest-${randomUUID().slice(0, 8)}`;
const topicPrefix = `${id}.`;
const reportTopic = topicName(topicPrefix, topics.report);
const logger = createLogger({ name: "bench-webhook-ingest", level: "warn" });

async function startIngest(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "services", "webhook-ingest", "dist", "main.js")], {
    env: {
      ...process.env,
      PORT: String(port),
      OPS_PORT: String(opsPort),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      WEBHOOK_SECRET: secret,
      SUNSEO_TOPIC_PREFIX: topicPrefix,
      KAFKA_BROKERS: brokers.join(","),
    },
    stdio: "inherit",
  });
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`http://127.0.0.1:${opsPort}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("webhook-ingest did not become ready");
}

const peakRssMb = (pid: number): number => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Math.round(Number(match?.[1] ?? 0) / 1024);
};

interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  ok: string[];
  other: number;
}

async function load(run: number, seconds: number): Promise<RunResult> {
  let n = 0;
  const ok: string[] = [];
  let other = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: reportUrl("", secret),
        headers: { "content-type": "application/json" },
        setupRequest: (request, context) => {
          const i = n++;
          const refkey = `r${run}-${i}`;
          (context as { refkey?: string }).refkey = refkey;
          const phone = `010${String(30_000_000 + (i % PHONES))}`;
          const body = {
            DEVICE: "KAT",
            CMSGID: `${run}${i}`,
            MSGID: `msg-${run}-${i}`,
            PHONE: phone,
            MEDIA: "KAT",
            UNIXTIME: String(Math.floor(Date.now() / 1000)),
            RESULT: i % 20 === 0 ? "7308" : "7000",
            REFKEY: refkey,
          };
          return { ...request, body: JSON.stringify(body) };
        },
        onResponse: (status, _body, context) => {
          if (status === 200) ok.push((context as { refkey: string }).refkey);
          else other++;
        },
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok, other: other + result.errors + result.timeouts };
}

/** Reads the whole topic and returns the REFKEYs it holds. */
async function storedRefkeys(expected: number): Promise<Set<string>> {
  const kafka = createKafka({ ...connection, clientId: `${id}-verify`, logger });
  const consumer = kafka.consumer({ groupId: `${id}-verify` });
  await consumer.connect();
  await consumer.subscribe({ topic: reportTopic, fromBeginning: true });
  const seen = new Set<string>();
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) seen.add((JSON.parse(m.value!.toString()) as { report: { REFKEY: string } }).report.REFKEY);
    },
  });
  const deadline = Date.now() + 60_000;
  while (seen.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await consumer.disconnect();
  return seen;
}

/** Mean produce latency and batch size over the whole benchmark, from the service's /metrics. */
async function produceFigures(): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text)?.[1] ?? Number.NaN);
  const calls = value('sunseo_webhook_ingest_produce_seconds_count\\{outcome="ok"\\}');
  const seconds = value('sunseo_webhook_ingest_produce_seconds_sum\\{outcome="ok"\\}');
  const reports = value("sunseo_webhook_ingest_batch_reports_sum");
  const cpu = value("process_cpu_seconds_total");
  return `${calls} produce calls, mean ${((seconds / calls) * 1000).toFixed(1)} ms each, mean ${(reports / calls).toFixed(1)} reports per call; service CPU ${((cpu / reports) * 1e6).toFixed(0)} µs per report (all runs, warm-up and start-up included)`;
}

async function main(): Promise<void> {
  const kafka = createKafka({ ...connection, clientId: id, logger });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [reportTopic], { partitions: 12 });
  const child = await startIngest();
  const runs: RunResult[] = [];
  let produce = "";
  let rss = 0;
  const loadBefore = loadavg()[0]!.toFixed(1);
  try {
    await load(0, 2); // warm-up: JIT, connections, producer metadata
    for (let r = 1; r <= RUNS; r++) {
      const result = await load(r, SECONDS);
      runs.push(result);
      console.log(`run ${r}: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, 200s ${result.ok.length}, other ${result.other}`);
    }
    produce = await produceFigures();
  } finally {
    rss = peakRssMb(child.pid!);
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }

  const acknowledged = runs.flatMap((r) => r.ok);
  const stored = await storedRefkeys(acknowledged.length);
  const missing = acknowledged.filter((refkey) => !stored.has(refkey));
  await admin.deleteTopics({ topics: [reportTopic] }).catch(() => undefined);
  await admin.disconnect();

  const list = (f: (r: RunResult) => number) => runs.map((r) => Math.round(f(r))).join(", ");
  const med = (f: (r: RunResult) => number) => Math.round(median(runs.map(f)));
  writeBenchSection(
    "webhook-ingest",
    `## webhook-ingest: POST ${REPORT_ROUTE}/:secret

${RUNS} runs of ${SECONDS} s after a 2 s warm-up, ${CONNECTIONS} keep-alive connections (autocannon, in the bench process), webhook-ingest in its own process, valid pushes with unique REFKEYs over ${PHONES} phones, report topic with 12 partitions, acks=all, micro-batched.

| metric | median of runs | runs |
| --- | --- | --- |
| reports/s answered 200 | ${med((r) => r.rps)} | ${list((r) => r.rps)} |
| latency p50 (ms) | ${med((r) => r.p50)} | ${list((r) => r.p50)} |
| latency p99 (ms) | ${med((r) => r.p99)} | ${list((r) => r.p99)} |
| non-200 answers | ${med((r) => r.other)} | ${list((r) => r.other)} |

Every 200 checked against the topic: ${acknowledged.length} answered 200, ${acknowledged.length - missing.length} found on the topic, **${missing.length} missing**. Peak RSS of the service: ${rss} MB. Kafka writes: ${produce}. Machine load average (1 min) before / after: ${loadBefore} / ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores (other benchmarks and test suites may share it).

Target: at least 8,000 reports/s, p99 under 50 ms, every 200 backed by a stored message, under 200 MB RSS.`,
  );
  console.log(`200s: ${acknowledged.length}, missing on topic: ${missing.length}, peak RSS ${rss} MB; ${produce}`);
  if (missing.length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
