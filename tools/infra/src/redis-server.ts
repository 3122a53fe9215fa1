import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ownedServer, type OwnedServer } from "./owned-server.js";
import { redisAnswers } from "./probe.js";
import { redisServerArgs, requireRedisServer, type RedisPersistence } from "./redis-config.js";

export interface RedisServerOptions {
  port: number;
  /** Its working directory: the AOF (with "aof-always") and redis.log. */
  dir: string;
  persistence: RedisPersistence;
  /** Appended to the command line (later arguments win). */
  extraArgs?: readonly string[];
}

export interface RedisServer extends OwnedServer {
  url: string;
  /** SIGKILL, then start again on the same dir (not waiting: see waitReady). With "aof-always" nothing acknowledged is lost; with "none" everything is. */
  restart(): Promise<void>;
}

/** Starts a redis-server (from PATH) that the caller owns and may kill; call waitReady before using it. */
export function startRedisServer({ port, dir, persistence, extraArgs }: RedisServerOptions): RedisServer {
  requireRedisServer(`there is no redis-server on PATH to start one on port ${port} (install redis-server)`);
  mkdirSync(dir, { recursive: true });
  const url = `redis://127.0.0.1:${port}`;
  const server = ownedServer({
    name: `redis-server :${port}`,
    command: "redis-server",
    args: redisServerArgs({ port, dir, persistence, ...(extraArgs ? { extraArgs } : {}) }),
    cwd: dir,
    logFile: join(dir, "redis.log"),
    // While loading its AOF Redis answers PING with LOADING: not ready yet.
    answers: () => redisAnswers(url),
    readyTimeoutMs: 20_000,
    stopTimeoutMs: 10_000,
  });
  return Object.assign(server, {
    url,
    async restart() {
      await server.kill();
      server.start();
    },
  });
}
