import type { IncomingMessage } from "node:http";
import { scheduleDelivery } from "./delivery-scheduler.js";
import { HttpAnswer } from "./http-answer.js";
import { afterTake, injectHttpFault } from "./http-faults.js";
import { messagekeyStamp, pad } from "./kst.js";
import { pushReport } from "./pusher.js";
import type { SimContext } from "./sim-context.js";
import type { RequestLogEntry } from "./state.js";
import { validateMessage } from "./validate.js";

/** POST /v3/message: checks the bearer and the body, takes the message and schedules its delivery. */
export async function handleMessage(ctx: SimContext, req: IncomingMessage, body: unknown, log: Partial<RequestLogEntry>): Promise<HttpAnswer> {
  const { state } = ctx;
  const denied = ctx.tokens.check(req.headers.authorization);
  if (denied) return denied;
  const fault = await injectHttpFault(ctx, (body as { to?: unknown } | null)?.to);
  if (fault) return fault;
  const v = validateMessage(body);
  if (!v.ok) {
    state.stats.rejected += 1;
    return HttpAnswer.api(400, "invalidMessage", {}, v.reason);
  }
  const m = v.message;
  Object.assign(log, { refkey: m.refkey, to: m.to, type: m.type, ...(m.templateCode ? { templateCode: m.templateCode } : {}) });
  if (m.account !== ctx.account) {
    state.stats.rejected += 1;
    return HttpAnswer.api(400, "badAccount", { refkey: m.refkey });
  }
  const now = Date.now();
  const messagekey = `${messagekeyStamp(now)}#${m.type}${pad(ctx.nextSeq(), 6)}sim`;
  log.messagekey = messagekey;
  state.messages.set(messagekey, { message: m, messagekey, acceptedAt: now });
  state.stats.accepted += 1;
  scheduleDelivery(ctx, messagekey);
  return afterTake(ctx, HttpAnswer.api(200, "success", { refkey: m.refkey, messagekey }), "/v3/message", m.to);
}

/** POST /v2/report: pushes a delivered message's report again (the answer only says it will). */
export async function handleReportRequest(ctx: SimContext, req: IncomingMessage, body: unknown, log: Partial<RequestLogEntry>): Promise<HttpAnswer> {
  const { state } = ctx;
  const denied = ctx.tokens.check(req.headers.authorization);
  if (denied) return denied;
  const fault = await injectHttpFault(ctx);
  if (fault) return fault;
  const b = body as { account?: unknown; messagekey?: unknown } | null;
  if (typeof b?.messagekey !== "string" || typeof b.account !== "string") {
    return HttpAnswer.api(400, "invalidMessage", {}, "account and messagekey are required");
  }
  if (b.account !== ctx.account) return HttpAnswer.api(400, "badAccount");
  log.messagekey = b.messagekey;
  const stored = state.messages.get(b.messagekey);
  if (!stored) return HttpAnswer.api(400, "noMessage");
  if (!stored.report) return HttpAnswer.api(400, "notCompleted");
  state.stats.reportRequests += 1;
  const target = ctx.pushTarget();
  const report = stored.report;
  if (target) ctx.work.later(0, () => pushReport(target, report, state, ctx.logger, { requested: true }));
  return afterTake(ctx, HttpAnswer.api(200, "success"), "/v2/report", stored.message.to);
}
