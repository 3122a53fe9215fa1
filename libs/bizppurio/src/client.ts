import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import got, { type Got } from "got";
import { z } from "zod";
import type { Logger } from "@sunseo/logger";
import type { Redis } from "@sunseo/redis";
import { backoffDelay, sleep, type RetryPolicy } from "./backoff.js";
import { classifyRequestError, classifyResponse, type ApiAnswer } from "./classify.js";
import { BizppurioError } from "./errors.js";
import { parseExpired } from "./expired.js";
import { RateLimiter } from "./rate-limit.js";
import { TokenStore, type IssuedToken } from "./token.js";
import type { MessageRequest, SendAccepted } from "./wire.js";

export type Endpoint = "token" | "message" | "report";

/** Hooks for metrics; the library itself stays free of a metrics registry. */
export interface ClientHooks {
  onRequest?(endpoint: Endpoint, status: number | "error", seconds: number): void;
  onRetry?(endpoint: Endpoint, error: BizppurioError): void;
  onTokenRefresh?(): void;
}

export interface BizppurioClientOptions {
  baseUrl: string;
  account: string;
  password: string;
  redis: Redis;
  /** SUNSEO_REDIS_PREFIX: the token, its lock and the rate window live under `${prefix}bizppurio:`. */
  keyPrefix: string;
  logger: Logger;
  /** Whole request (connect to last byte). */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Messages per second for the whole account, across instances; 0 = unlimited. */
  ratePerSecond?: number;
  /** Default retry of transient failures; a caller can pass a shorter one per call. */
  retry?: RetryPolicy;
  refreshAheadMs?: number;
  tokenLockTtlMs?: number;
  maxSockets?: number;
  hooks?: ClientHooks;
}

export interface BizppurioClient {
  /** The shared access token (issued or refreshed when needed). */
  getToken(): Promise<string>;
  /** POST /v3/message: resolves on code 1000 (accepted, not delivered), else throws BizppurioError. */
  send(request: MessageRequest, options?: { retry?: RetryPolicy }): Promise<SendAccepted>;
  /** POST /v2/report: asks the gateway to push the report of this message again. */
  requestReport(messagekey: string, options?: { retry?: RetryPolicy }): Promise<ApiAnswer>;
  close(): void;
}

const tokenAnswerSchema = z.object({ accesstoken: z.string().min(1), type: z.string(), expired: z.string() });
const acceptedSchema = z.object({ refkey: z.string(), messagekey: z.string().min(1) });

