import { z } from "zod";
import type { Logger } from "@sunseo/logger";
import type { Redis } from "@sunseo/redis";
import { backoffDelay, sleep, type RetryPolicy } from "@sunseo/runtime";
import { classifyRequestError, classifyResponse, type ApiAnswer } from "./classify.js";
import { BizppurioError } from "./errors.js";
import { createHttpPoster } from "./http-post.js";
import { parseExpired } from "./expired.js";
import { RateLimiter } from "./rate-limit.js";
import { safeJson } from "./safe-json.js";
import { Slots } from "./slots.js";
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

/** What became of one send. */
export type SendOutcome =
  /** Code 1000: the gateway took it (accepted, not delivered). */
  | { kind: "accepted"; accepted: SendAccepted }
  /** The caller's claim said no: nothing was written. */
  | { kind: "not-claimed" }
  /** It failed; `error.details.maybeSent` says whether the gateway may have taken it anyway. */
  | { kind: "failed"; error: BizppurioError };

export interface SendOptions {
  /**
   * Called right before the request is written, once the rate limiter, the token and a
   * socket are ready: false means do not send. Lets the caller record "may have been sent"
   * as close to the write as possible.
   */
  claim?: () => Promise<boolean>;
}

export interface BizppurioClient {
  /** The shared access token (issued or refreshed when needed). */
  getToken(): Promise<string>;
  /**
   * POST /v3/message, one attempt, never retried here: Bizppurio does not deduplicate
   * refkeys, so only the caller can know whether trying again is safe. Throws only for
   * failures of its own Redis (rate limiter, shared token) before any claim.
   */
  send(request: MessageRequest, options?: SendOptions): Promise<SendOutcome>;
  /** POST /v2/report: asks the gateway to push the report of this message again (retried: asking twice is harmless). */
  requestReport(messagekey: string, options?: { retry?: RetryPolicy }): Promise<ApiAnswer>;
  close(): void;
}

const tokenAnswerSchema = z.object({ accesstoken: z.string().min(1), type: z.string(), expired: z.string() });
const acceptedSchema = z.object({ refkey: z.string(), messagekey: z.string().min(1) });

export function createBizppurioClient(o: BizppurioClientOptions): BizppurioClient {
  const retry = o.retry ?? { attempts: 4, baseMs: 100, maxMs: 2_000 };
  const hooks = o.hooks ?? {};
  const log = o.logger.child({ component: "bizppurio" });
  const maxSockets = o.maxSockets ?? 64;
  const slots = new Slots(maxSockets);
  const http = createHttpPoster({
    baseUrl: o.baseUrl,
    maxSockets,
    connectTimeoutMs: o.connectTimeoutMs ?? 2_000,
    requestTimeoutMs: o.requestTimeoutMs ?? 5_000,
  });
  const limiter = new RateLimiter(o.redis, o.keyPrefix, o.ratePerSecond ?? 0);

  /** One HTTP call, classified; never throws anything but BizppurioError. */
  async function post(endpoint: Endpoint, path: string, authorization: string, json?: unknown): Promise<ApiAnswer> {
    const started = performance.now();
    try {
      const res = await http.post(path, { authorization }, json === undefined ? undefined : JSON.stringify(json));
      hooks.onRequest?.(endpoint, res.status, (performance.now() - started) / 1000);
      const answer = classifyResponse(res.status, res.body, res.contentType);
      if (answer instanceof BizppurioError) throw answer;
      return answer;
    } catch (err) {
      if (err instanceof BizppurioError) throw err;
      hooks.onRequest?.(endpoint, "error", (performance.now() - started) / 1000);
      throw classifyRequestError(err);
    }
  }

  /** Retries transient failures of calls that are safe to repeat (token, report re-request). */
  async function withRetry<T>(endpoint: Endpoint, policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const e = err instanceof BizppurioError ? err : classifyRequestError(err);
        if (!e.retriable || attempt >= policy.attempts) throw e.withAttempts(attempt, false);
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
        const res = await http.post("v1/token", { authorization: basic });
        hooks.onRequest?.("token", res.status, (performance.now() - started) / 1000);
        // The token answer has no `code`: anything but 200 + the documented fields is an error.
        const parsed = res.status === 200 ? safeJson(res.body) : undefined;
        const token = tokenAnswerSchema.safeParse(parsed);
        if (token.success) return token.data;
        const failure = classifyResponse(res.status === 200 ? 502 : res.status, res.body, res.contentType);
        throw failure instanceof BizppurioError
          ? failure
          : new BizppurioError("bad-response", `token answer without accesstoken/expired (status ${res.status})`, { retriable: false, status: res.status });
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

  /** An authorised call: on a 401 the token is dropped, refreshed once, and the call retried once (a 401 proves nothing was taken). */
  async function authorised(endpoint: Endpoint, path: string, json: unknown, token: string): Promise<ApiAnswer> {
    try {
      return await post(endpoint, path, `Bearer ${token}`, json);
    } catch (err) {
      if (!(err instanceof BizppurioError) || err.kind !== "unauthorized") throw err;
      log.info({ endpoint }, "gateway refused the token, refreshing once");
      let fresh: string;
      try {
        await tokens.invalidate(token);
        fresh = await tokens.get();
      } catch (cause) {
        throw cause instanceof BizppurioError
          ? cause.asNotSent()
          : new BizppurioError("unauthorized", `token refresh failed: ${(cause as Error).message}`, { retriable: true, maybeSent: false, cause });
      }
      return post(endpoint, path, `Bearer ${fresh}`, json);
    }
  }

  async function sendOnce(request: MessageRequest, claim: SendOptions["claim"]): Promise<SendOutcome> {
    await limiter.acquire();
    let token: string;
    try {
      token = await tokens.get();
    } catch (err) {
      // No token, no request: whatever the token call's answer was, the message was not written.
      if (err instanceof BizppurioError) return { kind: "failed", error: err.asNotSent() };
      throw err;
    }
    return slots.run(async () => {
      if (claim && !(await claim())) return { kind: "not-claimed" };
      let answer: ApiAnswer;
      try {
        answer = await authorised("message", "v3/message", request, token);
      } catch (err) {
        return { kind: "failed", error: err instanceof BizppurioError ? err : classifyRequestError(err) };
      }
      const accepted = acceptedSchema.safeParse(answer);
      if (!accepted.success) {
        // Code 1000 says it was taken; without its messagekey we cannot follow it, but must not resend it.
        return {
          kind: "failed",
          error: new BizppurioError("bad-response", "gateway accepted the message without a messagekey", { retriable: false, maybeSent: true, status: 200 }),
        };
      }
      return {
        kind: "accepted",
        accepted: { code: "1000", description: answer.description, refkey: accepted.data.refkey, messagekey: accepted.data.messagekey },
      };
    });
  }

  return {
    getToken: () => tokens.get(),
    send: (request, options) => sendOnce(request, options?.claim),
    requestReport(messagekey, options) {
      return withRetry("report", options?.retry ?? retry, async () =>
        authorised("report", "v2/report", { account: o.account, messagekey }, await tokens.get()),
      );
    },
    close() {
      http.close();
    },
  };
}
