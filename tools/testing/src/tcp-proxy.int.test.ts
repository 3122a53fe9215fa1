import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort, startRedisServer, type RedisServer } from "@sunseo/infra";
import { createLogger } from "@sunseo/logger";
import { createRedis, type Redis } from "@sunseo/redis";
import { eventually } from "./eventually.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

// The proxy's own Redis, so that cutting and stalling disturbs nobody else's.
const logger = createLogger({ name: "test-tcp-proxy", level: "silent" });
let dir: string;
let server: RedisServer;
let direct: Redis;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sunseo-proxy-redis-"));
  server = startRedisServer({ port: await freePort(), dir, persistence: "none" });
  await server.waitReady();
  direct = createRedis({ url: server.url, logger });
  await direct.connect();
});

afterAll(async () => {
  direct?.disconnect();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("startTcpProxy in front of Redis", () => {
  let proxy: TcpProxy;
  // Configured as the services configure theirs (createRedis).
  let client: Redis;

  beforeEach(async () => {
    await direct.flushall();
    const { port } = new URL(server.url);
    proxy = await startTcpProxy({ target: { host: "127.0.0.1", port: Number(port) } });
    client = createRedis({ url: proxy.url("redis"), logger });
    await client.connect();
  });

  afterEach(async () => {
    client.disconnect();
    await proxy.close();
  });

  it("passes commands through one connection", async () => {
    expect(await client.set("k", "v")).toBe("OK");
    expect(await direct.get("k")).toBe("v");
    expect(proxy.connections()).toBe(1);
  });

  it("delay holds every chunk until it is due; heal lets it go at once", async () => {
    proxy.delay(10 * 60_000);
    const set = client.set("k", "v");
    await eventually(() => expect(proxy.heldChunks()).toBeGreaterThan(0));
    expect(await direct.get("k")).toBeNull();
    await proxy.heal();
    expect(await set).toBe("OK");
    expect(await direct.get("k")).toBe("v");

    proxy.delay(20);
    expect(await client.ping()).toBe("PONG");
  });

  it("stall holds requests without closing the connection", async () => {
    proxy.stall(true);
    const set = client.set("k", "v");
    await eventually(() => expect(proxy.heldChunks()).toBeGreaterThan(0));
    expect(await direct.get("k")).toBeNull();
    expect(proxy.connections()).toBe(1);
    expect(client.status).toBe("ready");
    await proxy.heal();
    expect(await set).toBe("OK");
  });

  it("cut while refusing fails an in-flight command; after heal the client reconnects", async () => {
    const blocked = client.blpop("never-pushed", 0);
    await eventually(async () => expect(await direct.info("clients")).toMatch(/blocked_clients:1/));
    await proxy.refuse(true);
    proxy.cut();
    await expect(blocked).rejects.toThrow(/max retries per request/i);
    await proxy.heal();
    await eventually(async () => expect(await client.ping()).toBe("PONG"));
  });

  it("refuse makes new connections fail as against a dead server", async () => {
    await proxy.refuse(true);
    expect(await connectOutcome(proxy.port)).toBe("ECONNREFUSED");
    await proxy.refuse(false);
    expect(await connectOutcome(proxy.port)).toBe("connected");
  });

  // Not a proxy property but what a campaign must expect of ioredis: a command whose answer was
  // lost is sent again after the reconnect, so a non-idempotent one runs twice.
  it("when an answer is lost in a cut, ioredis resends the command and it runs twice", async () => {
    await client.ping();
    proxy.stall(true, "to-client");
    const incr = client.incr("counter");
    await eventually(async () => expect(await direct.get("counter")).toBe("1"));
    proxy.cut();
    await proxy.heal();
    expect(await incr).toBe(2);
    expect(await direct.get("counter")).toBe("2");
  });
});

function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}