export function createBizppurioClient(o: BizppurioClientOptions): BizppurioClient {
  const retry = o.retry ?? { attempts: 4, baseMs: 100, maxMs: 2_000 };
  const hooks = o.hooks ?? {};
  const log = o.logger.child({ component: "bizppurio" });
  const agentOptions = { keepAlive: true, maxSockets: o.maxSockets ?? 64 };
  const agent = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const http: Got = got.extend({
    prefixUrl: o.baseUrl,
    agent,
    timeout: { connect: o.connectTimeoutMs ?? 2_000, request: o.requestTimeoutMs ?? 5_000 },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: "text",
    headers: { "content-type": "application/json; charset=utf-8" },
  });
  const limiter = new RateLimiter(o.redis, o.keyPrefix, o.ratePerSecond ?? 0);

  /** One HTTP call, classified; never throws anything but BizppurioError. */
  async function post(endpoint: Endpoint, path: string, authorization: string, json?: unknown): Promise<ApiAnswer> {
    const started = performance.now();
    try {
      const res = await http.post(path, { headers: { authorization }, ...(json === undefined ? {} : { json }) });
      hooks.onRequest?.(endpoint, res.statusCode, (performance.now() - started) / 1000);
      const answer = classifyResponse(res.statusCode, res.body, String(res.headers["content-type"] ?? ""));
      if (answer instanceof BizppurioError) throw answer;
      return answer;
    } catch (err) {
      if (err instanceof BizppurioError) throw err;
      hooks.onRequest?.(endpoint, "error", (performance.now() - started) / 1000);
      throw classifyRequestError(err);
    }
  }

  /**
   * Retries transient failures with backoff and jitter, bounded by the policy. A send is
   * never repeated once it may have reached the gateway (a timeout after the request went
   * out): the gateway does not deduplicate refkeys, so the phone would get it twice.
   */
  async function withRetry<T>(endpoint: Endpoint, policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
    let maybeSent = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const e = err instanceof BizppurioError ? err : classifyRequestError(err);
        maybeSent ||= e.details.maybeSent === true;
        const resendRisk = endpoint === "message" && maybeSent;
        if (!e.retriable || resendRisk || attempt >= policy.attempts) throw e.withAttempts(attempt, maybeSent);
        hooks.onRetry?.(endpoint, e);
        log.debug({ endpoint, attempt, kind: e.kind, status: e.details.status }, "gateway call failed, retrying");
        await sleep(backoffDelay(attempt, policy));
      }
    }
  }

  const basic = `Basic ${Buffer.from(`${o.account}:${o.password}`).toString("base64")}`;
  async function issue(): Promise<IssuedToken> {
    const answer = await withRetry("token", retry, async () => {
      const started = performance.now();
      try {
        const res = await http.post("v1/token", { headers: { authorization: basic } });
        hooks.onRequest?.("token", res.statusCode, (performance.now() - started) / 1000);
        // The token answer has no `code`: anything but 200 + the documented fields is an error.
        const parsed = res.statusCode === 200 ? safeJson(res.body) : undefined;
        const token = tokenAnswerSchema.safeParse(parsed);
        if (token.success) return token.data;
        const failure = classifyResponse(res.statusCode === 200 ? 502 : res.statusCode, res.body, String(res.headers["content-type"] ?? ""));
        throw failure instanceof BizppurioError
          ? failure
          : new BizppurioError("bad-response", `token answer without accesstoken/expired (status ${res.statusCode})`, { retriable: false, status: res.statusCode });
      } catch (err) {
        if (err instanceof BizppurioError) throw err;
        hooks.onRequest?.("token", "error", (performance.now() - started) / 1000);
        throw classifyRequestError(err);
      }
    });
    const expiresAt = parseExpired(answer.expired);
    if (expiresAt === undefined) {
      throw new BizppurioError("bad-response", `token "expired" is not yyyyMMddHHmmss: ${JSON.stringify(answer.expired.slice(0, 20))}`, { retriable: false });
    }
    hooks.onTokenRefresh?.();
    log.info({ expiresAt: new Date(expiresAt).toISOString() }, "Bizppurio access token issued");
    return { accesstoken: answer.accesstoken, expiresAt };
  }

  const tokens = new TokenStore({
    redis: o.redis,
    keyPrefix: o.keyPrefix,
    issue,
    refreshAheadMs: o.refreshAheadMs ?? 10 * 60_000,
    lockTtlMs: o.tokenLockTtlMs ?? 10_000,
  });

  /** An authorised call: on a 401 the token is dropped, refreshed once, and the call retried once. */
  async function authorised(endpoint: Endpoint, path: string, json: unknown): Promise<ApiAnswer> {
    const token = await tokens.get();
    try {
      return await post(endpoint, path, `Bearer ${token}`, json);
    } catch (err) {
      if (!(err instanceof BizppurioError) || err.kind !== "unauthorized") throw err;
      log.info({ endpoint }, "gateway refused the token, refreshing once");
      await tokens.invalidate(token);
      return post(endpoint, path, `Bearer ${await tokens.get()}`, json);
    }
  }

  return {
    getToken: () => tokens.get(),
    async send(request, options) {
      const answer = await withRetry("message", options?.retry ?? retry, async () => {
        await limiter.acquire();
        return authorised("message", "v3/message", request);
      });
      const accepted = acceptedSchema.safeParse(answer);
      if (!accepted.success) {
        throw new BizppurioError("bad-response", "gateway accepted the message without a messagekey", { retriable: false, status: 200 });
      }
      return { code: "1000", description: answer.description, refkey: accepted.data.refkey, messagekey: accepted.data.messagekey };
    },
    requestReport(messagekey, options) {
      return withRetry("report", options?.retry ?? retry, () => authorised("report", "v2/report", { account: o.account, messagekey }));
    },
    close() {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
