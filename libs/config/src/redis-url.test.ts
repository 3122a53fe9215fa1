import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, loadConfig } from "./load-config.js";
import { redisEnv } from "./env.js";
import { parseRedisUrl, redactRedisUrl } from "./redis-url.js";

describe("parseRedisUrl", () => {
  it("reads one server as the URL ioredis takes, TLS from rediss://", () => {
    expect(parseRedisUrl("redis://127.0.0.1:6379")).toEqual({ mode: "standalone", url: "redis://127.0.0.1:6379", tls: false });
    expect(parseRedisUrl("rediss://app:s3cr%40t@cache.internal:6380/2")).toEqual({
      mode: "standalone",
      url: "rediss://app:s3cr%40t@cache.internal:6380/2",
      tls: true,
      username: "app",
      password: "s3cr@t",
    });
  });

  it("reads a Cluster's seed nodes and credentials, 6379 when a port is left out", () => {
    expect(parseRedisUrl("redis+cluster://:pw@10.0.0.1:7000, 10.0.0.2:7001,redis-2")).toEqual({
      mode: "cluster",
      nodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "10.0.0.2", port: 7001 },
        { host: "redis-2", port: 6379 },
      ],
      tls: false,
      password: "pw",
    });
    expect(parseRedisUrl("rediss+cluster://[::1]:7000")).toEqual({ mode: "cluster", nodes: [{ host: "::1", port: 7000 }], tls: true });
  });

  it("reads sentinels, the master's name, the database and the sentinels' own password", () => {
    expect(parseRedisUrl("redis+sentinel://default:pw@s1,s2:26380/sunseo-main/3?sentinelPassword=spw")).toEqual({
      mode: "sentinel",
      sentinels: [
        { host: "s1", port: 26379 },
        { host: "s2", port: 26380 },
      ],
      name: "sunseo-main",
      db: 3,
      sentinelPassword: "spw",
      tls: false,
      username: "default",
      password: "pw",
    });
  });

  it.each([
    ["http://127.0.0.1:6379", /must look like redis:\/\//],
    ["redis://a:1,b:2", /names one server/],
    ["redis://a:1/x", /database number/],
    ["redis+cluster://a:1/2", /only database 0/],
    ["redis+sentinel://s1:26379", /master's name/],
    ["redis+sentinel://s1:26379/main/x", /only a database number/],
    ["redis+cluster://a:99999", /out of range/],
    ["redis+cluster://a:1,,b:2", /is not host or host:port/],
  ])("refuses %s with a reason", (text, reason) => {
    expect(() => parseRedisUrl(text)).toThrow(reason);
  });

  it("masks credentials for logs", () => {
    expect(redactRedisUrl("redis+sentinel://u:pw@s1,s2/main?sentinelPassword=spw&x=1")).toBe("redis+sentinel://***@s1,s2/main?sentinelPassword=***&x=1");
  });
});

describe("REDIS_URL and SUNSEO_REDIS_PREFIX in a service's config", () => {
  const schema = z.object(redisEnv);

  it("accepts the three forms", () => {
    for (const url of ["redis://127.0.0.1:6379", "redis+cluster://a:1,b:2", "redis+sentinel://s:26379/main"]) {
      expect(loadConfig(schema, { REDIS_URL: url }).REDIS_URL).toBe(url);
    }
  });

  it("refuses a bad URL without echoing its password, and a prefix with a brace", () => {
    let error: unknown;
    try {
      loadConfig(schema, { REDIS_URL: "redis+sentinel://app:hunter2@s1:26379", SUNSEO_REDIS_PREFIX: "app:{x}:" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^REDIS_URL: redis\+sentinel:\/\/ needs the master's name .*\(got "redis\+sentinel:\/\/\*\*\*@s1:26379"\)$/),
      expect.stringMatching(/^SUNSEO_REDIS_PREFIX: no \{ or \}/),
    ]);
    expect((error as Error).message).not.toContain("hunter2");
  });
});
