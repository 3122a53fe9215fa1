import { describe, expect, it } from "vitest";
import { backoffDelay } from "@sunseo/runtime";
import { classifyRequestError, classifyResponse } from "./classify.js";
import { BizppurioError } from "./errors.js";
import { HttpCallError } from "./http-post.js";
import { parseExpired } from "./expired.js";
import { toBizppurioRequest } from "./wire.js";

describe("classifyResponse", () => {
  it.each([
    [200, '{"code":1000,"description":"Success","messagekey":"k"}', "ok", false, false],
    [200, '{"code":2000,"description":"메시지가 유효하지 않음"}', "rejected", false, false],
    [400, '{"code":3012,"description":"x"}', "rejected", false, false],
    [404, '{"code":5001,"description":"x"}', "rejected", false, false],
    [401, '{"code":3002,"description":"x"}', "unauthorized", false, false],
    [429, "{}", "rate-limited", true, false],
    [429, "<html>Too Many Requests</html>", "rate-limited", true, false],
    [503, '{"code":9000}', "server", true, true],
    [500, '{"code":2000,"description":"x"}', "rejected", false, false],
    [502, "<html>Bad Gateway</html>", "bad-response", true, true],
    [504, "", "bad-response", true, true],
    [400, '{"code":9000}', "bad-response", false, true],
    [200, '{"code":1001}', "bad-response", false, true],
    [200, "not json", "bad-response", false, true],
  ])("%i %s -> %s (retriable %s, maybe sent %s)", (status, body, kind, retriable, maybeSent) => {
    const r = classifyResponse(status, body);
    if (kind === "ok") return expect(r).toMatchObject({ code: "1000" });
    expect(r).toBeInstanceOf(BizppurioError);
    expect(r).toMatchObject({ kind, retriable, details: { maybeSent } });
  });
});

describe("classifyRequestError", () => {
  it.each([
    ["ECONNREFUSED", false, false],
    ["ENOTFOUND", false, false],
    ["ECONNECTTIMEOUT", false, false],
    ["ECONNRESET", false, false],
    ["ECONNRESET", true, true],
    ["EPIPE", true, true],
    ["ETIMEDOUT", false, false],
    ["ETIMEDOUT", true, true],
  ])("%s, request fully written %s -> maybe sent %s", (code, uploaded, maybeSent) => {
    expect(classifyRequestError(new HttpCallError(code, code, uploaded)).details.maybeSent).toBe(maybeSent);
  });

  it("knows nothing of an error that does not say how far it got: maybe sent", () => {
    expect(classifyRequestError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })).details.maybeSent).toBe(true);
  });
});

describe("helpers", () => {
  it("parses the token expiry as Korean time", () => {
    expect(new Date(parseExpired("20201110185520")!).toISOString()).toBe("2020-11-10T09:55:20.000Z");
    expect(parseExpired("2020-11-10")).toBeUndefined();
  });

  it("backs off exponentially within the ceiling", () => {
    expect(backoffDelay(1, { baseMs: 100, maxMs: 1_000 }, () => 1)).toBe(100);
    expect(backoffDelay(4, { baseMs: 100, maxMs: 1_000 }, () => 1)).toBe(800);
    expect(backoffDelay(9, { baseMs: 100, maxMs: 1_000 }, () => 1)).toBe(1_000);
  });

  it("maps the contract's AlimTalk with buttons and LMS fallback to the /v3/message body", () => {
    const body = toBizppurioRequest("acct", {
      kind: "send",
      phone: "01012345678",
      refkey: "r1",
      instanceId: "i",
      flow: "f",
      step: 0,
      attempt: 1,
      createdAt: 0,
      message: {
        from: "0212345678",
        senderKey: "sk",
        templateCode: "T",
        text: "본문",
        buttons: [{ name: "열기", type: "WL", url_mobile: "https://x" }],
        fallback: { type: "lms", text: "긴 본문", subject: "제목" },
      },
    });
    expect(body).toEqual({
      account: "acct",
      type: "at",
      from: "0212345678",
      to: "01012345678",
      refkey: "r1",
      content: { at: { senderkey: "sk", templatecode: "T", message: "본문", button: [{ name: "열기", type: "WL", url_mobile: "https://x" }] } },
      resend: { first: "lms" },
      recontent: { lms: { message: "긴 본문", subject: "제목" } },
    });
  });

  it("maps a FriendTalk message to an ft request marked as advertising, without a template code", () => {
    const body = toBizppurioRequest("acct", {
      kind: "send",
      phone: "01012345678",
      refkey: "r2",
      instanceId: "i",
      flow: "promo",
      step: 0,
      attempt: 1,
      createdAt: 0,
      message: {
        from: "0212345678",
        senderKey: "sk",
        templateCode: "SPRING",
        channel: "ft",
        text: "(광고) 봄 할인",
        fallback: { type: "sms", text: "(광고) 봄 할인" },
      },
    });
    expect(body).toEqual({
      account: "acct",
      type: "ft",
      from: "0212345678",
      to: "01012345678",
      refkey: "r2",
      content: { ft: { senderkey: "sk", message: "(광고) 봄 할인", adflag: "Y" } },
      resend: { first: "sms" },
      recontent: { sms: { message: "(광고) 봄 할인" } },
    });
  });
});
