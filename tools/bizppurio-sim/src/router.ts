import type { IncomingMessage } from "node:http";
import { safeJson } from "@sunseo/bizppurio";
import { handleMessage, handleReportRequest } from "./gateway-api.js";
import { HttpAnswer } from "./http-answer.js";
import { handleSimApi } from "./sim-api.js";
import type { SimContext } from "./sim-context.js";
import type { RequestLogEntry } from "./state.js";

/** Picks the endpoint for a request whose body was read in full; notes its path in the log entry. */
export async function route(ctx: SimContext, req: IncomingMessage, raw: string, log: Partial<RequestLogEntry>): Promise<HttpAnswer> {
  const url = new URL(req.url ?? "/", "http://sim");
  const method = req.method ?? "GET";
  log.path = url.pathname;
  if (url.pathname === "/healthz") return new HttpAnswer(200, { ok: true });
  if (url.pathname.startsWith("/sim/")) return handleSimApi(ctx, method, url.pathname, url.searchParams, raw ? safeJson(raw) : undefined);
  if (method !== "POST") return HttpAnswer.api(404, "noResource");
  if (url.pathname === "/v1/token") return ctx.tokens.issue(req.headers.authorization);
  const body = safeJson(raw);
  if (body === undefined) return HttpAnswer.api(400, "invalidMessage", {}, "body is not JSON");
  if (url.pathname === "/v3/message") return handleMessage(ctx, req, body, log);
  if (url.pathname === "/v2/report") return handleReportRequest(ctx, req, body, log);
  return HttpAnswer.api(404, "noResource");
}
