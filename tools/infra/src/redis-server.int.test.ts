import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "./ports.js";
import { startRedisServer, type RedisServer } from "./redis-server.js";
import type { RedisPersistence } from "./redis-config.js";

describe("startRedisServer", () => {
  let server: RedisServer | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function writeThenCrash(persistence: RedisPersistence): Promise<string | null> {
    dir = mkdtempSync(join(tmpdir(), "sunseo-redis-"));
    server = startRedisServer({ port: await freePort(), dir, persistence });
    await server.waitReady();
    const before = server.pid;
    await withClient(server.url, (redis) => redis.set("acknowledged", "yes"));
    await server.restart();
    await server.waitReady();
    expect(server.pid).not.toBe(before);
    return withClient(server.url, (redis) => redis.get("acknowledged"));
  }

  it("with aof-always keeps an acknowledged write across a SIGKILL", async () => {
    expect(await writeThenCrash("aof-always")).toBe("yes");
  });

  it("with no persistence loses everything on a SIGKILL", async () => {
    expect(await writeThenCrash("none")).toBeNull();
  });

  it("stop ends the process and start brings it back on the same port", async () => {
    dir = mkdtempSync(join(tmpdir(), "sunseo-redis-"));
    server = startRedisServer({ port: await freePort(), dir, persistence: "none" });
    await server.waitReady();
    await server.stop();
    expect(server.running()).toBe(false);
    expect(server.pid).toBeUndefined();
    server.start();
    await server.waitReady();
    expect(await withClient(server.url, (redis) => redis.ping())).toBe("PONG");
  });
});

async function withClient<T>(url: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}
