import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { REPORT_ROUTE, WEBHOOK_SECRET_HEADER, reportSchema, reportUrl, topics, type Report } from "@sunseo/contracts";
import type { Kafka } from "kafkajs";
import { createKafka } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { eventually, testContext, type TestContext } from "@sunseo/testing";
import { readConfig } from "./config.js";
import { createIngest, type Ingest, type IngestConfig } from "./ingest.js";
import { createIngestMetrics } from "./metrics.js";

const SECRET = "test-secret-0123456789";
let seq = 0;
const push = (overrides: Record<string, unknown> = {}) => ({
  DEVICE: "KAT",
  CMSGID: "231231235959001",
  MSGID: `m-${++seq}`,
  PHONE: "+82 10-1234-5678",
  MEDIA: "KAT",
  UNIXTIME: "1700000000",
  RESULT: "7000",
  REFKEY: `ref-${seq}-${Math.random().toString(36).slice(2, 8)}`,
  GATEWAY_EXTRA: "kept as is",
  ...overrides,
});

const post = (port: number, path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    ...(signal ? { signal } : {}),
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function startIngest(config: IngestConfig, { kafka, logger, registry }: { kafka: Kafka; logger: Logger; registry: Registry }): Promise<Ingest> {
  const ingest = createIngest(config, { kafka, logger, metrics: createIngestMetrics(registry) });
  await ingest.start();
  return ingest;
}

interface Stored {
  key: string | undefined;
  value: Report;
}

/** Reads a topic from the beginning into an array, as the sequencer would see it. */
async function readTopic(ctx: TestContext, topic: string) {
  const consumer = ctx.kafka.consumer({ groupId: `${ctx.id}-reader-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const stored: Stored[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      stored.push({ key: message.key?.toString(), value: JSON.parse(message.value!.toString()) as Report });
    },
  });
  return { stored, stop: () => consumer.disconnect() };
}

function configFor(ctx: TestContext, env: Record<string, string> = {}) {
  return readConfig({
    WEBHOOK_SECRET: SECRET,
    PORT: "0",
    HOST: "127.0.0.1",
    KAFKA_BROKERS: ctx.brokers.join(","),
    SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
    WEBHOOK_BODY_LIMIT_BYTES: "2048",
    WEBHOOK_HEALTH_INTERVAL: "500ms",
    ...env,
  });
}

describe("webhook-ingest against the real broker", () => {
  let ctx: TestContext;
  let ingest: Ingest;
  let registry: Registry;
  let reader: Awaited<ReturnType<typeof readTopic>>;
  const url = (secret = SECRET) => reportUrl("", secret);

  beforeAll(async () => {
    ctx = await testContext("ingest");
    const [reportTopic] = await ctx.createTopics([topics.report.base]);
    registry = new Registry();
    ingest = await startIngest(configFor(ctx), { kafka: ctx.kafka, logger: ctx.logger, registry });
    reader = await readTopic(ctx, reportTopic!);
    await eventually(() => expect(ingest.ready()).toBe(true));
  });

  afterAll(async () => {
    await ingest?.stop();
    await reader?.stop();
    await ctx?.cleanup();
  });

  it("answers 200 only after the exact report is on the topic under the canonical phone", async () => {
    const body = push();
    const res = await post(ingest.port(), url(), body);
    expect(res.status).toBe(200);
    const found = await eventually(() => {
      const hit = reader.stored.find((s) => s.value.report.REFKEY === body.REFKEY);
      expect(hit).toBeDefined();
      return hit!;
    });
    expect(found.key).toBe("01012345678");
    expect(found.value).toEqual({ phone: "01012345678", receivedAt: expect.any(Number), source: "push", report: body });
    expect(reportSchema.parse(found.value)).toEqual(found.value);
  });

  it("accepts the secret in the secret header", async () => {
    const body = push();
    expect((await post(ingest.port(), REPORT_ROUTE, body, { [WEBHOOK_SECRET_HEADER]: SECRET })).status).toBe(200);
    await eventually(() => expect(reader.stored.some((s) => s.value.report.REFKEY === body.REFKEY)).toBe(true));
  });

  it("stores a duplicate push again: deduplication is the sequencer's job", async () => {
    const body = push();
    expect((await post(ingest.port(), url(), body)).status).toBe(200);
    expect((await post(ingest.port(), url(), body)).status).toBe(200);
    await eventually(() => expect(reader.stored.filter((s) => s.value.report.REFKEY === body.REFKEY)).toHaveLength(2));
  });

  it("answers a wrong secret in the path exactly like an unknown URL", async () => {
    const wrong = await post(ingest.port(), url("not-the-secret-at-all"), push());
    const unknown = await post(ingest.port(), "/nothing-here", push());
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toBe(await unknown.text());
  });

  it("answers 401 without detail when the header secret is missing or wrong", async () => {
    const missingOrWrong: Record<string, string>[] = [{}, { [WEBHOOK_SECRET_HEADER]: "wrong-secret-wrong-secret" }];
    for (const headers of missingOrWrong) {
      const res = await post(ingest.port(), REPORT_ROUTE, push(), headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthorized" });
    }
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await post(ingest.port(), url(), '{"RESULT": "7000",');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_json" });
  });

  it("answers 415 for a body that is not JSON", async () => {
    const res = await post(ingest.port(), url(), "RESULT=7000", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
  });

  it("answers 400 naming the missing fields", async () => {
    const { REFKEY: _r, RESULT: _s, ...body } = push();
    const res = await post(ingest.port(), url(), body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_body", message: "missing fields RESULT, REFKEY", fields: ["RESULT", "REFKEY"] });
  });

  it("answers 400 naming PHONE for an invalid phone, without echoing it", async () => {
    const res = await post(ingest.port(), url(), push({ PHONE: "12345" }));
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { fields: string[]; message: string };
    expect(answer.fields).toEqual(["PHONE"]);
    expect(answer.message).not.toContain("12345");
  });

  it("answers 413 for a body over the limit", async () => {
    const res = await post(ingest.port(), url(), push({ USERDATA: "x".repeat(4096) }));
    expect(res.status).toBe(413);
  });

  it("counts rejections by reason and reports by result class", async () => {
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/sunseo_webhook_ingest_rejections_total\{reason="unauthorized"\} [1-9]/);
    expect(metrics).toMatch(/sunseo_webhook_ingest_rejections_total\{reason="too_large"\} 1/);
    expect(metrics).toMatch(/sunseo_webhook_ingest_reports_total\{channel="alimtalk",delivered="true"\} [1-9]/);
    expect(metrics).toMatch(/sunseo_webhook_ingest_produce_seconds_count\{outcome="ok"\} [1-9]/);
  });
});

describe("webhook-ingest client address checks", () => {
  let ctx: TestContext;
  const started: Ingest[] = [];
  const start = async (env: Record<string, string>) => {
    const ingest = await startIngest(configFor(ctx, env), { kafka: ctx.kafka, logger: ctx.logger, registry: new Registry() });
    started.push(ingest);
    return ingest;
  };

  beforeAll(async () => {
    ctx = await testContext("ingest-ip");
    await ctx.createTopics([topics.report.base]);
  });
  afterAll(async () => {
    for (const ingest of started) await ingest.stop();
    await ctx?.cleanup();
  });

  it("answers 403 to an address outside the allowlist, before looking at the secret", async () => {
    const ingest = await start({ WEBHOOK_ALLOWED_CIDRS: "10.0.0.0/8" });
    const res = await post(ingest.port(), reportUrl("", SECRET), push());
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "forbidden" });
  });

  it("ignores X-Forwarded-For from a proxy it does not trust", async () => {
    const ingest = await start({ WEBHOOK_ALLOWED_CIDRS: "10.0.0.0/8" });
    const res = await post(ingest.port(), reportUrl("", SECRET), push(), { "x-forwarded-for": "10.1.2.3" });
    expect(res.status).toBe(403);
  });

  it("believes X-Forwarded-For from a trusted proxy", async () => {
    const ingest = await start({ WEBHOOK_ALLOWED_CIDRS: "10.0.0.0/8", WEBHOOK_TRUSTED_PROXIES: "127.0.0.1/32,::1" });
    const allowed = await post(ingest.port(), reportUrl("", SECRET), push(), { "x-forwarded-for": "10.1.2.3" });
    expect(allowed.status).toBe(200);
    const refused = await post(ingest.port(), reportUrl("", SECRET), push(), { "x-forwarded-for": "198.51.100.9" });
    expect(refused.status).toBe(403);
  });
});

describe("webhook-ingest when Kafka cannot store", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await testContext("ingest-down");
  });
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it("answers 503 and is not ready when no broker listens", async () => {
    // Nothing listens on port 1: the shared broker is left alone.
    const kafka = createKafka({ brokers: ["127.0.0.1:1"], clientId: `${ctx.id}-nowhere`, logger: ctx.logger, retries: 1, connectionTimeoutMs: 200 });
    const ingest = await startIngest(configFor(ctx, { WEBHOOK_PRODUCE_TIMEOUT: "1s" }), { kafka, logger: ctx.logger, registry: new Registry() });
    try {
      const statuses = await Promise.all(Array.from({ length: 10 }, () => post(ingest.port(), reportUrl("", SECRET), push()).then((r) => r.status)));
      expect(statuses).toEqual(Array(10).fill(503));
      expect(ingest.ready()).toBe(false);
    } finally {
      await ingest.stop();
    }
  });

  it("never answers 200 for a report the broker did not store (topic missing, then created)", async () => {
    const kafka = createKafka({ brokers: ctx.brokers, clientId: `${ctx.id}-late`, logger: ctx.logger, retries: 2 });
    const ingest = await startIngest(configFor(ctx, { WEBHOOK_PRODUCE_TIMEOUT: "1s" }), { kafka, logger: ctx.logger, registry: new Registry() });
    const answers: { refkey: string; status: number }[] = [];
    const send = async () => {
      const body = push();
      const res = await post(ingest.port(), reportUrl("", SECRET), body);
      answers.push({ refkey: body.REFKEY, status: res.status });
      return res.status;
    };
    try {
      expect(await Promise.all([send(), send(), send()])).toEqual([503, 503, 503]);
      expect(ingest.ready()).toBe(false);

      const [topic] = await ctx.createTopics([topics.report.base]);
      await eventually(async () => expect(await send()).toBe(200), { timeoutMs: 60_000, intervalMs: 500 });
      await Promise.all(Array.from({ length: 20 }, send));
      await eventually(() => expect(ingest.ready()).toBe(true));

      const reader = await readTopic(ctx, topic!);
      try {
        const ok = answers.filter((a) => a.status === 200).map((a) => a.refkey);
        expect(ok.length).toBeGreaterThan(0);
        await eventually(() => {
          const stored = new Set(reader.stored.map((s) => s.value.report.REFKEY));
          expect(ok.filter((refkey) => !stored.has(refkey))).toEqual([]);
        });
      } finally {
        await reader.stop();
      }
    } finally {
      await ingest.stop();
    }
  });

  it("finishes in-flight pushes on shutdown: each one gets 200 and is stored, or is refused", async () => {
    const [topic] = await ctx.createTopics([topics.report.base]);
    const ingest = await startIngest(configFor(ctx), { kafka: ctx.kafka, logger: ctx.logger, registry: new Registry() });
    await eventually(() => expect(ingest.ready()).toBe(true));
    const answers: { refkey: string; status: number }[] = [];
    // Ten clients push back to back until the server stops taking connections.
    const client = async () => {
      for (;;) {
        const body = push();
        const status = await post(ingest.port(), reportUrl("", SECRET), body, {}, AbortSignal.timeout(15_000)).then(
          (res) => res.status,
          () => 0,
        );
        answers.push({ refkey: body.REFKEY, status });
        if (status !== 200) return;
      }
    };
    const clients = Array.from({ length: 10 }, client);
    await eventually(() => expect(answers.length).toBeGreaterThanOrEqual(30), { intervalMs: 5 });
    await ingest.stop();
    await Promise.all(clients);

    expect(answers.filter((a) => a.status !== 200 && a.status !== 0)).toEqual([]);
    const ok = answers.filter((a) => a.status === 200).map((a) => a.refkey);
    expect(ok.length).toBeGreaterThanOrEqual(30);
    const reader = await readTopic(ctx, topic!);
    try {
      await eventually(() => {
        const stored = new Set(reader.stored.map((s) => s.value.report.REFKEY));
        expect(ok.filter((refkey) => !stored.has(refkey))).toEqual([]);
      });
    } finally {
      await reader.stop();
    }
  });
});
