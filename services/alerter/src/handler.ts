import { decode, topics, type Alert, type Dlq } from "@sunseo/contracts";
import type { Logger } from "@sunseo/logger";
import { maskPhone } from "@sunseo/phone";
import type { BurstFolder } from "./burst.js";
import type { Dedupe } from "./dedupe.js";
import { deliver, type RetryPolicy } from "./deliver.js";
import { alertMessage, summaryMessage, type ChatMessage } from "./format.js";
import type { AlerterMetrics } from "./metrics.js";
import type { Sink } from "./sink.js";

/** One consumed Kafka record, as much as the handler needs (and the dlq keeps). */
export interface AlertRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
}

export interface HandlerDeps {
  sinks: Sink[];
  dedupe: Dedupe;
  folder: BurstFolder<{ alert: Alert; record: AlertRecord }>;
  policy: RetryPolicy;
  /** After a sink gave up on an alert it gets one try per message for this long. */
  cooldownMs: number;
  windowMs: number;
  toDlq(record: Dlq): Promise<void>;
  metrics: AlerterMetrics;
  logger: Logger;
  now?: () => number;
}

export type Sleep = (ms: number) => Promise<void>;

/**
 * What the alerter does with each alert: decode, skip sinks that already have it, fold
 * bursts, deliver with bounded retries, and dead-letter what cannot be delivered. It
 * never throws for a sink's failure, so one bad sink cannot stall or crash the consumer;
 * it throws only when the dlq itself cannot be written (then Kafka redelivers).
 */
export function createAlertHandler(deps: HandlerDeps) {
  const { sinks, dedupe, folder, metrics, logger, now = Date.now } = deps;
  const downUntil = new Map<string, number>();

  const dlq = (record: AlertRecord, code: string, reason: string) =>
    deps.toDlq({ service: "alerter", ...record, code, reason, at: now() });

  /** Delivers to each sink in parallel; returns the sinks' failure reasons (empty = all delivered). */
  const sendToSinks = async (targets: Sink[], message: ChatMessage, sleep: Sleep, onDelivered: (sink: Sink) => Promise<void>) => {
    const failures = await Promise.all(
      targets.map(async (sink) => {
        const cooling = (downUntil.get(sink.name) ?? 0) > now();
        const result = await deliver(sink, message, cooling ? { ...deps.policy, maxAttempts: 1 } : deps.policy, sleep);
        metrics.deliveries.inc({ sink: sink.name, outcome: result.ok ? "ok" : "failed" });
        if (result.ok) {
          downUntil.delete(sink.name);
          await onDelivered(sink);
          return undefined;
        }
        downUntil.set(sink.name, now() + deps.cooldownMs);
        logger.warn({ sink: sink.name, attempts: result.attempts, reason: result.reason }, "alert not delivered");
        return result.reason;
      }),
    );
    return failures.filter((f): f is string => f !== undefined);
  };

  return {
    async handle(record: AlertRecord, sleep: Sleep): Promise<void> {
      const decoded = decode(topics.alert, record.value);
      if (!decoded.ok) {
        metrics.alerts.inc({ outcome: "invalid" });
        logger.warn({ code: decoded.code, partition: record.partition, offset: record.offset }, `invalid alert: ${decoded.reason}`);
        await dlq(record, decoded.code, decoded.reason);
        return;
      }
      const alert = decoded.value;
      const pending: Sink[] = [];
      for (const sink of sinks) if (!(await dedupe.isSent(sink.name, alert.alertId))) pending.push(sink);
      if (pending.length === 0) {
        metrics.alerts.inc({ outcome: "duplicate" });
        logger.info({ alertId: alert.alertId }, "alert already sent, skipped");
        return;
      }
      if (folder.admit({ alert, record }, now()) === "fold") {
        metrics.alerts.inc({ outcome: "folded" });
        logger.info({ alertId: alert.alertId, flow: alert.flow, phone: maskPhone(alert.phone) }, "alert folded into the next summary");
        return;
      }
      const failures = await sendToSinks(pending, alertMessage(alert), sleep, (sink) => dedupe.markSent(sink.name, alert.alertId));
      if (failures.length === 0) {
        metrics.alerts.inc({ outcome: "sent" });
        return;
      }
      metrics.alerts.inc({ outcome: "undeliverable" });
      await dlq(record, "ALERT_UNDELIVERABLE", failures.join("; "));
    },

    /** Sends one summary for the alerts folded since the last call; each folded alert is dead-lettered if it fails. */
    async flushSummary(sleep: Sleep): Promise<void> {
      const folded = folder.takeFolded();
      if (folded.length === 0) return;
      metrics.summaries.inc();
      const message = summaryMessage(
        folded.map((f) => f.alert),
        deps.windowMs,
        now(),
      );
      const failures = await sendToSinks(sinks, message, sleep, async (sink) => {
        for (const { alert } of folded) await dedupe.markSent(sink.name, alert.alertId);
      });
      if (failures.length === 0) return;
      const reason = `summary of ${folded.length} folded alerts: ${failures.join("; ")}`;
      for (const { record } of folded) await dlq(record, "ALERT_UNDELIVERABLE", reason);
    },
  };
}

export type AlertHandler = ReturnType<typeof createAlertHandler>;
