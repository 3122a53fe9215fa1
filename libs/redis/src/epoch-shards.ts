import { Cluster } from "ioredis";
import type { Redis } from "./client.js";
import { epochKey, epochScripts } from "./epoch-scripts.js";

/**
 * On Redis Cluster each master holds a share of the phones and can lose it on its own, while
 * the epoch hash lives in one slot. So the epoch gets a marker on every master: a hash like
 * the epoch (`id`, `ticks`) in a slot that master serves, checked and ticked with the epoch.
 * The epoch's `shards` field lists them ("0,5,7": `${prefix}epoch:{m0}`…). A marker moves with
 * its slot in a resharding and stays valid; a master added later gets one at the next boot.
 */

export const markerKey = (prefix: string, n: number): string => `${prefix}epoch:{m${n}}`;

/** The numbers of the epoch's markers as recorded in it (none off Cluster). */
export async function recordedMarkers(redis: Redis, prefix: string): Promise<number[]> {
  if (!(redis instanceof Cluster)) return [];
  return markersOf(await redis.hget(epochKey(prefix), "shards"));
}

/** The `shards` field read as marker numbers. */
export const markersOf = (shards: string | null | undefined): number[] => (shards ? shards.split(",").map(Number) : []);

/**
 * Gives every master that holds no marker one, carrying the epoch's id. Deterministic (the
 * lowest free number landing on the master), so services booting together pick the same.
 */
export async function markMasters(cluster: Cluster, prefix: string, id: string): Promise<void> {
  // Each range: first slot, last slot, then its master [host, port, node id] and replicas.
  const ranges = await cluster.cluster("SLOTS");
  const ownerOf = (slot: number) => ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[2];
  const slotOf = async (n: number) => Number(await cluster.cluster("KEYSLOT", markerKey(prefix, n)));
  const masters = new Set(ranges.flatMap((range) => (range[2] ? [range[2][2]] : [])));
  const recorded = await recordedMarkers(cluster, prefix);
  const covered = new Set(await Promise.all(recorded.map(async (n) => ownerOf(await slotOf(n)))));
  const scripts = epochScripts(cluster);
  const added: number[] = [];
  // 16384 slots over a handful of masters: a few tries find each one.
  for (let n = 0; [...masters].some((m) => !covered.has(m)) && n < 100_000; n++) {
    if (recorded.includes(n)) continue;
    const owner = ownerOf(await slotOf(n));
    if (owner === undefined || covered.has(owner)) continue;
    await scripts.epochCreate(markerKey(prefix, n), id, new Date().toISOString());
    covered.add(owner);
    added.push(n);
  }
  if (added.length > 0) await cluster.hset(epochKey(prefix), "shards", [...recorded, ...added].join(","));
}
