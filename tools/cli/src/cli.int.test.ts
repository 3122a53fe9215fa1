import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topicName, topics } from "@sunseo/contracts";
import { createSerialProducer } from "@sunseo/kafka";
import { epochCheck, openEpoch } from "@sunseo/redis";
import { sequencerKeys } from "@sunseo/flow-state";
import { eventually, testContext, type TestContext } from "@sunseo/testing";
import { cliContextFor } from "./cli-context.test-support.js";
import type { CliContext } from "./clients.js";
import { NotFoundError } from "./errors.js";
import { dlqEntry, PHONE, phoneState, runningFlow, failedFlow } from "./fixtures.test-support.js";
import { runCommand } from "./run-command.js";

let ctx: TestContext;
let cli: CliContext;
const table = { json: false, showPhone: false, timeZone: "kst" } as const;

/** Reads a topic from its beginning with a fresh group until `count` records arrived. */
async function readTopic(topic: string, count: number): Promise<{ key: string | null; value: unknown }[]> {
  const consumer = ctx.kafka.consumer({ groupId: `${ctx.id}-check-${topic}` });
  const seen: { key: string | null; value: unknown }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({ key: message.key?.toString() ?? null, value: JSON.parse(message.value!.toString()) });
    },
  });
  try {
    return await eventually(() => {
      expect(seen.length).toBeGreaterThanOrEqual(count);
      return seen;
    });
  } finally {
    await consumer.disconnect();
  }
}

beforeAll(async () => {
  ctx = await testContext("cli");
  await ctx.createTopics(Object.values(topics).map((t) => t.base));
  cli = cliContextFor(ctx);
  // The state as the sequencer's savePhone script and instance index write it.
  const keys = sequencerKeys(ctx.redisPrefix);
  await ctx.redis.hset(keys.state(PHONE), "v", "3", "doc", JSON.stringify(phoneState), "off", "{}");
  for (const id of Object.keys(phoneState.flows)) await ctx.redis.set(keys.instance(id), PHONE);
});

afterAll(async () => {
  await ctx?.cleanup();
});

