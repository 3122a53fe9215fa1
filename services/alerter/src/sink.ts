import { got } from "got";
import { discordPayload, slackPayload, type ChatMessage } from "./format.js";

export type PostOutcome = { ok: true; status: number } | { ok: false; retriable: boolean; status?: number; retryAfterMs?: number; reason: string };

/** A chat webhook. `post` never throws: every failure is an outcome that says whether to retry. */
export interface Sink {
  name: string;
  /** `signal` aborts the request (shutdown): the sink may or may not have taken it. */
  post(message: ChatMessage, signal?: AbortSignal): Promise<PostOutcome>;
}

export function createWebhookSink(name: "discord" | "slack", url: string, { timeoutMs }: { timeoutMs: number }): Sink {
  const toBody = name === "discord" ? discordPayload : slackPayload;
  return {
    name,
    async post(message, signal) {
      try {
        const res = await got.post(url, {
          json: toBody(message),
          // Retries are ours (deliver.ts): they honour Retry-After, keep the consumer alive and end in the dlq.
          retry: { limit: 0 },
          throwHttpErrors: false,
          timeout: { request: timeoutMs },
          ...(signal ? { signal } : {}),
          responseType: "text",
        });
        return classify(res.statusCode, res.headers["retry-after"], res.body);
      } catch (err) {
        // Network errors and timeouts: the sink may be back in a moment. The URL holds a token: never logged.
        return { ok: false, retriable: true, reason: `${name}: ${(err as { code?: string }).code ?? (err as Error).name}` };
      }
    },
  };
}

/** Maps a webhook's answer to an outcome; pure, so the rules are tested without a server. */
export function classify(status: number, retryAfter: string | string[] | undefined, body: string, now = Date.now()): PostOutcome {
  if (status >= 200 && status < 300) return { ok: true, status };
  const reason = `HTTP ${status}`;
  if (status === 429 || status >= 500 || status === 408) {
    const wait = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, now) ?? discordRetryAfter(body);
    return { ok: false, retriable: true, status, reason, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  // 400/401/403/404: a bad URL or a payload the sink refuses; retrying cannot help.
  return { ok: false, retriable: false, status, reason };
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Discord also states the wait in its JSON body as `retry_after` seconds (fractional). */
function discordRetryAfter(body: string): number | undefined {
  try {
    const seconds = (JSON.parse(body) as { retry_after?: unknown }).retry_after;
    return typeof seconds === "number" && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  } catch {
    return undefined;
  }
}
