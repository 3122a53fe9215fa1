import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./load-config.js";
import { topicsEnvSchema } from "./topics-env.js";

describe("topicsEnvSchema", () => {
  it("defaults to a cluster's settings and no retention overrides", () => {
    expect(loadConfig(topicsEnvSchema, {})).toEqual({ SUNSEO_TOPIC_REPLICATION_FACTOR: 3, SUNSEO_TOPIC_MIN_ISR: 2, SUNSEO_TOPIC_RETENTION: {} });
  });

  it("reads per-topic retention as durations", () => {
    const config = loadConfig(topicsEnvSchema, { SUNSEO_TOPIC_RETENTION: "flow-start=3d, dlq = 30d" });
    expect(config.SUNSEO_TOPIC_RETENTION).toEqual({ "flow-start": 3 * 86_400_000, dlq: 30 * 86_400_000 });
  });

  it("names every bad entry: an unknown topic, a bad duration, a missing =", () => {
    const error = (() => {
      try {
        return loadConfig(topicsEnvSchema, { SUNSEO_TOPIC_RETENTION: "flowstart=3d,dlq=soon,report", SUNSEO_TOPIC_REPLICATION_FACTOR: "1" });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toContain('"flowstart" is not a sunseo topic');
    expect(text).toContain('"soon" is not a duration');
    expect(text).toContain('"report" is not topic=duration');
  });

  it("refuses min.insync.replicas above the replication factor", () => {
    expect(() => loadConfig(topicsEnvSchema, { SUNSEO_TOPIC_REPLICATION_FACTOR: "1" })).toThrow("must not exceed SUNSEO_TOPIC_REPLICATION_FACTOR");
  });
});
