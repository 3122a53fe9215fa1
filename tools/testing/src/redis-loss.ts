import { freePort } from "@sunseo/infra";
import { eventually } from "./eventually.js";
import { isReady, startPrivateRedis } from "./private-redis.js";
import { startServiceProcess } from "./service-process.js";

export interface RedisLossCheck {
  /** The service's output around the loss, for the test's own assertions. */
  output: string;
  /** How a second start of the service on the emptied Redis ended: its exit code and output. */
  restart: { code: number | null; output: string };
}

/**
 * Runs a service as its own process on a Redis of the test's own without persistence,
 * lets `activity` give it history (committed offsets), restarts Redis empty, and waits
 * (event-driven) for the service to turn unready; then starts it again and waits for it
 * to refuse to run on the emptied Redis. Any step not reached fails the test.
 */
export async function checkRedisLoss(service: string, env: Record<string, string>, activity: () => Promise<void>): Promise<RedisLossCheck> {
  const redis = await startPrivateRedis("none");
  const port = await freePort();
  const full = { ...env, REDIS_URL: redis.url, PORT: String(port), LOG_LEVEL: "info" };
  const first = startServiceProcess(service, full);
  try {
    await eventually(
      async () => {
        if (!(await isReady(port))) throw new Error(`${service} not ready yet:\n${first.output().slice(-2000)}`);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await activity();
    await redis.restart();
    await redis.waitReady();
    await eventually(
      async () => {
        if (await isReady(port)) throw new Error(`${service} still ready after Redis lost its data`);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const output = first.output();
    await first.stop();
    const second = startServiceProcess(service, full);
    const code = await new Promise<number | null>((resolve) => second.child.once("exit", resolve));
    return { output, restart: { code, output: second.output() } };
  } finally {
    await first.kill();
    await redis.dispose();
  }
}

/** Starts a service on a Redis configured to evict keys; resolves with its exit code and output. */
export async function startOnEvictingRedis(service: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const redis = await startPrivateRedis("none", ["--maxmemory-policy", "allkeys-lru"]);
  try {
    const process = startServiceProcess(service, { ...env, REDIS_URL: redis.url, PORT: String(await freePort()) });
    const code = await new Promise<number | null>((resolve) => process.child.once("exit", resolve));
    return { code, output: process.output() };
  } finally {
    await redis.dispose();
  }
}
