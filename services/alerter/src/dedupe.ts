import type { Redis } from "@sunseo/redis";

/**
 * Remembers which sink already received which alert, so a replayed alert (same alertId:
 * a Kafka redelivery, or a dlq replay after an outage) is not posted twice. Marked after
 * the post succeeded: a crash between the post and the mark repeats one alert rather
 * than losing it.
 */
export interface Dedupe {
  isSent(sink: string, alertId: string): Promise<boolean>;
  markSent(sink: string, alertId: string): Promise<void>;
}

export function createDedupe(redis: Redis, prefix: string, ttlMs: number): Dedupe {
  const key = (sink: string, alertId: string) => `${prefix}alerter:sent:${sink}:${alertId}`;
  return {
    isSent: async (sink, alertId) => (await redis.exists(key(sink, alertId))) === 1,
    async markSent(sink, alertId) {
      await redis.set(key(sink, alertId), String(Date.now()), "PX", ttlMs, "NX");
    },
  };
}
