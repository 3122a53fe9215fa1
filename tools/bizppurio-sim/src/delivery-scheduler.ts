import { buildReport, planDelivery } from "./delivery.js";
import { pad } from "./kst.js";
import { pushReport } from "./pusher.js";
import type { SimContext } from "./sim-context.js";

/**
 * Delivers an accepted message after its planned delay: records what the phone got, then
 * pushes the report (or loses or duplicates the push, as the plan says).
 */
export function scheduleDelivery(ctx: SimContext, messagekey: string): void {
  const { state, logger } = ctx;
  const stored = state.messages.get(messagekey);
  if (!stored) return;
  const plan = planDelivery(stored.message, ctx.faults(), ctx.random);
  ctx.work.later(plan.delayMs, async () => {
    const at = Date.now();
    const report = buildReport(stored.message, plan, { messagekey, msgid: `sim${pad(ctx.nextSeq(), 10)}`, at });
    stored.report = report;
    state.stats[plan.delivered ? "delivered" : "failed"] += 1;
    state.recordDelivery(stored.message.to, {
      delivered: plan.delivered,
      refkey: stored.message.refkey,
      messagekey,
      type: stored.message.type,
      media: plan.media,
      ...(stored.message.templateCode !== undefined ? { templateCode: stored.message.templateCode } : {}),
      text: plan.text,
      result: plan.result,
      deliveredAt: at,
    });
    const target = ctx.pushTarget();
    if (plan.drop || target === undefined) {
      if (plan.drop) state.stats.droppedPushes += 1;
      return;
    }
    await pushReport(target, report, state, logger);
    if (plan.duplicate) {
      state.stats.duplicatePushes += 1;
      await pushReport(target, report, state, logger, { duplicate: true });
    }
  });
}
