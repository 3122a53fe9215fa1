import type { Redis } from "./client.js";
import { RedisDataLostError } from "./errors.js";
import { epochKey } from "./epoch-scripts.js";
import { markerKey, markersOf } from "./epoch-shards.js";

/**
 * The hot-path half of loss detection: services call `verify()` once per batch, before acting
 * on what they read from Redis. One auto-pipelined HMGET, so it rides along with the batch's
 * own commands; on Cluster one more, to the epoch's marker on every master (epoch-shards.ts).
 */
export class EpochCheck {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly id: string,
  ) {
    this.key = epochKey(prefix);
  }

  /** Throws `RedisDataLostError` when the epoch is gone, replaced or marked lost; Redis errors pass through. */
  async verify(): Promise<void> {
    const [found, lost, shards] = await this.redis.hmget(this.key, "id", "lost", "shards");
    this.verifyOne(this.key, found ?? null, lost ?? null);
    // On Cluster, the markers on the other masters: one more round trip, to every master at once.
    const markers = markersOf(shards).map((n) => markerKey(this.prefix, n));
    const replies = await Promise.all(markers.map((key) => this.redis.hmget(key, "id", "lost")));
    for (const [i, key] of markers.entries()) this.verifyOne(key, replies[i]![0] ?? null, replies[i]![1] ?? null);
  }

  private verifyOne(key: string, found: string | null, lost: string | null): void {
    if (!found) throw new RedisDataLostError("missing", { key, expectedId: this.id });
    if (found !== this.id) throw new RedisDataLostError("replaced", { key, expectedId: this.id, foundId: found });
    if (lost) throw new RedisDataLostError("went-back", { key, expectedId: this.id, detail: lost });
  }
}

export function epochCheck(redis: Redis, prefix: string, id: string): EpochCheck {
  return new EpochCheck(redis, prefix, id);
}