describe("sunseo CLI against real Redis and Kafka", () => {
  it("flows lists a phone's flows with each step's state, masked", async () => {
    const { output, exitCode } = await runCommand({ name: "flows", phone: PHONE, ...table }, cli);
    expect(exitCode).toBe(0);
    expect(output).toContain("010-****-5678: 3 flows");
    expect(output).toMatch(new RegExp(`${runningFlow.id}\\s+teacher-onboarding\\s+running \\(active\\)\\s+0\\s+counselling\\s+delivered`));
    expect(output).not.toContain(PHONE);

    const json = JSON.parse((await runCommand({ name: "flows", phone: PHONE, ...table, json: true, showPhone: true }, cli)).output);
    expect(json.phone).toBe(PHONE);
    expect(json.flows).toHaveLength(3);
  });

  it("flows of a phone without state says so", async () => {
    const { output } = await runCommand({ name: "flows", phone: "01099998888", ...table }, cli);
    expect(output).toBe("no flows for 010-****-8888");
  });

  it("flow shows one flow in detail and refuses an unknown id", async () => {
    const { output } = await runCommand({ name: "flow", key: failedFlow.id, ...table }, cli);
    expect(output).toContain("status:          failed");
    expect(output).toContain("created:         2025-05-01T18:59:50+09:00");
    expect(output).toMatch(/^0\s+counselling\s+TPL_0\s+delivered\s+failed/m);
    expect((await runCommand({ name: "flow", key: failedFlow.id, ...table, timeZone: "utc" }, cli)).output).toContain("created:         2025-05-01T09:59:50Z");
    await expect(runCommand({ name: "flow", key: "no-such-instance", ...table }, cli)).rejects.toThrow(NotFoundError);
  });

  it("flow finds a flow by the refkey of a send, and by idempotency key with the phone", async () => {
    const byRefkey = JSON.parse((await runCommand({ name: "flow", key: "inst-running-0001-1-1", ...table, json: true }, cli)).output);
    expect(byRefkey).toMatchObject({ id: runningFlow.id, foundBy: "refkey" });
    const key = runningFlow.idempotencyKey!;
    const byKey = JSON.parse((await runCommand({ name: "flow", key, phone: PHONE, ...table, json: true }, cli)).output);
    expect(byKey).toMatchObject({ id: runningFlow.id, foundBy: "idempotency key" });
    await expect(runCommand({ name: "flow", key: "signup-43", phone: PHONE, ...table }, cli)).rejects.toThrow(NotFoundError);
  });

  it("cancel produces a flow-cancel for a live flow and refuses an ended one", async () => {
    const { output } = await runCommand({ name: "cancel", id: runningFlow.id, reason: "wrong template", json: false }, cli);
    expect(output).toContain(`cancel requested for ${runningFlow.id}`);
    const [cancel] = await readTopic(topicName(ctx.topicPrefix, topics.flowCancel), 1);
    expect(cancel).toMatchObject({ key: PHONE, value: { phone: PHONE, instanceId: runningFlow.id, reason: "wrong template" } });
    await expect(runCommand({ name: "cancel", id: failedFlow.id, json: false }, cli)).rejects.toThrow(/already ended \(failed\)/);
  });

  it("dlq list reads the dlq topic and dlq replay produces the original value to its topic", async () => {
    const flowStart = topicName(ctx.topicPrefix, topics.flowStart);
    const dlq = topicName(ctx.topicPrefix, topics.dlq);
    const producer = createSerialProducer(ctx.kafka);
    await producer.connect();
    await producer.send([
      { topic: dlq, key: PHONE, value: dlqEntry({ topic: flowStart, at: 1 }) },
      { topic: dlq, key: PHONE, value: dlqEntry({ topic: flowStart, code: "INVALID_JSON", value: "{oops", at: 2 }) },
    ]);
    await producer.disconnect();

    const list = await runCommand({ name: "dlq-list", filter: {}, limit: 50, ...table, json: true }, cli);
    const { records } = JSON.parse(list.output) as { records: { id: string; code: string; key: string }[] };
    expect(records.map((r) => r.code)).toEqual(["UNKNOWN_FLOW", "INVALID_JSON"]);
    expect(records[0]!.key).toBe("010-****-5678");
    const filtered = await runCommand({ name: "dlq-list", filter: { code: "INVALID_JSON" }, limit: 50, ...table }, cli);
    expect(filtered.output).toMatch(/INVALID_JSON/);
    expect(filtered.output).not.toMatch(/UNKNOWN_FLOW/);

    const replay = await runCommand({ name: "dlq-replay", target: { id: records[0]!.id }, filter: {}, ...table }, cli);
    expect(replay).toMatchObject({ exitCode: 0, output: expect.stringContaining("1 of 1 replayed") });
    const [replayed] = await readTopic(flowStart, 1);
    expect(replayed).toEqual({ key: PHONE, value: { flow: "teacher-onbording", phone: PHONE, variables: {} } });

    const all = await runCommand({ name: "dlq-replay", target: { all: true }, filter: { code: "INVALID_JSON" }, ...table }, cli);
    expect(all).toMatchObject({ exitCode: 1, output: expect.stringContaining("skipped: value is not JSON") });
  });

  it("topics check finds every topic with equal partitions", async () => {
    const { output, exitCode } = await runCommand({ name: "topics-check", json: false }, cli);
    expect(exitCode).toBe(0);
    expect(output).toContain(`all ${Object.keys(topics).length} topics exist with 12 partitions`);
  });

  it("redis accept-loss writes a new epoch the services then open, and the old one reads as replaced", async () => {
    const before = await openEpoch(ctx.redis, ctx.redisPrefix, { hasHistory: async () => false });
    const { output, exitCode } = await runCommand({ name: "redis-accept-loss", note: "test: restarted without persistence", json: true }, cli);
    expect(exitCode).toBe(0);
    const { epoch, previous } = JSON.parse(output) as { epoch: string; previous: string };
    expect(previous).toBe(before);
    await expect(openEpoch(ctx.redis, ctx.redisPrefix, { hasHistory: async () => true })).resolves.toBe(epoch);
    await expect(epochCheck(ctx.redis, ctx.redisPrefix, before).verify()).rejects.toMatchObject({ code: "REDIS_DATA_LOST", reason: "replaced" });
  });
});
