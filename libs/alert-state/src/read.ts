import type { Redis } from "@sunseo/redis";
import { alerterKeys } from "./keys.js";

/** What a sink has of an alert: nothing yet, a post that was started but not confirmed, or a confirmed post. */
export type SinkState = "new" | "posting" | "sent";

/** The value prefix of a post started but not confirmed; a confirmed one holds the time it was sent. */
export const POSTING = "posting:";

export interface AlertStates {
  state(sink: string, alertId: string): SinkState;
  folded(alertId: string): boolean;
}

/**
 * Each sink's state of each alert, and which were folded into a summary: one GET per key,
 * auto-pipelined (one round trip per node). An MGET would span Cluster slots.
 */
export async function readAlertStates(redis: Redis, prefix: string, alertIds: readonly string[], sinks: readonly string[]): Promise<AlertStates> {
  const { sinkState: sinkKey, folded: foldedKey } = alerterKeys(prefix);
  const keys = [...alertIds.flatMap((id) => sinks.map((sink) => sinkKey(sink, id))), ...alertIds.map(foldedKey)];
  const values = await Promise.all(keys.map((key) => redis.get(key)));
  const byKey = new Map(keys.map((key, i) => [key, values[i] ?? null]));
  return {
    state(sink, alertId) {
      const value = byKey.get(sinkKey(sink, alertId)) ?? null;
      // Before the posting state existed the value was only the time sent.
      return value === null ? "new" : value.startsWith(POSTING) ? "posting" : "sent";
    },
    folded: (alertId) => (byKey.get(foldedKey(alertId)) ?? null) !== null,
  };
}
