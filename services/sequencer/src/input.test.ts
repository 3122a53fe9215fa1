import { describe, expect, it } from "vitest";
import { DEFAULT_TOPIC_PREFIX, topicName, topics, type Topic } from "@sunseo/contracts";
import { parseCatalog } from "@sunseo/flows";
import { toInput, type RawMessage } from "./input.js";

const catalog = parseCatalog(`
from: "02-1234-5678"
senderKey: key
flows:
  welcome:
    steps:
      - { name: hello, template: HELLO, text: "#{name}님 환영합니다" }
  reminder:
    maxStartDelay: 2h
    maxDuration: 1d
    window: { from: "08:00", to: "21:00" }
    steps:
      - { name: remind, template: REMIND, text: "내일 수업" }
`);

const message = (t: Topic, value: unknown, key: string | null = "01012345678", offset = "7"): RawMessage => ({
  base: t.base,
  topic: topicName(DEFAULT_TOPIC_PREFIX, t),
  partition: 3,
  offset,
  key,
  value: Buffer.from(typeof value === "string" ? value : JSON.stringify(value)),
});

describe("toInput", () => {
  it("turns a flow-start into a start event with rendered steps and a derived instance id", () => {
    const input = toInput(message(topics.flowStart, { flow: "welcome", phone: "010-1234-5678", variables: { name: "김민수" } }), catalog);
    expect(input).toMatchObject({ ok: true, phone: "01012345678", event: { type: "start", flow: "welcome", lane: "recipient" } });
    if (!input.ok || input.event.type !== "start") throw new Error("expected a start");
    expect(input.event.steps[0]!.message.text).toBe("김민수님 환영합니다");
    const again = toInput(message(topics.flowStart, { flow: "welcome", phone: "01012345678", variables: { name: "x" } }), catalog);
    const elsewhere = toInput(message(topics.flowStart, { flow: "welcome", phone: "01012345678", variables: { name: "x" } }, "01012345678", "8"), catalog);
    expect(again.ok && again.event.type === "start" && again.event.instanceId).toBe(input.event.instanceId);
    expect(elsewhere.ok && elsewhere.event.type === "start" && elsewhere.event.instanceId).not.toBe(input.event.instanceId);
  });

  it("carries the start's times as epoch ms and the flow's limits and windows to the machine", () => {
    const input = toInput(
      message(topics.flowStart, {
        flow: "reminder",
        phone: "01012345678",
        requestedAt: "2026-11-27T09:00:00+09:00",
        startAt: "2026-11-28T08:00:00+09:00",
        expiresAt: "2026-11-28T09:00:00+09:00",
      }),
      catalog,
    );
    expect(input).toMatchObject({
      ok: true,
      event: {
        type: "start",
        requestedAt: Date.parse("2026-11-27T00:00:00Z"),
        startAt: Date.parse("2026-11-27T23:00:00Z"),
        expiresAt: Date.parse("2026-11-28T00:00:00Z"),
        maxStartDelayMs: 7_200_000,
        maxDurationMs: 86_400_000,
        steps: [{ window: { from: "08:00", to: "21:00", timeZone: "Asia/Seoul" } }],
      },
    });
    const bad = toInput(message(topics.flowStart, { flow: "reminder", phone: "01012345678", startAt: "tomorrow 8am" }), catalog);
    expect(bad).toMatchObject({ ok: false, code: "INVALID_MESSAGE", reason: expect.stringContaining("startAt") });
  });

  it("derives the instance id from the idempotency key when there is one", () => {
    const a = toInput(
      message(topics.flowStart, { flow: "welcome", phone: "01012345678", variables: { name: "x" }, idempotencyKey: "k" }, "01012345678", "1"),
      catalog,
    );
    const b = toInput(
      message(topics.flowStart, { flow: "welcome", phone: "01012345678", variables: { name: "x" }, idempotencyKey: "k" }, "01012345678", "2"),
      catalog,
    );
    expect(a.ok && b.ok && a.event.type === "start" && b.event.type === "start" && a.event.instanceId === b.event.instanceId).toBe(true);
  });

  it.each([
    ["not JSON", message(topics.flowStart, "{nope"), "INVALID_JSON"],
    ["a bad phone", message(topics.flowStart, { flow: "welcome", phone: "010-12", variables: { name: "x" } }), "INVALID_MESSAGE"],
    ["an unknown flow", message(topics.flowStart, { flow: "nope", phone: "01012345678" }), "UNKNOWN_FLOW"],
    ["missing variables", message(topics.flowStart, { flow: "welcome", phone: "01012345678" }), "MISSING_VARIABLES"],
    [
      "a key that is not the canonical phone",
      message(topics.flowStart, { flow: "welcome", phone: "01012345678", variables: { name: "x" } }, "010-1234-5678"),
      "WRONG_KEY",
    ],
    ["a report without REFKEY", message(topics.report, { phone: "01012345678", receivedAt: 1, source: "push", report: { RESULT: "7000" } }), "INVALID_MESSAGE"],
  ])("rejects %s with %s", (_, raw, code) => {
    const input = toInput(raw, catalog);
    expect(input).toMatchObject({ ok: false, code });
    if (!input.ok) expect(input.reason.length).toBeGreaterThan(5);
  });

  it("maps reports, dispatch results, timers and cancels", () => {
    const report = { DEVICE: "KAT", CMSGID: "c", MSGID: "m", PHONE: "01012345678", MEDIA: "SMS", UNIXTIME: "1", RESULT: "4100", REFKEY: "r-0-1" };
    expect(toInput(message(topics.report, { phone: "01012345678", receivedAt: 5, source: "push", report }), catalog)).toMatchObject({
      ok: true,
      receivedAt: 5,
      event: { type: "report", refkey: "r-0-1", result: "4100", media: "SMS" },
    });
    const ref = { phone: "01012345678", refkey: "r-0-1", instanceId: "r", flow: "welcome", step: 0, attempt: 1, at: 1 };
    expect(toInput(message(topics.dispatchResult, { ...ref, outcome: "accepted", messagekey: "mk" }), catalog)).toMatchObject({
      event: { type: "accepted", messagekey: "mk" },
    });
    expect(toInput(message(topics.dispatchResult, { ...ref, outcome: "rejected", code: "3001", description: "d" }), catalog)).toMatchObject({
      event: { type: "rejected", code: "3001" },
    });
    expect(toInput(message(topics.timer, { phone: "01012345678", instanceId: "r", step: 0, attempt: 1, kind: "timeout", dueAt: 1 }), catalog)).toMatchObject({
      event: { type: "timer", kind: "timeout" },
    });
    expect(toInput(message(topics.flowCancel, { phone: "01012345678", instanceId: "r" }), catalog)).toMatchObject({
      event: { type: "cancel", instanceId: "r" },
    });
  });
});
