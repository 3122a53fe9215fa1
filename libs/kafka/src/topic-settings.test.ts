import { describe, expect, it } from "vitest";
import { topics } from "@sunseo/contracts";
import { PartitionCountChangeError, topicSpecs, topicWarnings, type TopicSpec } from "./topic-settings.js";

const DAY = 86_400_000;
const spec: TopicSpec = { name: "sunseo.flow-start", partitions: 12, replicationFactor: 3, minInsyncReplicas: 2, retentionMs: 7 * DAY };

describe("topicSpecs", () => {
  it("gives every topic the shared settings and its own retention, overridable by base name", () => {
    const specs = topicSpecs({ prefix: "p.", partitions: 6, replicationFactor: 3, minInsyncReplicas: 2, retentionMs: { "flow-start": DAY } });
    expect(specs).toHaveLength(Object.keys(topics).length);
    expect(specs.find((s) => s.name === "p.flow-start")).toEqual({
      name: "p.flow-start",
      partitions: 6,
      replicationFactor: 3,
      minInsyncReplicas: 2,
      retentionMs: DAY,
    });
    expect(specs.find((s) => s.name === "p.dlq")?.retentionMs).toBe(topics.dlq.retentionMs);
  });

  it("marks the topics that carry personal data beyond the phone", () => {
    expect(
      Object.values(topics)
        .filter((t) => t.personalData)
        .map((t) => t.base),
    ).toEqual(["flow-start", "dlq"]);
  });
});

describe("topicWarnings", () => {
  it("says nothing about a topic as configured", () => {
    expect(topicWarnings(spec, { ...spec }, 3)).toEqual([]);
  });

  it("warns about one replica on a multi-broker cluster, whatever the configuration", () => {
    const single = { ...spec, replicationFactor: 1, minInsyncReplicas: 1 };
    expect(topicWarnings({ ...single }, single, 3)).toEqual([
      "sunseo.flow-start: replication factor 1 on a 3-broker cluster: losing one broker loses its data and stops it",
    ]);
    expect(topicWarnings({ ...single }, single, 1)).toEqual([]);
  });

  it("names each setting that differs from the configured one", () => {
    const state = { ...spec, replicationFactor: 2, minInsyncReplicas: 3, retentionMs: DAY };
    expect(topicWarnings(spec, state, 3)).toEqual([
      "sunseo.flow-start: replication factor 2, configured 3",
      "sunseo.flow-start: min.insync.replicas 3, configured 2",
      "sunseo.flow-start: min.insync.replicas 3 exceeds its 2 replicas: every acks=all produce fails",
      "sunseo.flow-start: retention 1d, configured 7d",
    ]);
  });
});

describe("PartitionCountChangeError", () => {
  it("names each differing topic and carries the migration procedure", () => {
    const error = new PartitionCountChangeError([{ name: "sunseo.dispatch", partitions: 12, wanted: 24 }]);
    expect(error.message).toContain("sunseo.dispatch has 12, configured 24");
    expect(error.message).toContain("create the topics under a new prefix");
  });
});
