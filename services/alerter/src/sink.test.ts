import { describe, expect, it } from "vitest";
import { classify, parseRetryAfter } from "./sink.js";

describe("classify", () => {
  it("treats 2xx as delivered", () => expect(classify(204, undefined, "")).toEqual({ ok: true, status: 204 }));

  it("retries a 429 after its Retry-After", () => {
    expect(classify(429, "2", "")).toEqual({ ok: false, retriable: true, status: 429, reason: "HTTP 429", retryAfterMs: 2000 });
  });

  it("reads Discord's retry_after from the body when the header is absent", () => {
    expect(classify(429, undefined, '{"retry_after": 0.25}')).toMatchObject({ retryAfterMs: 250 });
  });

  it("retries 5xx with backoff (no wait given)", () => {
    expect(classify(503, undefined, "busy")).toEqual({ ok: false, retriable: true, status: 503, reason: "HTTP 503" });
  });

  it.each([400, 401, 403, 404])("does not retry %i", (status) => {
    expect(classify(status, undefined, "")).toMatchObject({ ok: false, retriable: false });
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  it.each([
    ["3", 3000],
    ["0.5", 500],
    ["Thu, 01 Jan 2026 00:00:10 GMT", 10_000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
  ])("%s -> %i ms", (value, ms) => expect(parseRetryAfter(value, now)).toBe(ms));

  it.each([undefined, "", "soon"])("ignores %j", (value) => expect(parseRetryAfter(value, now)).toBeUndefined());
});
