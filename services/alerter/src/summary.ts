import type { Logger } from "@sunseo/logger";
import type { BurstFolder } from "./burst.js";
import type { Dedupe } from "./dedupe.js";
import { summaryPosts } from "./format.js";
import type { AlertRecord, DeadLetter, Folded } from "./handler.js";
import type { AlerterMetrics } from "./metrics.js";
import type { Sink } from "./sink.js";
import type { SendOptions, SendToSink } from "./sink-delivery.js";

/** `final`: the flush at shutdown, one try per sink; what it cannot deliver is neither dead-lettered nor committed. */
export type FlushOptions = Omit<SendOptions, "once"> & { final: boolean };

export interface SummaryDeps {
  sinks: Sink[];
  dedupe: Dedupe;
  folder: BurstFolder<Folded>;
  send: SendToSink;
  deadLetter: DeadLetter;
  windowMs: number;
  metrics: AlerterMetrics;
  logger: Logger;
  /** CONSOLE_BASE_URL: summaries link to the console's alerts page. */
  consoleBaseUrl?: string;
  now?: () => number;
}

/**
 * Sends what the burst folder holds as one summary per sink (several posts when the list is
 * long), and says which records are settled: every sink has their alert, or the dlq does.
 * Only those may be committed. What a shutdown cut short (or the final flush could not
 * deliver) is kept for the next flush, or, at the end, left uncommitted for the next member.
 */
export function createSummarizer({ sinks, dedupe, folder, send, deadLetter, windowMs, metrics, logger, consoleBaseUrl, now = Date.now }: SummaryDeps) {
  let kept: Folded[] = [];

  async function summarise(batch: Folded[], { final, ...options }: FlushOptions): Promise<AlertRecord[]> {
    // A redelivered record may stand for an alert already in the batch: named once, settled per record.
    const alerts = [...new Map(batch.map(({ alert }) => [alert.alertId, alert])).values()];
    const known = await dedupe.lookup(
      alerts.map((a) => a.alertId),
      sinks.map((s) => s.name),
    );
    // Per sink, the alerts it still lacks: those a summary before a crash delivered are not posted again.
    const perSink = sinks.map((sink) => ({
      sink,
      posts: summaryPosts(
        alerts
          .filter((a) => known.state(sink.name, a.alertId) !== "sent")
          .map((alert) => ({ alert, repeat: known.state(sink.name, alert.alertId) === "posting" })),
        windowMs,
        now(),
        consoleBaseUrl,
      ),
    }));
    if (perSink.some((s) => s.posts.length > 0)) metrics.summaries.inc();
    const failures = new Map<string, { reason: string; stopped: boolean }[]>();
    await Promise.all(
      perSink.map(async ({ sink, posts }) => {
        for (const post of posts) {
          const result = await send(sink, post.message, post.alertIds, { ...options, once: final });
          if (!result.ok) for (const id of post.alertIds) failures.set(id, [...(failures.get(id) ?? []), result]);
        }
      }),
    );
    const settled: AlertRecord[] = [];
    for (const item of batch) {
      const failed = failures.get(item.alert.alertId) ?? [];
      if (failed.length === 0) {
        settled.push(item.record);
      } else if (final || failed.some((f) => f.stopped)) {
        kept.push(item);
      } else {
        try {
          await deadLetter(item.record, "ALERT_UNDELIVERABLE", `in a summary: ${failed.map((f) => f.reason).join("; ")}`);
          settled.push(item.record);
        } catch (err) {
          logger.error({ err: (err as Error).message, alertId: item.alert.alertId }, "folded alert could not be dead-lettered, kept for the next summary");
          kept.push(item);
        }
      }
    }
    logger.info({ alerts: alerts.length, failed: failures.size, kept: kept.length, final }, "summary done");
    return settled;
  }

  return {
    /** Summarises everything folded (and kept) so far; returns the records now safe to commit. */
    async flush(options: FlushOptions): Promise<AlertRecord[]> {
      const batch = [...kept, ...folder.takeFolded()];
      kept = [];
      if (batch.length === 0) return [];
      try {
        return await summarise(batch, options);
      } catch (err) {
        // Redis failed around a post: nothing of this batch is settled; the next flush tries again.
        kept = batch;
        throw err;
      }
    },
    /** After a rebalance everything uncommitted is redelivered (and folded again): drop the old copies. */
    forget(): void {
      folder.takeFolded();
      kept = [];
    },
  };
}
