import { Cluster, Redis as Standalone, type RedisOptions as IORedisOptions } from "ioredis";
import { parseRedisUrl, redactRedisUrl, type RedisTarget } from "@sunseo/config";
import type { Logger } from "@sunseo/logger";

/**
 * A client of any of the three topologies. Everything sunseo does through it works on each:
 * multi-key scripts and MULTIs keep their keys in one hash slot (keys are hash-tagged by phone
 * or partition), and batches over many keys go as single commands that auto-pipelining groups
 * per node, never as one explicit pipeline (which Cluster refuses across slots).
 */
export type Redis = Standalone | Cluster;

export interface RedisOptions {
  /** REDIS_URL: redis://, redis+sentinel:// or redis+cluster:// (see @sunseo/config's parseRedisUrl). */
  url: string;
  logger: Logger;
  /** Short in tools and tests; services wait longer for a Redis failover. */
  connectTimeoutMs?: number;
}

/** One place that builds Redis clients: errors are logged (never thrown unhandled), credentials never logged. */
export function createRedis({ url, logger, connectTimeoutMs = 5_000 }: RedisOptions): Redis {
  const target = parseRedisUrl(url);
  const common: IORedisOptions = {
    connectTimeout: connectTimeoutMs,
    // A command waits through a short outage, then fails so the caller can decide (not hang forever).
    maxRetriesPerRequest: 5,
    // A connection that stalls without closing (a hung proxy, a paused server) fails commands too.
    commandTimeout: 5_000,
    ...auth(target),
  };
  const redis = build(target, common);
  const log = logger.child({ component: "redis", redis: redactRedisUrl(url), mode: target.mode });
  redis.on("error", (err: Error) => log.warn({ err: err.message }, "redis connection error"));
  if (redis instanceof Cluster) {
    // A failover or resharding: worth a line, since commands wait through it.
    redis.on("+node", (node: Standalone) => log.debug({ node: `${node.options.host}:${node.options.port}` }, "redis cluster node added"));
    redis.on("-node", (node: Standalone) => log.info({ node: `${node.options.host}:${node.options.port}` }, "redis cluster node removed"));
  }
  return redis;
}

function build(target: RedisTarget, common: IORedisOptions): Redis {
  switch (target.mode) {
    case "standalone":
      return new Standalone(target.url, { ...common, enableAutoPipelining: true, lazyConnect: true });
    case "sentinel":
      return new Standalone({
        ...common,
        sentinels: target.sentinels,
        name: target.name,
        db: target.db,
        ...(target.sentinelUsername === undefined ? {} : { sentinelUsername: target.sentinelUsername }),
        ...(target.sentinelPassword === undefined ? {} : { sentinelPassword: target.sentinelPassword }),
        // Writes go to the master only: reading a replica could see a phone's state before its last write.
        role: "master",
        enableAutoPipelining: true,
        lazyConnect: true,
      });
    case "cluster":
      return new Cluster(target.nodes, {
        redisOptions: common,
        // Reads from masters only, for the same reason.
        scaleReads: "master",
        enableAutoPipelining: true,
        lazyConnect: true,
      });
  }
}

function auth(target: RedisTarget): IORedisOptions {
  // A standalone URL carries its own credentials and TLS; ioredis reads them from it.
  if (target.mode === "standalone") return {};
  return {
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.tls ? { tls: {} } : {}),
  };
}
