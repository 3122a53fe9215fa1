import { randomUUID } from "node:crypto";
import { Cluster } from "ioredis";
import type { Redis } from "./client.js";
import { epochCheck } from "./epoch-check.js";
import { markerKey, markMasters, recordedMarkers } from "./epoch-shards.js";
import { RedisDataLostError } from "./errors.js";
import { epochKey, epochScripts } from "./epoch-scripts.js";

/**
 * The epoch is one hash, `${prefix}epoch` (`id`, `createdAt`, `ticks`), that marks "this Redis
 * holds sunseo's data". Redis losing its data loses the epoch too, which is how the loss is
 * noticed: at boot here, while running with `epochCheck` and `watchEpoch`.
 */

export interface OpenEpochOptions {
  /** Whether this deployment already ran (e.g. the service's consumer group has committed offsets). */
  hasHistory: () => Promise<boolean>;
}

/**
 * Returns the epoch's id, creating the epoch on a fresh deployment. Throws `RedisDataLostError`
 * when the epoch is missing but the deployment already ran, or when a watcher marked it lost.
 */
export async function openEpoch(redis: Redis, prefix: string, { hasHistory }: OpenEpochOptions): Promise<string> {
  const key = epochKey(prefix);
  const [found, lost] = await redis.hmget(key, "id", "lost");
  if (found && lost) throw new RedisDataLostError("went-back", { key, expectedId: found, detail: lost });
  if (!found && (await hasHistory())) throw new RedisDataLostError("no-epoch", { key });
  const id = found ?? (await epochScripts(redis).epochCreate(key, randomUUID(), new Date().toISOString()));
  if (redis instanceof Cluster) {
    // Every master recorded must still hold its marker; masters without one get one.
    await epochCheck(redis, prefix, id).verify();
    await markMasters(redis, prefix, id);
  }
  return id;
}

/**
 * The recovery command's library half: after an operator decided how to handle a loss, writes
 * a new epoch (new id, the operator's note) so services start again. Services still running
 * on the old epoch see it replaced and turn unready, so stop them first.
 */
export async function acceptLoss(redis: Redis, prefix: string, note: string): Promise<{ id: string; previousId: string | null }> {
  const key = epochKey(prefix);
  const id = randomUUID();
  // The old epoch's markers go too: the next boot marks every master with the new id.
  await Promise.all((await recordedMarkers(redis, prefix)).map((n) => redis.del(markerKey(prefix, n))));
  const replies = await redis.multi().hget(key, "id").del(key).hset(key, { id, createdAt: new Date().toISOString(), ticks: 0, note }).exec();
  const previousId = replies?.[0]?.[1];
  return { id, previousId: typeof previousId === "string" ? previousId : null };
}
