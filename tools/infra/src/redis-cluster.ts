import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { MissingToolError } from "./errors.js";
import { freePort } from "./ports.js";
import { waitFor } from "./probe.js";
import { commandVersion } from "./process.js";
import type { RedisPersistence } from "./redis-config.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";

const run = promisify(execFile);

export interface RedisClusterOptions {
  /** Masters, each holding an equal share of the 16384 slots; default 3 (the smallest Cluster redis-cli creates). */
  masters?: number;
  persistence?: RedisPersistence;
}

export interface RedisCluster {
  /** REDIS_URL for sunseo: redis+cluster:// with every node as a seed. */
  url: string;
  nodes: RedisServer[];
  /** Kills every node and removes their directories. */
  dispose(): Promise<void>;
}

/**
 * A Redis Cluster of its caller's own on loopback (free ports, a temp dir), for tests and
 * benchmarks that must run against Cluster's rules (one slot per multi-key command, MOVED
 * replies). Resolves once every node reports `cluster_state:ok`.
 */
export async function startRedisCluster({ masters = 3, persistence = "none" }: RedisClusterOptions = {}): Promise<RedisCluster> {
  if (!commandVersion("redis-cli", ["--version"]))
    throw new MissingToolError("a Redis Cluster needs redis-cli on PATH to join its nodes (install redis-tools)");
  const root = mkdtempSync(join(tmpdir(), "sunseo-redis-cluster-"));
  const nodes: RedisServer[] = [];
  const dispose = async () => {
    await Promise.all(nodes.map((node) => node.kill()));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const dir = join(root, `node-${i}`);
      // The bus port is given explicitly: the default (port + 10000) may be taken, or past 65535.
      const [port, busPort] = [await freePort(), await freePort()];
      const extraArgs = ["--cluster-enabled", "yes", "--cluster-port", String(busPort), "--cluster-config-file", join(dir, "nodes.conf")];
      nodes.push(startRedisServer({ port, dir, persistence, extraArgs: [...extraArgs, "--cluster-node-timeout", "5000"] }));
    }
    await Promise.all(nodes.map((node) => node.waitReady()));
    const addresses = nodes.map((node) => node.url.replace("redis://", ""));
    await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"], { timeout: 60_000 });
    await waitFor("redis cluster", () => allOk(nodes.map((node) => node.url)), { timeoutMs: 30_000 });
    return { url: `redis+cluster://${addresses.join(",")}`, nodes, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/** Every node has all slots assigned and agrees the cluster is up (gossip has converged). */
async function allOk(urls: string[]): Promise<boolean> {
  const infos = await Promise.all(
    urls.map(async (url) => {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on("error", () => undefined);
      try {
        await redis.connect();
        return await redis.cluster("INFO");
      } catch {
        return "";
      } finally {
        redis.disconnect();
      }
    }),
  );
  return infos.every((info) => /^cluster_state:ok/m.test(info) && /^cluster_slots_ok:16384/m.test(info));
}
