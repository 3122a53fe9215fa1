import { decode, topics, type Alert } from "@sunseo/contracts";
import type { Logger } from "@sunseo/logger";
import { maskPhone } from "@sunseo/phone";
import type { BurstFolder } from "./burst.js";
import type { Dedupe } from "./dedupe.js";
import { alertMessage } from "./format.js";
import type { AlerterMetrics } from "./metrics.js";
import type { Sink } from "./sink.js";
import type { SendOptions, SendToSink } from "./sink-delivery.js";

/** One consumed Kafka record, as much as the handler needs (and the dlq keeps). */
export interface AlertRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
}

/** An alert waiting for the next summary, with the record whose offset it holds back. */
export interface Folded {
  alert: Alert;
  record: AlertRecord;
}

export type DeadLetter = (record: AlertRecord, code: string, reason: string) => Promise<void>;

export interface HandlerDeps {
  sinks: Sink[];
  dedupe: Dedupe;
  folder: BurstFolder<Folded>;
  send: SendToSink;
  deadLetter: DeadLetter;
  metrics: AlerterMetrics;
  logger: Logger;
  /** CONSOLE_BASE_URL: each alert links to its flow's page there. */
  consoleBaseUrl?: string;
  now?: () => number;
}

/**
 * What became of a record: `done` (a sink or the dlq has it: its offset may be committed),
 * `folded` (held until a summary covering it is delivered or dead-lettered), `deferred`
 * (shutdown cut the delivery short: left uncommitted for the next member).
 */
export type Handled = "done" | "folded" | "deferred";

/**
 * What the alerter does with each alert: decode, skip sinks that already have it, fold
 * bursts, deliver with bounded retries, and dead-letter what cannot be delivered. It
 * never throws for a sink's failure, so one bad sink cannot stall or crash the consumer;
 * it throws only when Redis or the dlq cannot be written (then Kafka redelivers).
 */
export function createAlertHandler({ sinks, dedupe, folder, send, deadLetter, metrics, logger, consoleBaseUrl, now = Date.now }: HandlerDeps) {
  const sinkNames = sinks.map((s) => s.name);

  /** Posts to every sink that lacks the alert; `repeat(sink)`: that sink may have shown it already. */
  const sendNow = async ({ alert, record }: Folded, pending: Sink[], repeat: (sink: string) => boolean, options: SendOptions): Promise<Handled> => {
    const results = await Promise.all(
      pending.map((sink) =>
        send(sink, alertMessage(alert, { repeat: repeat(sink.name), ...(consoleBaseUrl ? { consoleBaseUrl } : {}) }), [alert.alertId], options),
      ),
    );
    const failures = results.flatMap((r) => (r.ok ? [] : [r]));
    if (failures.length === 0) {
      metrics.alerts.inc({ outcome: "sent" });
      return "done";
    }
    if (failures.some((f) => f.stopped)) {
      metrics.alerts.inc({ outcome: "deferred" });
      logger.info({ alertId: alert.alertId }, "stopping: alert left uncommitted for the next member");
      return "deferred";
    }
    metrics.alerts.inc({ outcome: "undeliverable" });
    await deadLetter(record, "ALERT_UNDELIVERABLE", failures.map((f) => f.reason).join("; "));
    return "done";
  };

  return {
    async handle(record: AlertRecord, options: SendOptions): Promise<Handled> {
      const decoded = decode(topics.alert, record.value);
      if (!decoded.ok) {
        metrics.alerts.inc({ outcome: "invalid" });
        logger.warn({ code: decoded.code, partition: record.partition, offset: record.offset }, `invalid alert: ${decoded.reason}`);
        await deadLetter(record, decoded.code, decoded.reason);
        return "done";
      }
      const alert = decoded.value;
      const known = await dedupe.lookup([alert.alertId], sinkNames);
      const pending = sinks.filter((sink) => known.state(sink.name, alert.alertId) !== "sent");
      if (pending.length === 0) {
        metrics.alerts.inc({ outcome: "duplicate" });
        logger.info({ alertId: alert.alertId }, "alert already sent, skipped");
        return "done";
      }
      const item = { alert, record };
      if (known.folded(alert.alertId)) folder.fold(item);
      else if (folder.admit(item, now()) === "fold") await dedupe.markFolded(alert.alertId);
      else return sendNow(item, pending, (sink) => known.state(sink, alert.alertId) === "posting", options);
      metrics.alerts.inc({ outcome: "folded" });
      logger.info({ alertId: alert.alertId, flow: alert.flow, phone: maskPhone(alert.phone) }, "alert folded into the next summary");
      return "folded";
    },
  };
}
