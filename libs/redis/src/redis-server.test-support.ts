import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { createLogger } from "@sunseo/logger";
import { createRedis, type Redis } from "./index.js";

/**
 * A redis-server of the test's own, on a free port with its own directory: tests that restart,
 * stop or misconfigure Redis must never touch the shared one.
 */
export interface OwnRedisServer {
  url: string;
  start(): Promise<void>;
  /** SIGTERM: a clean shutdown (with AOF, everything written is kept). */
  stop(): Promise<void>;
  /** Stops the server and removes its directory. */
  remove(): Promise<void>;
}

export interface OwnRedisOptions {
  /** AOF with fsync on every write, so a restart keeps all data; default: no persistence at all. */
  persistent?: boolean;
  maxmemoryPolicy?: string;
}

export async function ownRedisServer({ persistent = false, maxmemoryPolicy = "noeviction" }: OwnRedisOptions = {}): Promise<OwnRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "sunseo-redis-test-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--maxmemory-policy", maxmemoryPolicy];
  args.push(...(persistent ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]));
  let child: ChildProcess | undefined;

  const server: OwnRedisServer = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = await spawnReady(args);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGTERM");
      await exited;
    },
    async remove() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** An own server and a client to it built as services build theirs; both gone when the test ends. */
export async function ownRedis(options?: OwnRedisOptions): Promise<{ server: OwnRedisServer; redis: Redis }> {
  const server = await ownRedisServer(options);
  onTestFinished(() => server.remove());
  const logger = createLogger({ name: "test-redis", level: (process.env.TEST_LOG_LEVEL as "info" | undefined) ?? "fatal" });
  const redis = createRedis({ url: server.url, logger, connectTimeoutMs: 1_000 });
  await redis.connect();
  onTestFinished(() => redis.disconnect());
  return { server, redis };
}

/** Resolves once the server logs that it accepts connections (after loading its AOF, if any). */
function spawnReady(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", (err) => reject(new Error(`cannot run redis-server (is it on PATH?): ${err.message}`)));
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
