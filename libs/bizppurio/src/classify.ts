import { RequestError } from "got";
import { BizppurioError } from "./errors.js";

/** The gateway's JSON answer; `code` is documented as text but sent as a number. */
export interface ApiAnswer {
  code: string;
  description: string;
  [field: string]: unknown;
}

const PREVIEW_BYTES = 200;

/**
 * Pure: an HTTP answer -> the gateway's JSON (code 1000) or a classified error.
 * 5xx and 429 are transient; 401 is left to the token refresh; every other 4xx and any
 * non-1000 code is a permanent rejection carrying the gateway's code and description.
 */
export function classifyResponse(status: number, body: string, contentType = ""): ApiAnswer | BizppurioError {
  const transient = status >= 500 || status === 429;
  let json: unknown;
  try {
    json = contentType.includes("html") ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    const bodyPreview = body.slice(0, PREVIEW_BYTES);
    return new BizppurioError("bad-response", `gateway answered ${status} with a non-JSON body: ${JSON.stringify(bodyPreview)}`, {
      retriable: transient,
      status,
      bodyPreview,
    });
  }
  const record = json as Record<string, unknown>;
  const gatewayCode = record.code === undefined ? undefined : String(record.code);
  const description = typeof record.description === "string" ? record.description : "";
  const context = { status, ...(gatewayCode !== undefined ? { gatewayCode } : {}), description };
  if (status === 429) return new BizppurioError("rate-limited", `gateway rate limit (429) ${description}`.trim(), { retriable: true, ...context });
  if (status >= 500) return new BizppurioError("server", `gateway error ${status} code ${gatewayCode ?? "-"} ${description}`.trim(), { retriable: true, ...context });
  if (status === 401) return new BizppurioError("unauthorized", `gateway refused the credentials: code ${gatewayCode ?? "-"} ${description}`.trim(), { retriable: false, ...context });
  if (status >= 400 || status < 200 || gatewayCode !== "1000") {
    return new BizppurioError("rejected", `gateway rejected the request: ${status} code ${gatewayCode ?? "-"} ${description}`.trim(), { retriable: false, ...context });
  }
  return { ...record, code: gatewayCode, description };
}

const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Pure: a failure without an HTTP answer (got's RequestError family) -> transient error. */
export function classifyRequestError(err: unknown): BizppurioError {
  const code = err instanceof RequestError ? err.code : (err as { code?: string } | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === "ETIMEDOUT" || err instanceof Error && err.name === "TimeoutError") {
    // Timed out before a connection existed: the request cannot have reached the gateway.
    const event = (err as { event?: string }).event;
    const beforeSending = event === "lookup" || event === "connect" || event === "secureConnect";
    return new BizppurioError("timeout", `gateway did not answer in time: ${message}`, { retriable: true, maybeSent: !beforeSending, cause: err });
  }
  return new BizppurioError("network", `gateway unreachable (${code ?? "unknown"}): ${message}`, {
    retriable: true,
    maybeSent: code === undefined || !NOT_SENT.has(code),
    cause: err,
  });
}
