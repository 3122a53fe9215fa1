import { BizppurioError } from "./errors.js";

/** The gateway's JSON answer; `code` is documented as text but sent as a number. */
export interface ApiAnswer {
  code: string;
  description: string;
  [field: string]: unknown;
}

const PREVIEW_BYTES = 200;

/**
 * The gateway's own codes that say it refused the request before doing anything with it:
 * 2xxx the message is invalid, 3xxx authentication and account, 5001 no such resource.
 * Anything else it answers (9000 "unknown error" included) may have followed processing.
 */
export const isRefusalCode = (code: string): boolean => /^[23]\d{3}$/.test(code) || code === "5001";

/**
 * Pure: an HTTP answer -> the gateway's JSON (code 1000) or a classified error. Bizppurio
 * does not deduplicate refkeys, so what matters most is whether the answer PROVES the
 * request was not taken: a 429, a 401, or the gateway's own JSON with a refusal code. Every
 * other failure (5xx, an HTML page from a proxy, a code we cannot read) is `maybeSent`:
 * never resent, resolved by the delivery report or the step's timeout.
 */
export function classifyResponse(status: number, body: string, contentType = ""): ApiAnswer | BizppurioError {
  let json: unknown;
  try {
    json = contentType.includes("html") ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  const record = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (status === 429) {
    const description = typeof record?.description === "string" ? record.description : "";
    return new BizppurioError("rate-limited", `gateway rate limit (429) ${description}`.trim(), { retriable: true, maybeSent: false, status });
  }
  if (record === undefined) {
    const bodyPreview = body.slice(0, PREVIEW_BYTES);
    return new BizppurioError("bad-response", `gateway answered ${status} with a non-JSON body: ${JSON.stringify(bodyPreview)}`, {
      retriable: status >= 500,
      maybeSent: true,
      status,
      bodyPreview,
    });
  }
  const gatewayCode = record.code === undefined ? undefined : String(record.code);
  const description = typeof record.description === "string" ? record.description : "";
  const context = { status, ...(gatewayCode !== undefined ? { gatewayCode } : {}), description };
  if (status === 401)
    return new BizppurioError("unauthorized", `gateway refused the credentials: code ${gatewayCode ?? "-"} ${description}`.trim(), {
      retriable: false,
      maybeSent: false,
      ...context,
    });
  if (gatewayCode !== undefined && isRefusalCode(gatewayCode)) {
    return new BizppurioError("rejected", `gateway rejected the request: ${status} code ${gatewayCode} ${description}`.trim(), {
      retriable: false,
      maybeSent: false,
      ...context,
    });
  }
  if (status >= 500)
    return new BizppurioError("server", `gateway error ${status} code ${gatewayCode ?? "-"} ${description}`.trim(), {
      retriable: true,
      maybeSent: true,
      ...context,
    });
  if (status < 200 || status >= 300 || gatewayCode !== "1000") {
    return new BizppurioError("bad-response", `gateway answered ${status} code ${gatewayCode ?? "-"} ${description}`.trim(), {
      retriable: false,
      maybeSent: true,
      ...context,
    });
  }
  return { ...record, code: gatewayCode, description };
}

const NO_CONNECTION = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNECTTIMEOUT"]);

/**
 * Pure: a failure without an HTTP answer. The request cannot have been taken when no
 * connection was made, or when our request had not been handed to the operating system in
 * full yet (`uploaded` is set once its last byte was): the gateway needs the whole JSON body
 * to act. Any other failure, a reset or a timeout after the upload included, may have
 * followed the gateway taking the message.
 */
export function classifyRequestError(err: unknown): BizppurioError {
  const { code, uploaded = true } = (err ?? {}) as { code?: string; uploaded?: boolean };
  const message = err instanceof Error ? err.message : String(err);
  const maybeSent = !(code !== undefined && NO_CONNECTION.has(code)) && uploaded;
  return code === "ETIMEDOUT" || code === "ECONNECTTIMEOUT"
    ? new BizppurioError("timeout", `gateway did not answer in time: ${message}`, { retriable: true, maybeSent, cause: err })
    : new BizppurioError("network", `gateway unreachable (${code ?? "unknown"}): ${message}`, { retriable: true, maybeSent, cause: err });
}
