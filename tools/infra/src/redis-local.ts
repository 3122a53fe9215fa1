import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { localDir } from "./paths.js";
import { spawnDetached } from "./process.js";
import { redisServerArgs, requireRedisServer } from "./redis-config.js";

/** Starts redis-server from PATH on its own port, keeping nothing on disk (tests and demo need no durability). */
export function startLocalRedis(port: number): number {
  requireRedisServer(
    `no Redis answers on 127.0.0.1:6379 and there is no redis-server on PATH to start one on port ${port} (install redis-server or set REDIS_URL)`,
  );
  const dir = join(localDir, "redis");
  mkdirSync(dir, { recursive: true });
  return spawnDetached("redis-server", redisServerArgs({ port, dir, persistence: "none" }), join(dir, "redis.log"), dir);
}
