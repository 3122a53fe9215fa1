import type { Redis } from "./client.js";
import { RedisDataLostError } from "./errors.js";
import { epochKey } from "./epoch-scripts.js";

/**
 * The hot-path half of loss detection: services call `verify()` once per batch, before acting
 * on what they read from Redis. One auto-pipelined HMGET, so it rides along with the batch's
 * own commands.
 */
export class EpochCheck {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly id: string,
  ) {
    this.key = epochKey(prefix);
  }

  /** Throws `RedisDataLostError` when the epoch is gone, replaced or marked lost; Redis errors pass through. */
  async verify(): Promise<void> {
    const [found, lost] = await this.redis.hmget(this.key, "id", "lost");
    if (!found) throw new RedisDataLostError("missing", { key: this.key, expectedId: this.id });
    if (found !== this.id) throw new RedisDataLostError("replaced", { key: this.key, expectedId: this.id, foundId: found });
    if (lost) throw new RedisDataLostError("went-back", { key: this.key, expectedId: this.id, detail: lost });
  }
}

export function epochCheck(redis: Redis, prefix: string, id: string): EpochCheck {
  return new EpochCheck(redis, prefix, id);
}
