import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis as Direct } from "ioredis";
import { createLogger } from "@sunseo/logger";
import { eventually, freePort, startPrivateRedis } from "@sunseo/testing";
import { createRedis, guardRedis, type Redis } from "./index.js";

const logger = createLogger({ name: "test-redis-sentinel", level: (process.env.TEST_LOG_LEVEL as "info" | undefined) ?? "fatal" });

const portOf = (url: string): number => Number(url.split(":").at(-1));

/** A master, its replica and one sentinel watching them, all of the test's own on loopback. */
describe("Redis through Sentinel (redis+sentinel://)", () => {
  let dir: string;
  let master: Awaited<ReturnType<typeof startPrivateRedis>>;
  let replica: typeof master;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  let redis: Redis;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sunseo-sentinel-"));
    master = await startPrivateRedis("aof-always");
    const masterPort = portOf(master.url);
    replica = await startPrivateRedis("aof-always", ["--replicaof", "127.0.0.1", String(masterPort)]);
    // The replica has finished its first sync, so WAIT can count it.
    await eventually(
      async () => {
        const info = await withServer(master.url, (m) => m.info("replication"));
        expect(info).toMatch(/^slave0:.*state=online/m);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    sentinelPort = await freePort();
    const conf = join(dir, "sentinel.conf");
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        "bind 127.0.0.1",
        `dir ${dir}`,
        `sentinel monitor sunseo 127.0.0.1 ${masterPort} 1`,
        "sentinel down-after-milliseconds sunseo 1000",
        "sentinel failover-timeout sunseo 5000",
      ].join("\n"),
    );
    sentinel = spawn("redis-server", [conf, "--sentinel"], { stdio: "ignore" });
    // The sentinel knows the replica once it has asked the master (INFO every 10 s at most).
    await eventually(
      async () => {
        const replicas = await withSentinel((s) => s.call("SENTINEL", "REPLICAS", "sunseo"));
        expect(replicas).toHaveLength(1);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    redis = createRedis({ url: `redis+sentinel://127.0.0.1:${sentinelPort}/sunseo`, logger, connectTimeoutMs: 2_000 });
    await redis.connect();
  });
  afterAll(async () => {
    redis?.disconnect();
    sentinel?.kill("SIGKILL");
    await Promise.all([master?.dispose(), replica?.dispose()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const withSentinel = <T>(use: (s: Direct) => Promise<T>): Promise<T> => withServer(`redis://127.0.0.1:${sentinelPort}`, use);

  async function withServer<T>(url: string, use: (s: Direct) => Promise<T>): Promise<T> {
    const s = new Direct(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    s.on("error", () => undefined);
    try {
      await s.connect();
      return await use(s);
    } finally {
      s.disconnect();
    }
  }

  it("writes to the master the sentinel names, and follows a failover to the replica with its data and epoch intact", async () => {
    const guard = await guardRedis(redis, { prefix: "sunseo:", hasHistory: async () => false, logger });
    try {
      await redis.set("sunseo:{01012345678}:state", "before failover");
      // Acknowledged by the replica too: a failover now must keep it.
      expect(await redis.call("WAIT", "1", "2000")).toBe(1);

      await withSentinel((s) => s.call("SENTINEL", "FAILOVER", "sunseo"));
      await eventually(
        async () => {
          const [, port] = (await withSentinel((s) => s.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "sunseo"))) as [string, string];
          expect(Number(port)).toBe(portOf(replica.url));
          await redis.set("sunseo:{01012345678}:after", "after failover");
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(await redis.get("sunseo:{01012345678}:state")).toBe("before failover");
      await guard.verify();
      expect(guard.isIntact()).toBe(true);
    } finally {
      guard.stop();
    }
  });
});
