import type { Redis } from "@sunseo/redis";
import { alerterKeys, POSTING, readAlertStates, type AlertStates } from "@sunseo/alert-state";

export type { SinkState } from "@sunseo/alert-state";

/**
 * Remembers, per alert, what each sink has of it and whether it was folded, so a replayed
 * alert (same alertId: a Kafka redelivery, or a dlq replay after an outage) is not posted
 * twice. A post is marked "posting" before and "sent" after: a crash in between leaves
 * "posting", and the replay posts again flagged as a possible repeat instead of silently
 * repeating (or silently dropping) it.
 */
export interface Dedupe {
  /** Each sink's state of each alert, and which alerts were folded before. */
  lookup(alertIds: readonly string[], sinks: readonly string[]): Promise<AlertStates>;
  markPosting(sink: string, alertIds: readonly string[]): Promise<void>;
  markSent(sink: string, alertIds: readonly string[]): Promise<void>;
  /** An alert once folded stays folded: a redelivered burst comes back as a summary, not as single posts. */
  markFolded(alertId: string): Promise<void>;
}

export function createDedupe(redis: Redis, prefix: string, ttlMs: number): Dedupe {
  const { sinkState: sinkKey, folded: foldedKey } = alerterKeys(prefix);
  // One command per key, auto-pipelined (one round trip per node): an alert's keys live in
  // different Cluster slots, so neither MULTI nor MGET may span them. Nothing needs the keys
  // set together: an alert left "new" by a crash halfway was not posted yet.
  const setAll = async (keys: string[], value: string, onlyNew: boolean) => {
    await Promise.all(keys.map((key) => (onlyNew ? redis.set(key, value, "PX", ttlMs, "NX") : redis.set(key, value, "PX", ttlMs))));
  };
  return {
    lookup: (alertIds, sinks) => readAlertStates(redis, prefix, alertIds, sinks),
    // NX: never downgrades "sent", and a repeated attempt keeps the time of the first one.
    markPosting: (sink, alertIds) =>
      setAll(
        alertIds.map((id) => sinkKey(sink, id)),
        `${POSTING}${Date.now()}`,
        true,
      ),
    markSent: (sink, alertIds) =>
      setAll(
        alertIds.map((id) => sinkKey(sink, id)),
        String(Date.now()),
        false,
      ),
    markFolded: (alertId) => setAll([foldedKey(alertId)], String(Date.now()), true),
  };
}
