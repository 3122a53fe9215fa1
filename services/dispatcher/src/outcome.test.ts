import { describe, expect, it } from "vitest";
import { BizppurioError } from "@sunseo/bizppurio";
import type { Dispatch } from "@sunseo/contracts";
import { decideAfterFailure, type SendRetryPolicy } from "./outcome.js";

const send: Extract<Dispatch, { kind: "send" }> = {
  kind: "send",
  phone: "01012345678",
  refkey: "inst-0-1",
  instanceId: "inst",
  flow: "signup",
  step: 0,
  attempt: 1,
  message: { from: "0212345678", senderKey: "sk", templateCode: "T0", text: "hi" },
  createdAt: 0,
};
const policy: SendRetryPolicy = { inPlace: { attempts: 2, baseMs: 100, maxMs: 1_000 }, delayedRetries: 2, delayed: { baseMs: 1_000, maxMs: 30_000 } };
const decide = (error: BizppurioError, attempt: number) => decideAfterFailure(send, error, attempt, policy, 42, () => 1);

const notTaken = new BizppurioError("rate-limited", "429", { retriable: true, maybeSent: false, status: 429 });
const maybeTaken = new BizppurioError("server", "503", { retriable: true, maybeSent: true, status: 503 });
const refused = new BizppurioError("rejected", "bad template", {
  retriable: false,
  maybeSent: false,
  status: 400,
  gatewayCode: "2000",
  description: "템플릿 불일치",
});

describe("decideAfterFailure", () => {
  it("never retries what the gateway may have taken: ambiguous at the first attempt", () => {
    expect(decide(maybeTaken, 1)).toMatchObject({ action: "result", result: { outcome: "ambiguous", refkey: "inst-0-1", at: 42 } });
  });

  it("retries a proven non-send quickly in place, then later, then gives up as rejected", () => {
    expect(decide(notTaken, 1)).toEqual({ action: "retry", delayMs: 100 });
    expect(decide(notTaken, 2)).toEqual({ action: "retry", delayMs: 1_000 });
    expect(decide(notTaken, 3)).toEqual({ action: "retry", delayMs: 2_000 });
    expect(decide(notTaken, 4)).toMatchObject({ action: "result", result: { outcome: "rejected", code: "RETRIES_EXHAUSTED" } });
  });

  it("a refusal is final at once, with the gateway's code and words", () => {
    expect(decide(refused, 1)).toMatchObject({ action: "result", result: { outcome: "rejected", code: "2000", description: "템플릿 불일치" } });
  });
});
