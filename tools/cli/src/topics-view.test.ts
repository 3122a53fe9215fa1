import { describe, expect, it } from "vitest";
import { renderTopicRows, topicRows, topicsOk } from "./topics-view.js";

describe("topicRows", () => {
  it("is ok when every topic has the same count", () => {
    const rows = topicRows(["a", "b"], { a: 12, b: 12 });
    expect(topicsOk(rows)).toBe(true);
    expect(renderTopicRows(rows)).toContain("all 2 topics exist with 12 partitions");
  });

  it("marks missing topics and those that differ from the common count", () => {
    const rows = topicRows(["a", "b", "c", "d"], { a: 12, b: 6, c: 12, d: "missing" });
    expect(rows.map((r) => r.status)).toEqual(["ok", "differs", "ok", "missing"]);
    expect(topicsOk(rows)).toBe(false);
    const text = renderTopicRows(rows);
    expect(text).toMatch(/^b\s+6\s+-\s+-\s+-\s+differs$/m);
    expect(text).toContain("problem: 2 topic(s)");
  });

  it("shows each topic's replicas, min ISR and retention, and the warnings below the verdict", () => {
    const state = { name: "a", partitions: 12, replicationFactor: 3, minInsyncReplicas: 2, retentionMs: 7 * 86_400_000 };
    const rows = topicRows(["a"], { a: 12 }, new Map([["a", state]]));
    const text = renderTopicRows(rows, ["a: retention 7d, configured 3d"]);
    expect(text).toMatch(/^a\s+12\s+3\s+2\s+7d\s+ok$/m);
    expect(text.endsWith("warning: a: retention 7d, configured 3d")).toBe(true);
  });
});
