import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, loadConfig } from "./load-config.js";
import { durationEnv, kafkaEnv, redisEnv } from "./env.js";
import { parseDuration } from "./duration.js";
import { DEFAULT_TOPIC_PREFIX } from "@sunseo/contracts";

const schema = z.object({ ...kafkaEnv, ...redisEnv, STEP_TIMEOUT: durationEnv("10m"), API_SECRET: z.string().min(8) });

describe("loadConfig", () => {
  it("applies defaults and parses values", () => {
    const config = loadConfig(schema, { API_SECRET: "abcdefgh", KAFKA_BROKERS: "a:1, b:2" });
    expect(config.KAFKA_BROKERS).toEqual(["a:1", "b:2"]);
    expect(config.SUNSEO_PARTITIONS).toBe(12);
    expect(config.SUNSEO_TOPIC_PREFIX).toBe(DEFAULT_TOPIC_PREFIX);
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(config.STEP_TIMEOUT).toBe(600_000);
  });

  it("lists every problem at once and hides secret values", () => {
    const bad = { KAFKA_BROKERS: "nohost", SUNSEO_PARTITIONS: "zero", REDIS_URL: "http://x", STEP_TIMEOUT: "soon", API_SECRET: "short" };
    let error: unknown;
    try {
      loadConfig(schema, bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(":")[0])).toEqual(
      expect.arrayContaining(["KAFKA_BROKERS.0", "SUNSEO_PARTITIONS", "REDIS_URL", "STEP_TIMEOUT", "API_SECRET"]),
    );
    expect((error as Error).message).not.toContain("short");
    expect((error as Error).message).toContain('"soon" is not a duration');
  });
});

describe("parseDuration", () => {
  it.each([
    ["250ms", 250],
    ["30s", 30_000],
    ["10m", 600_000],
    ["1h", 3_600_000],
    ["7d", 604_800_000],
    ["1500", 1500],
    ["0.5s", 500],
  ])("%s -> %i ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "ten", "5 weeks", "-1s"])("rejects %j", (text) => expect(() => parseDuration(text)).toThrow(/not a duration/));
});
