import type { Redis } from "@sunseo/redis";
import type { AlertEntry, FailureEntry } from "./entries.js";
import { consoleKeys } from "./keys.js";

/** The console's index in Redis: written by the indexer, read by the pages. */
export interface IndexStore {
  recordFailure(entry: FailureEntry): Promise<void>;
  recordAlert(entry: AlertEntry): Promise<void>;
  recordMessagekey(messagekey: string, refkey: string): Promise<void>;
  recordIdempotencyKey(key: string, instanceId: string): Promise<void>;
  failuresSince(since: number, limit: number): Promise<FailureEntry[]>;
  /** The newest failure's time and how many there are since `since`: cheap, for the live list. */
  failureMark(since: number): Promise<string>;
  alertsSince(since: number, limit: number): Promise<AlertEntry[]>;
  refkeyOfMessagekey(messagekey: string): Promise<string | undefined>;
  instanceOfIdempotencyKey(key: string): Promise<string | undefined>;
  replayed(dlqTopic: string, ids: readonly string[]): Promise<Map<string, { by: string; at: number }>>;
  /** Marks a dlq record replayed; false when it already was (someone else was faster). */
  markReplayed(dlqTopic: string, id: string, by: string, at: number): Promise<boolean>;
  /** The replay failed after marking: the record may be replayed again. */
  unmarkReplayed(dlqTopic: string, id: string): Promise<void>;
}

export function createIndexStore(redis: Redis, redisPrefix: string, retentionMs: number): IndexStore {
  const keys = consoleKeys(redisPrefix);
  // Documents are read one GET each (auto-pipelined, a round trip per node) and written apart
  // from their time index: on Redis Cluster an MGET or a MULTI may not span slots. An index
  // entry whose document is missing is skipped when read.
  const readJson = async <T>(ids: readonly string[], key: (id: string) => string): Promise<T[]> => {
    const docs = await Promise.all(ids.map((id) => redis.get(key(id))));
    return docs.filter((d): d is string => d !== null).map((d) => JSON.parse(d) as T);
  };
  const record = async (set: string, member: string, docKey: string, doc: unknown, at: number) => {
    await redis.set(docKey, JSON.stringify(doc), "PX", retentionMs);
    await redis
      .multi()
      .zadd(set, at, member)
      .zremrangebyscore(set, "-inf", Date.now() - retentionMs)
      .pexpire(set, retentionMs)
      .exec();
  };
  return {
    recordFailure: (entry) => record(keys.failures, entry.instanceId, keys.failure(entry.instanceId), entry, entry.at),
    recordAlert: (entry) => record(keys.alerts, entry.alertId, keys.alert(entry.alertId), entry, entry.at),
    async recordMessagekey(messagekey, refkey) {
      await redis.set(keys.messagekey(messagekey), refkey, "PX", retentionMs);
    },
    async recordIdempotencyKey(key, instanceId) {
      await redis.set(keys.idempotency(key), instanceId, "PX", retentionMs);
    },
    async failuresSince(since, limit) {
      const ids = await redis.zrevrangebyscore(keys.failures, "+inf", since, "LIMIT", 0, limit);
      return readJson<FailureEntry>(ids, keys.failure);
    },
    async failureMark(since) {
      const [count, newest] = await Promise.all([redis.zcount(keys.failures, since, "+inf"), redis.zrange(keys.failures, -1, -1, "WITHSCORES")]);
      return `${count}:${newest[1] ?? 0}`;
    },
    async alertsSince(since, limit) {
      const ids = await redis.zrevrangebyscore(keys.alerts, "+inf", since, "LIMIT", 0, limit);
      return readJson<AlertEntry>(ids, keys.alert);
    },
    async refkeyOfMessagekey(messagekey) {
      return (await redis.get(keys.messagekey(messagekey))) ?? undefined;
    },
    async instanceOfIdempotencyKey(key) {
      return (await redis.get(keys.idempotency(key))) ?? undefined;
    },
    async replayed(dlqTopic, ids) {
      const marks = new Map<string, { by: string; at: number }>();
      if (ids.length === 0) return marks;
      const values = await redis.hmget(keys.replayed(dlqTopic), ...ids);
      values.forEach((value, i) => {
        if (value !== null) marks.set(ids[i]!, JSON.parse(value) as { by: string; at: number });
      });
      return marks;
    },
    async markReplayed(dlqTopic, id, by, at) {
      return (await redis.hsetnx(keys.replayed(dlqTopic), id, JSON.stringify({ by, at }))) === 1;
    },
    async unmarkReplayed(dlqTopic, id) {
      await redis.hdel(keys.replayed(dlqTopic), id);
    },
  };
}
