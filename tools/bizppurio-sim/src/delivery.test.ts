import { describe, expect, it } from "vitest";
import { planDelivery } from "./delivery.js";
import { parseFaults } from "./faults.js";
import { seededRandom } from "./rng.js";
import { validateMessage } from "./validate.js";

const message = { account: "a", type: "at" as const, from: "0212345678", to: "01012345678", refkey: "r", text: "hi", templateCode: "T" };

describe("delivery plan", () => {
  it("replays the same plans from the same seed", () => {
    const faults = parseFaults({ rules: [{ template: "T", rate: 0.3, result: "7204" }], duplicateRate: 0.2 });
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 50 }, () => planDelivery(message, faults, random));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it("uses the fallback channel's delivered code when AlimTalk fails and a fallback exists", () => {
    const faults = parseFaults({ rules: [{ result: "7308" }] });
    const plan = planDelivery({ ...message, fallback: { type: "lms", text: "long" } }, faults, seededRandom(1));
    expect(plan).toMatchObject({ media: "LMS", result: "6600", delivered: true, kakaoResult: "7308", text: "long" });
  });
});

describe("message validation", () => {
  it("rejects an AL button with fewer than two app links, by the rule the catalog also checks", () => {
    const button = (links: Record<string, string>) => ({
      account: "a",
      from: "0212345678",
      to: "01012345678",
      refkey: "r",
      type: "at",
      content: { at: { senderkey: "k", templatecode: "T", message: "m", button: [{ name: "앱", type: "AL", ...links }] } },
    });
    expect(validateMessage(button({ scheme_ios: "app://x" }))).toMatchObject({ ok: false, reason: expect.stringContaining("AL (app link) button") });
    expect(validateMessage(button({ scheme_ios: "app://x", scheme_android: "app://x" }))).toMatchObject({ ok: true });
  });

  it("rejects an SMS over 90 bytes and a resend without its recontent", () => {
    const base = { account: "a", from: "0212345678", to: "01012345678", refkey: "r" };
    expect(validateMessage({ ...base, type: "sms", content: { sms: { message: "가".repeat(46) } } })).toMatchObject({ ok: false });
    const at = { ...base, type: "at", content: { at: { senderkey: "k", templatecode: "T", message: "m" } } };
    expect(validateMessage({ ...at, resend: { first: "sms" } })).toMatchObject({ ok: false, reason: expect.stringContaining("recontent.sms") });
    expect(validateMessage(at)).toMatchObject({ ok: true });
  });
});
