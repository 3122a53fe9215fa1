import { describe, expect, it } from "vitest";
import { InvalidVariablesError, MissingVariablesError, UnknownFlowError, parseCatalog } from "@sunseo/flows";
import type { OutgoingMessage, SerialProducer } from "@sunseo/kafka";
import { FlowStartFailedError, InvalidRequestError, createFlowClientFor } from "./index.js";
import { DEFAULT_TOPIC_PREFIX, keyedStartInstanceId, topicName, topics } from "@sunseo/contracts";

const catalog = parseCatalog(
  `
from: "0212345678"
senderKey: k
flows:
  teacher-onboarding:
    steps:
      - { name: counsel-start, template: COUNSEL_START, text: "#{name} 선생님, 상담을 시작합니다." }
`,
  {},
);

const NOW = new Date("2025-02-22T00:30:00.000Z");

/** A producer that records what would have been produced; the first `failures` sends fail as a produce timeout would. */
function recordingProducer(failures = 0): SerialProducer & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  let failuresLeft = failures;
  return {
    sent,
    connect: async () => {},
    async send(messages) {
      if (failuresLeft-- > 0) throw new Error("Request Produce(key: 0, version: 7) timed out");
      sent.push(...messages);
    },
    disconnect: async () => {},
  };
}

function client(options: { catalog?: typeof catalog; topicPrefix?: string; failures?: number } = {}) {
  const producer = recordingProducer(options.failures);
  let generated = 0;
  const flows = createFlowClientFor(producer, { ...options, now: () => NOW, newIdempotencyKey: () => `generated-${++generated}` });
  return { flows, sent: producer.sent };
}

