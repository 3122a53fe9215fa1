import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@sunseo/bizppurio-sim";
import { eventually, testContext, type TestContext } from "@sunseo/testing";
import { createBizppurioClient, type BizppurioClient, type BizppurioClientOptions } from "./client.js";
import { BizppurioError } from "./errors.js";
import type { MessageRequest } from "./wire.js";

/** Contract tests: the client against the simulator, over real HTTP and a real Redis. */
let ctx: TestContext;
let sim: Simulator;
let client: BizppurioClient;
const fast = { attempts: 3, baseMs: 5, maxMs: 20 };

const makeClient = (over: Partial<BizppurioClientOptions> = {}) =>
  createBizppurioClient({
    baseUrl: sim.url,
    account: "acct",
    password: "pw",
    redis: ctx.redis,
    keyPrefix: ctx.redisPrefix,
    logger: ctx.logger,
    retry: fast,
    requestTimeoutMs: 1_000,
    ...over,
  });

const common = { account: "acct", from: "0212345678", to: "01012345678" };
const at = (refkey: string): MessageRequest => ({
  ...common,
  refkey,
  type: "at",
  content: { at: { senderkey: "sk", templatecode: "T1", message: "상담이 시작됩니다", button: [{ name: "열기", type: "WL", url_mobile: "https://x.kr" }] } },
  resend: { first: "sms" },
  recontent: { sms: { message: "상담 시작" } },
});

beforeAll(async () => {
  ctx = await testContext("bizppurio-client");
  sim = await startSimulator({ account: "acct", password: "pw", faults: { delivery: { minMs: 0, maxMs: 5 } } });
});
afterAll(async () => {
  await sim.close();
  await ctx.cleanup();
});
beforeEach(async () => {
  sim.reset();
  sim.configure({ delivery: { minMs: 0, maxMs: 5 } });
  await ctx.redis.del(`${ctx.redisPrefix}bizppurio:token`);
  client = makeClient();
});
afterEach(() => client.close());

