import { MissingToolError } from "./errors.js";
import { commandVersion } from "./process.js";

/**
 * How a redis-server keeps data across a crash:
 * - "aof-always": every write is fsynced to the append-only file before it is acknowledged, so
 *   a SIGKILL loses nothing acknowledged;
 * - "none": nothing on disk, a restart starts empty.
 */
export type RedisPersistence = "aof-always" | "none";

/** Command-line arguments of redis-server on loopback; the AOF (or nothing) is the only persistence. */
export function redisServerArgs({
  port,
  dir,
  persistence,
  extraArgs = [],
}: {
  port: number;
  dir: string;
  persistence: RedisPersistence;
  extraArgs?: readonly string[];
}): string[] {
  return [
    "--bind",
    "127.0.0.1",
    "--port",
    String(port),
    // No RDB snapshots in either mode: a restart's data comes from one place, and no fork pauses a 2-core machine.
    "--save",
    "",
    ...(persistence === "aof-always" ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]),
    // Redis's default, spelled out: a full Redis must refuse writes, never drop flow state.
    "--maxmemory-policy",
    "noeviction",
    "--daemonize",
    "no",
    "--dir",
    dir,
    // Later arguments win: a test can ask for a misconfigured server (an evicting one, say).
    ...extraArgs,
  ];
}

/** Throws MissingToolError with the caller's message (what to do instead) when redis-server is not on PATH. */
export function requireRedisServer(message: string): void {
  if (!commandVersion("redis-server", ["--version"])) throw new MissingToolError(message);
}