describe("startFlow", () => {
  it("produces the start keyed by the canonical phone, with a generated idempotency key", async () => {
    const { flows, sent } = client();
    const started = await flows.startFlow({ flow: "teacher-onboarding", phone: "+82 10-1234-5678", variables: { name: "김하늘" }, traceId: "t-1" });
    expect(started).toEqual({
      phone: "01012345678",
      idempotencyKey: "generated-1",
      instanceId: keyedStartInstanceId("01012345678", "teacher-onboarding", "generated-1"),
    });
    expect(sent).toEqual([
      {
        topic: topicName(DEFAULT_TOPIC_PREFIX, topics.flowStart),
        key: "01012345678",
        value: {
          flow: "teacher-onboarding",
          phone: "01012345678",
          variables: { name: "김하늘" },
          idempotencyKey: "generated-1",
          requestedAt: "2025-02-22T00:30:00.000Z",
          traceId: "t-1",
        },
      },
    ]);
  });

  it("keeps the caller's idempotency key, so a retried start carries the same key", async () => {
    const { flows, sent } = client({ topicPrefix: "prod." });
    const first = await flows.startFlow({ flow: "a", phone: "010 1234 5678" });
    const retried = await flows.startFlow({ flow: "a", phone: "010 1234 5678", idempotencyKey: first.idempotencyKey });
    expect(retried.instanceId).toBe(first.instanceId);
    expect(sent.map((m) => [m.topic, (m.value as { idempotencyKey: string }).idempotencyKey])).toEqual([
      ["prod.flow-start", "generated-1"],
      ["prod.flow-start", "generated-1"],
    ]);
    expect((sent[0]!.value as { variables: unknown }).variables).toEqual({});
  });

  it("carries startAt and expiresAt, given as a Date or as ISO with an offset, and refuses one without", async () => {
    const { flows, sent } = client();
    await flows.startFlow({ flow: "a", phone: "01012345678", startAt: new Date("2025-02-23T08:00:00+09:00"), expiresAt: "2025-02-23T09:00:00+09:00" });
    expect(sent[0]!.value).toMatchObject({ startAt: "2025-02-22T23:00:00.000Z", expiresAt: "2025-02-23T09:00:00+09:00" });
    await expect(flows.startFlow({ flow: "a", phone: "01012345678", startAt: "2025-02-23T08:00:00" })).rejects.toThrow(InvalidRequestError);
    await expect(flows.startFlow({ flow: "a", phone: "01012345678", startAt: new Date("nope") })).rejects.toThrow(/startAt/);
    expect(sent).toHaveLength(1);
  });

  it("hands the generated key back when the produce fails, so the retry starts the same flow", async () => {
    const { flows, sent } = client({ failures: 1 });
    const error = await flows.startFlow({ flow: "a", phone: "+82 10-1234-5678", variables: { name: "김하늘" } }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(FlowStartFailedError);
    expect(error).toMatchObject({ code: "FLOW_START_FAILED", retriable: true, flow: "a", phone: "01012345678", idempotencyKey: "generated-1" });
    expect((error as Error).cause).toEqual(new Error("Request Produce(key: 0, version: 7) timed out"));
    expect((error as Error).message).not.toMatch(/1234|5678/);

    const { idempotencyKey, phone } = error as FlowStartFailedError;
    await expect(flows.startFlow({ flow: "a", phone, variables: { name: "김하늘" }, idempotencyKey })).resolves.toEqual({
      phone: "01012345678",
      idempotencyKey: "generated-1",
      instanceId: keyedStartInstanceId("01012345678", "a", "generated-1"),
    });
    expect(sent.map((m) => (m.value as { idempotencyKey: string }).idempotencyKey)).toEqual(["generated-1"]);
  });

  it.each([
    [{ flow: "a", phone: "010-12" }, /^invalid flow-start: phone: invalid phone: too short$/],
    [{ flow: "Teacher Onboarding", phone: "01012345678" }, /flow: flow name/],
    [{ flow: "a", phone: "01012345678", variables: { "bad name": "x" } }, /variables\.bad name/],
    [{ flow: "a", phone: "01012345678", idempotencyKey: "" }, /idempotencyKey: /],
  ])("refuses an invalid request before producing: %j", async (input, message) => {
    const { flows, sent } = client();
    const error = await flows.startFlow(input).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: "INVALID_REQUEST", request: "flow-start", retriable: false });
    expect((error as Error).message).toMatch(message);
    expect(sent).toEqual([]);
  });

  it("never echoes the phone number in an error", async () => {
    const error = await client()
      .flows.startFlow({ flow: "a", phone: "010-1234-56789999" })
      .catch((err: unknown) => err);
    expect((error as Error).message).not.toMatch(/1234|5678/);
  });

  describe("with a catalog", () => {
    it("refuses an unknown flow before producing", async () => {
      const { flows, sent } = client({ catalog });
      await expect(flows.startFlow({ flow: "teacher-offboarding", phone: "01012345678" })).rejects.toThrow(UnknownFlowError);
      expect(sent).toEqual([]);
    });

    it("refuses missing variables before producing", async () => {
      const { flows, sent } = client({ catalog });
      const error = await flows.startFlow({ flow: "teacher-onboarding", phone: "01012345678", variables: { nmae: "x" } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingVariablesError);
      expect(error).toMatchObject({ flow: "teacher-onboarding", missing: ["name"] });
      expect(sent).toEqual([]);
    });

    it("refuses values the rendered message cannot hold before producing", async () => {
      const { flows, sent } = client({ catalog });
      const start = flows.startFlow({ flow: "teacher-onboarding", phone: "01012345678", variables: { name: "#{name}" } });
      await expect(start).rejects.toThrow(InvalidVariablesError);
      expect(sent).toEqual([]);
    });

    it("produces a start the catalog accepts", async () => {
      const { flows, sent } = client({ catalog });
      await flows.startFlow({ flow: "teacher-onboarding", phone: "01012345678", variables: { name: "김하늘" } });
      expect(sent).toHaveLength(1);
    });
  });
});

describe("cancelFlow", () => {
  it("produces the cancel keyed by the canonical phone", async () => {
    const { flows, sent } = client();
    await flows.cancelFlow({ phone: "010.1234.5678", idempotencyKey: "signup-1", reason: "teacher withdrew" });
    expect(sent).toEqual([
      {
        topic: topicName(DEFAULT_TOPIC_PREFIX, topics.flowCancel),
        key: "01012345678",
        value: { phone: "01012345678", idempotencyKey: "signup-1", reason: "teacher withdrew", requestedAt: "2025-02-22T00:30:00.000Z" },
      },
    ]);
  });

  it("needs an instanceId or an idempotencyKey", async () => {
    const { flows, sent } = client();
    await expect(flows.cancelFlow({ phone: "01012345678" })).rejects.toThrow("invalid flow-cancel: (request): give instanceId or idempotencyKey");
    expect(sent).toEqual([]);
  });
});
