import type { Redis } from "./client.js";
import type { Logger } from "@sunseo/logger";
import { epochCheck } from "./epoch-check.js";
import { openEpoch } from "./epoch.js";
import { watchEpoch } from "./epoch-watch.js";
import type { RedisDataLostError } from "./errors.js";
import { assertNoEviction } from "./eviction.js";

export interface RedisGuard {
  /** Once per batch, before acting on what was read: throws RedisDataLostError after a loss. */
  verify(): Promise<void>;
  /** For readiness: false for good once a loss was seen. */
  isIntact(): boolean;
  stop(): void;
}

/**
 * What every service that keeps state in Redis does at boot: refuse an evicting Redis,
 * open the epoch (refusing one that lost its data), and watch it while running, so a
 * loss turns the service unready within seconds with one clear log line.
 */
export async function guardRedis(
  redis: Redis,
  { prefix, hasHistory, logger, onLost }: { prefix: string; hasHistory: () => Promise<boolean>; logger: Logger; onLost?: (err: RedisDataLostError) => void },
): Promise<RedisGuard> {
  await assertNoEviction(redis);
  const id = await openEpoch(redis, prefix, { hasHistory });
  const check = epochCheck(redis, prefix, id);
  const watch = watchEpoch(redis, prefix, id, {
    onLost(err) {
      logger.fatal({ code: err.code, reason: err.reason }, `${err.message}; not ready until an operator recovers`);
      onLost?.(err);
    },
  });
  return { verify: () => check.verify(), isIntact: () => watch.isIntact(), stop: () => watch.stop() };
}