describe("Bizppurio client against the simulator", () => {
  it.each<[string, MessageRequest]>([
    ["at", at("ref-at")],
    ["ai", { ...common, refkey: "ref-ai", type: "ai", content: { ai: { senderkey: "sk", templatecode: "IMG1", message: "이미지 알림톡" } } }],
    ["ft", { ...common, refkey: "ref-ft", type: "ft", content: { ft: { senderkey: "sk", message: "친구톡", adflag: "N" } } }],
    ["sms", { ...common, refkey: "ref-sms", type: "sms", content: { sms: { message: "짧은 문자" } } }],
    ["lms", { ...common, refkey: "ref-lms", type: "lms", content: { lms: { message: "긴 문자 ".repeat(40), subject: "제목" } } }],
  ])("sends %s and gets code 1000 with a messagekey", async (type, request) => {
    const accepted = await client.send(request);
    expect(accepted).toMatchObject({ code: "1000", refkey: request.refkey });
    expect(accepted.messagekey).toMatch(new RegExp(`#${type}\\d+sim$`));
    await sim.idle();
    expect(sim.received("01012345678").map((r) => r.refkey)).toEqual([request.refkey]);
  });

  it("asks for one token and reuses it from Redis", async () => {
    await client.send(at("r1"));
    const other = makeClient();
    await other.send(at("r2"));
    other.close();
    expect(sim.stats().tokensIssued).toBe(1);
  });

  it("refreshes a token that is about to expire, ahead of its expiry", async () => {
    const shortLived = await startSimulator({ account: "acct", password: "pw", tokenTtlMs: 3_000 });
    const local = makeClient({ baseUrl: shortLived.url, refreshAheadMs: 2_000 });
    const first = await local.getToken();
    expect(await local.getToken()).toBe(first);
    await new Promise((r) => setTimeout(r, 1_600));
    const second = await local.getToken();
    expect(second).not.toBe(first);
    expect(shortLived.stats().tokensIssued).toBe(2);
    local.close();
    await shortLived.close();
  });

  it("on a 401 (expired token) refreshes once and retries", async () => {
    await client.send(at("r1"));
    sim.expireTokens();
    await expect(client.send(at("r2"))).resolves.toMatchObject({ code: "1000" });
    expect(sim.stats().tokensIssued).toBe(2);
    expect(sim.requests("/v3/message").map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it("fails permanently on wrong credentials, without retrying", async () => {
    client.close();
    client = makeClient({ password: "wrong" });
    const err = await client.getToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BizppurioError);
    expect(err).toMatchObject({ kind: "unauthorized", retriable: false, details: { status: 401, gatewayCode: "3007" } });
    expect(sim.requests("/v1/token")).toHaveLength(1);
    expect(String(err)).not.toContain("wrong");
  });

  it("retries a 5xx with backoff, then succeeds", async () => {
    sim.configure({ http: { errorRate: 0.5, errorStatus: 503 } });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => client.send(at(`r${i}`), { retry: { attempts: 10, baseMs: 1, maxMs: 5 } })));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(sim.requests("/v3/message").some((r) => r.status === 503)).toBe(true);
  });

  it("gives up on a persistent 5xx after the bounded attempts, as retriable", async () => {
    sim.configure({ http: { errorRate: 1, errorStatus: 500 } });
    const err = await client.send(at("r1")).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "server", retriable: true, details: { status: 500, gatewayCode: "9000", attempts: 3, maybeSent: false } });
    expect(sim.requests("/v3/message")).toHaveLength(3);
  });

  it("treats a 4xx as permanent: no retry, the gateway's code and description kept", async () => {
    const bad = at("r1") as Extract<MessageRequest, { type: "at" }>;
    const err = await client.send({ ...bad, content: { at: { ...bad.content.at, templatecode: "" } } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rejected", retriable: false, details: { status: 400, gatewayCode: "2000" } });
    expect((err as BizppurioError).details.description).toContain("templatecode");
    expect(sim.requests("/v3/message")).toHaveLength(1);
  });

  it("reports an HTML error page clearly, with the status and the first bytes", async () => {
    sim.configure({ http: { htmlRate: 1 } });
    const err = await client.send(at("r1")).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "bad-response", retriable: true, details: { status: 502 } });
    expect((err as BizppurioError).details.bodyPreview).toContain("502 Bad Gateway");
    expect((err as Error).message).toContain("non-JSON");
  });

  it("times out a slow gateway, marks the send as maybe sent, and never sends it again", async () => {
    sim.configure({ http: { slowRate: 1, slowMs: 1_500 } });
    client.close();
    client = makeClient({ requestTimeoutMs: 200 });
    const err = await client.send(at("r1"), { retry: { attempts: 3, baseMs: 1, maxMs: 1 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "timeout", details: { attempts: 1, maybeSent: true } });
    // The gateway has no refkey deduplication: a second request would reach the phone twice.
    // The simulator logs a request when it answers (after slowMs); a resend would have gone out at once.
    await sim.idle();
    await eventually(() => expect(sim.requests("/v3/message").filter((r) => r.refkey === "r1")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.requests("/v3/message").filter((r) => r.refkey === "r1")).toHaveLength(1);
  });

  it("re-requests a report (/v2/report) and answers 3012 for an unknown messagekey", async () => {
    const { messagekey } = await client.send(at("r1"));
    await sim.idle();
    await expect(client.requestReport(messagekey)).resolves.toMatchObject({ code: "1000" });
    await expect(client.requestReport("nope")).rejects.toMatchObject({ kind: "rejected", details: { gatewayCode: "3012" } });
  });

  it("keeps the shared send rate", async () => {
    client.close();
    client = makeClient({ ratePerSecond: 5 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.send(at(`r${i}`))));
    // 12 messages at 5/s need at least two window changes.
    const seconds = new Set(sim.requests("/v3/message").map((r) => Math.floor(r.at / 1000)));
    expect(seconds.size).toBeGreaterThanOrEqual(3);
    expect(Date.now()).toBeGreaterThan(started);
  });
});
