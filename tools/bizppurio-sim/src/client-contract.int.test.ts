import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BizppurioError,
  bizppurioKeys,
  createBizppurioClient,
  type BizppurioClient,
  type BizppurioClientOptions,
  type MessageRequest,
  type SendOutcome,
} from "@sunseo/bizppurio";
import { freePort, testContext, type TestContext } from "@sunseo/testing";
import { startSimulator, type Simulator } from "./simulator.js";

/**
 * Contract tests: libs/bizppurio's client against the simulator, over real HTTP and a real
 * Redis. They live here, not in libs/bizppurio, because the simulator checks requests with
 * that library's wire schema: a test dependency the other way round would be a cycle.
 */
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
  await ctx.redis.del(bizppurioKeys(ctx.redisPrefix).token);
  client = makeClient();
});
afterEach(() => client.close());

/** The messagekey of a send the gateway took; fails the test otherwise. */
async function accepted(sending: Promise<SendOutcome>): Promise<string> {
  const outcome = await sending;
  if (outcome.kind !== "accepted") throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
  return outcome.accepted.messagekey;
}

async function failure(sending: Promise<SendOutcome>): Promise<BizppurioError> {
  const outcome = await sending;
  if (outcome.kind !== "failed") throw new Error(`expected a failure, got ${outcome.kind}`);
  return outcome.error;
}

describe("Bizppurio client against the simulator", () => {
  it.each<[string, MessageRequest]>([
    ["at", at("ref-at")],
    ["ai", { ...common, refkey: "ref-ai", type: "ai", content: { ai: { senderkey: "sk", templatecode: "IMG1", message: "이미지 알림톡" } } }],
    ["ft", { ...common, refkey: "ref-ft", type: "ft", content: { ft: { senderkey: "sk", message: "친구톡", adflag: "N" } } }],
    ["sms", { ...common, refkey: "ref-sms", type: "sms", content: { sms: { message: "짧은 문자" } } }],
    ["lms", { ...common, refkey: "ref-lms", type: "lms", content: { lms: { message: "긴 문자 ".repeat(40), subject: "제목" } } }],
  ])("sends %s and gets code 1000 with a messagekey", async (type, request) => {
    expect(await accepted(client.send(request))).toMatch(new RegExp(`#${type}\\d+sim$`));
    await sim.idle();
    expect(sim.received("01012345678").map((r) => r.refkey)).toEqual([request.refkey]);
  });

  it("asks for one token and reuses it from Redis", async () => {
    await accepted(client.send(at("r1")));
    const other = makeClient();
    await accepted(other.send(at("r2")));
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

  it("on a 401 (expired token) refreshes once and writes the send again: a 401 proves nothing was taken", async () => {
    await accepted(client.send(at("r1")));
    sim.expireTokens();
    await accepted(client.send(at("r2")));
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

  it("a 429 proves the message was not taken: retriable, never maybe sent", async () => {
    sim.configure({ http: { errorRate: 1, errorStatus: 429 } });
    expect(await failure(client.send(at("r1")))).toMatchObject({ kind: "rate-limited", retriable: true, details: { status: 429, maybeSent: false } });
  });

  it("the gateway's own refusal code proves nothing was taken: permanent, its code and description kept", async () => {
    const bad = at("r1") as Extract<MessageRequest, { type: "at" }>;
    const err = await failure(client.send({ ...bad, content: { at: { ...bad.content.at, templatecode: "" } } }));
    expect(err).toMatchObject({ kind: "rejected", retriable: false, details: { status: 400, gatewayCode: "2000", maybeSent: false } });
    expect(err.details.description).toContain("templatecode");
    expect(sim.requests("/v3/message")).toHaveLength(1);
  });

  it("a connection refused proves nothing was written", async () => {
    await client.getToken(); // shared through Redis: the client below needs no /v1/token
    const local = makeClient({ baseUrl: `http://127.0.0.1:${await freePort()}` });
    expect(await failure(local.send(at("r1")))).toMatchObject({ kind: "network", retriable: true, details: { maybeSent: false } });
    local.close();
  });

  it.each([
    ["a 5xx with the gateway's unknown-error code", { http: { errorRate: 1, errorStatus: 500 } }, "server"],
    ["an HTML error page from a proxy", { http: { htmlRate: 1 } }, "bad-response"],
  ])("%s may follow the gateway taking the message: maybe sent, never retried here", async (_, faults, kind) => {
    sim.configure(faults);
    const err = await failure(client.send(at("r1")));
    expect(err).toMatchObject({ kind, details: { maybeSent: true } });
    expect(sim.requests("/v3/message")).toHaveLength(1);
  });

  it.each(["502-html", "504-html", "reset", "timeout"] as const)("the gateway took it, then %s: maybe sent, and the phone gets it once", async (fault) => {
    sim.configure({ delivery: { minMs: 0, maxMs: 5 }, afterTake: { rate: 1, kinds: [fault], holdMs: 5_000 } });
    const err = await failure(client.send(at("r1")));
    expect(err.details.maybeSent).toBe(true);
    await sim.idle();
    expect(sim.received("01012345678").map((r) => r.refkey)).toEqual(["r1"]);
  });

  it("times out a slow gateway and marks the send as maybe sent", async () => {
    sim.configure({ http: { slowRate: 1, slowMs: 1_500 } });
    client.close();
    client = makeClient({ requestTimeoutMs: 200 });
    expect(await failure(client.send(at("r1")))).toMatchObject({ kind: "timeout", details: { maybeSent: true } });
  });

  it("writes nothing when the claim says no", async () => {
    expect(await client.send(at("r1"), { claim: async () => false })).toEqual({ kind: "not-claimed" });
    expect(sim.requests("/v3/message")).toHaveLength(0);
  });

  it("claims a send only once a socket is free: a claim is never left waiting behind other requests", async () => {
    sim.configure({ http: { slowRate: 1, slowMs: 300 } });
    client.close();
    client = makeClient({ maxSockets: 1 });
    const answeredAtClaim: Record<string, number> = {};
    const send = (refkey: string) =>
      accepted(
        client.send(at(refkey), {
          claim: async () => {
            answeredAtClaim[refkey] = sim.requests("/v3/message").length;
            return true;
          },
        }),
      );
    await Promise.all([send("r1"), send("r2")]);
    expect(answeredAtClaim).toEqual({ r1: 0, r2: 1 });
  });

  it("re-requests a report (/v2/report) and answers 3012 for an unknown messagekey", async () => {
    const messagekey = await accepted(client.send(at("r1")));
    await sim.idle();
    await expect(client.requestReport(messagekey)).resolves.toMatchObject({ code: "1000" });
    await expect(client.requestReport("nope")).rejects.toMatchObject({ kind: "rejected", details: { gatewayCode: "3012" } });
  });

  it("keeps the shared send rate", async () => {
    client.close();
    client = makeClient({ ratePerSecond: 5 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => accepted(client.send(at(`r${i}`)))));
    // 12 messages at 5/s need at least two window changes.
    const seconds = new Set(sim.requests("/v3/message").map((r) => Math.floor(r.at / 1000)));
    expect(seconds.size).toBeGreaterThanOrEqual(3);
  });
});
