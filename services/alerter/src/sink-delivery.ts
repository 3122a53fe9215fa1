import type { Logger } from "@sunseo/logger";
import type { Dedupe } from "./dedupe.js";
import type { RetryPolicy } from "@sunseo/runtime";
import { deliver, type Delivery, type Sleep } from "./deliver.js";
import type { ChatMessage } from "./format.js";
import type { AlerterMetrics } from "./metrics.js";
import type { Sink } from "./sink.js";

export interface SinkDeliveryDeps {
  dedupe: Dedupe;
  policy: RetryPolicy;
  /** After a sink gave up on a message it gets one try per message for this long. */
  cooldownMs: number;
  metrics: AlerterMetrics;
  logger: Logger;
  now?: () => number;
}

export interface SendOptions {
  sleep: Sleep;
  signal?: AbortSignal;
  /** One attempt only, whatever the policy (the final summary at shutdown). */
  once?: boolean;
}

/**
 * Posts one message (an alert, or one post of a summary) to one sink and records it in the
 * dedupe around the post: "posting" for every alert it names before, "sent" after. A sink
 * that just failed gets a single try per message for a while, so an outage cannot hold the
 * partition for every alert's full retry budget.
 */
export function createSinkDelivery({ dedupe, policy, cooldownMs, metrics, logger, now = Date.now }: SinkDeliveryDeps) {
  const downUntil = new Map<string, number>();
  return async function send(sink: Sink, message: ChatMessage, alertIds: readonly string[], { sleep, signal, once = false }: SendOptions): Promise<Delivery> {
    const single = once || (downUntil.get(sink.name) ?? 0) > now();
    await dedupe.markPosting(sink.name, alertIds);
    const result = await deliver(sink, message, single ? { ...policy, attempts: 1 } : policy, sleep, signal);
    metrics.deliveries.inc({ sink: sink.name, outcome: result.ok ? "ok" : "failed" });
    if (result.ok) {
      downUntil.delete(sink.name);
      await dedupe.markSent(sink.name, alertIds);
      return result;
    }
    // A post cut off by shutdown says nothing about the sink's health.
    if (!result.stopped) downUntil.set(sink.name, now() + cooldownMs);
    logger.warn({ sink: sink.name, alerts: alertIds.length, attempts: result.attempts, reason: result.reason }, "message not delivered");
    return result;
  };
}

export type SendToSink = ReturnType<typeof createSinkDelivery>;
