import { describe, expect, it } from "vitest";
import type { PlannedStart } from "@sunseo/demo";
import type { Catalog } from "@sunseo/flows";
import { judge, type JudgeInput } from "./judge.js";
import type { ObservedFlow } from "./observer.js";

const step = { template: "T", text: "t", await: "delivered" as const, timeoutMs: 30_000, onTimeout: "halt" as const, delayMs: 0 };
const catalog: Catalog = {
  from: "0212345678",
  senderKey: "k",
  flows: new Map([
    [
      "f",
      {
        name: "f",
        lane: "recipient",
        variables: [],
        steps: [
          { ...step, name: "a" },
          { ...step, name: "b" },
        ],
      },
    ],
  ]),
};
const start = (key: string, phone = "01012345678"): PlannedStart => ({ flow: "teacher-onboarding", phone, variables: {}, idempotencyKey: key });
const flow = (instanceId: string, key: string, terminal?: ObservedFlow["terminal"], endedStep?: number): ObservedFlow => ({
  instanceId,
  flow: "f",
  phone: "01012345678",
  idempotencyKey: key,
  laterTerminals: [],
  ...(terminal ? { terminal, endedAt: 1, ...(endedStep === undefined ? {} : { endedStep }) } : {}),
});
const on = (refkey: string) => ({ refkey, templateCode: "T", media: "KAT", sharesLane: true });

const input = (over: Partial<JudgeInput>): JudgeInput => ({
  plan: [],
  catalog,
  phones: new Map(),
  deliveries: [],
  observed: { flows: new Map(), ambiguous: new Set(), reports: new Set() },
  posts: [],
  pushes: [],
  sends: [],
  kills: [],
  ...over,
});
const held = (verdict: ReturnType<typeof judge>) => Object.fromEntries(verdict.checks.map((c) => [c.promise, c.figure]));

describe("judge", () => {
  it("finds open flows, flows started twice, unalerted failures, unflagged repeats and unstored reports", () => {
    const flows = new Map([
      ["i1", flow("i1", "k1", "completed")],
      ["i2", flow("i2", "k2")],
      ["i3", flow("i3", "k3", "failed", 0)],
      ["i4a", flow("i4a", "k4", "timed_out", 1)],
      ["i4b", flow("i4b", "k4", "completed")],
    ]);
    const verdict = judge(
      input({
        plan: [start("k1"), start("k2"), start("k3"), start("k4"), start("k5")],
        phones: new Map([["01012345678", [on("i1-0-1"), on("i1-1-1"), on("i1-1-1"), on("i4a-0-1"), on("i4a-0-1"), on("i4a-1-1")]]]),
        observed: { flows, ambiguous: new Set(["i4a-0-1"]), reports: new Set(["i1-0-1 7000"]) },
        pushes: [
          { seq: 1, refkey: "i1-0-1", messagekey: "m", phone: "01012345678", result: "7000", at: 1, attempt: 1 },
          { seq: 2, refkey: "i1-1-1", messagekey: "m", phone: "01012345678", result: "7000", at: 2, attempt: 1 },
        ],
        sends: [{ seq: 1, at: 1, method: "POST", path: "/v3/message", status: 200, refkey: "i4a-1-1" }],
      }),
    );
    expect(held(verdict)).toMatchObject({
      "every flow ends in a terminal flow-event": "2",
      "no flow started twice for one idempotency key": "1",
      "no step received twice that was not flagged ambiguous": "1",
      "every failed or timed-out flow alerted": "2",
      "no report acknowledged (200) but absent from the report topic": "1",
      "p99 resume after a kill <= 10 s": "no sample",
    });
    expect(verdict.duplicates).toEqual({ flaggedAmbiguous: 1, unflagged: 1 });
    expect(verdict.timedOutButDelivered).toEqual(["i4a step 1 (f, 010-****-5678)"]);
    expect(verdict.timedOutNeverSent).toEqual([]);
    expect(verdict.checks.find((c) => c.promise.startsWith("every flow ends"))!.examples.join("\n")).not.toContain("01012345678");
  });
});
