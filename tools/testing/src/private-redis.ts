import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startRedisServer, type RedisPersistence, type RedisServer } from "@sunseo/infra";

/** A redis-server of the test's own (a free port, a temp dir), for tests that lose, restart or misconfigure Redis. */
export async function startPrivateRedis(persistence: RedisPersistence, extraArgs: string[] = []): Promise<RedisServer & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "sunseo-redis-"));
  const server = startRedisServer({ port: await freePort(), dir, persistence, extraArgs });
  await server.waitReady();
  return Object.assign(server, {
    async dispose() {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** GET a service's /readyz: true for 200. */
export async function isReady(opsPort: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${opsPort}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
}
