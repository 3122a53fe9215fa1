import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { localDir } from "./paths.js";
import { commandVersion, spawnDetached } from "./process.js";
import { MissingToolError } from "./kafka-local.js";

/** Starts redis-server from PATH on its own port, keeping nothing on disk (tests and demo need no durability). */
export function startLocalRedis(port: number): number {
  if (!commandVersion("redis-server", ["--version"])) {
    throw new MissingToolError(`no Redis answers on 127.0.0.1:6379 and there is no redis-server on PATH to start one on port ${port} (install redis-server or set REDIS_URL)`);
  }
  const dir = join(localDir, "redis");
  mkdirSync(dir, { recursive: true });
  return spawnDetached(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir],
    join(dir, "redis.log"),
    dir,
  );
}
