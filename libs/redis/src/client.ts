import { Redis } from "ioredis";
import type { Logger } from "@sunseo/logger";

export interface RedisOptions {
  url: string;
  logger: Logger;
  /** Short in tools and tests; services wait longer for a Redis failover. */
  connectTimeoutMs?: number;
}

/** One place that builds Redis clients: errors are logged (never thrown unhandled), URLs never logged whole. */
export function createRedis({ url, logger, connectTimeoutMs = 5_000 }: RedisOptions): Redis {
  const redis = new Redis(url, {
    connectTimeout: connectTimeoutMs,
    // A command waits through a short outage, then fails so the caller can decide (not hang forever).
    maxRetriesPerRequest: 5,
    // A connection that stalls without closing (a hung proxy, a paused server) fails commands too.
    commandTimeout: 5_000,
    enableAutoPipelining: true,
    lazyConnect: true,
  });
  const log = logger.child({ component: "redis", redis: redactUrl(url) });
  redis.on("error", (err: Error) => log.warn({ err: err.message }, "redis connection error"));
  return redis;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
