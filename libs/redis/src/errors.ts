/**
 * Redis is configured so that it may drop keys under memory pressure. sunseo's keys are its
 * state (timers, lanes, refkeys), not a cache: an evicted key is a flow that never ends or a
 * step sent twice. Not retriable: the configuration must change first.
 */
export class RedisEvictionPolicyError extends Error {
  override readonly name = "RedisEvictionPolicyError";
  readonly code = "REDIS_EVICTION_POLICY";
  readonly retriable = false;

  /** `policy` is undefined when `INFO memory` does not report one (a proxy that hides it). */
  constructor(readonly policy: string | undefined) {
    super(
      `Redis maxmemory-policy is ${policy === undefined ? "not reported by INFO memory" : `"${policy}"`}; sunseo needs "noeviction" ` +
        `(an evicted key is a lost timer, lane or dispatch record). Set maxmemory-policy noeviction in redis.conf, ` +
        `with CONFIG SET, or in your provider's parameter group, and give Redis enough memory.`,
    );
  }
}

/**
 * How the loss showed:
 * - `no-epoch`: at boot, no epoch although the deployment already ran (Redis restarted empty, or was flushed).
 * - `missing`: the epoch vanished while running.
 * - `replaced`: another epoch id (someone accepted a loss, or a second deployment started on an empty Redis).
 * - `went-back`: the epoch's tick counter went backwards (a failover to a replica that missed writes),
 *   or an earlier check recorded that it did.
 */
export type RedisDataLossReason = "no-epoch" | "missing" | "replaced" | "went-back";

/**
 * Redis no longer holds the data sunseo wrote to it. Not retriable: continuing would leave
 * flows without timers, lanes looking free and replayed dispatches sent again, so the service
 * stops being ready until an operator recovers (README "Recovering from Redis data loss").
 */
export class RedisDataLostError extends Error {
  override readonly name = "RedisDataLostError";
  readonly code = "REDIS_DATA_LOST";
  readonly retriable = false;

  constructor(
    readonly reason: RedisDataLossReason,
    readonly details: {
      /** The epoch key, e.g. `sunseo:epoch`. */
      key: string;
      /** The epoch this process opened (absent at boot). */
      expectedId?: string;
      /** The id Redis holds now, for `replaced`. */
      foundId?: string;
      /** What the tick check saw, for `went-back`. */
      detail?: string;
    },
  ) {
    super(`${describe(reason, details)}: Redis lost its data; see README "Recovering from Redis data loss"`);
  }
}

function describe(reason: RedisDataLossReason, { key, expectedId, foundId, detail }: RedisDataLostError["details"]): string {
  switch (reason) {
    case "no-epoch":
      return `Redis has no sunseo epoch (${key}) but this deployment already ran (its consumer group has committed offsets)`;
    case "missing":
      return `the sunseo epoch ${expectedId ?? ""} (${key}) vanished from Redis`;
    case "replaced":
      return `the sunseo epoch (${key}) is now ${foundId ?? "?"}, not ${expectedId ?? "?"}`;
    case "went-back":
      return `the sunseo epoch (${key}) went back in time (${detail ?? "marked lost"})`;
  }
}
