import { describe, expect, it } from "vitest";
import { offsetsPartition } from "./offsets-partition.js";
import { parseChaosArgs } from "./options.js";
import { buildSchedule, NODE_OUTAGE_MS } from "./schedule.js";

describe("the cluster mode", () => {
  it("is its own profile with a modest default load", () => {
    expect(parseChaosArgs(["--mode", "cluster"])).toMatchObject({ mode: "cluster", profile: "cluster", flows: 400 });
  });

  it("kills one node once and starts it again 20 s later, after a warm-up", () => {
    const { faults } = buildSchedule({ seed: 7, profile: "cluster" });
    expect(faults.map((f) => f.action.kind)).toEqual(["node-kill", "node-start"]);
    expect(faults[0]!.atMs).toBeGreaterThan(0);
    expect(faults[1]!.atMs - faults[0]!.atMs).toBe(NODE_OUTAGE_MS);
  });
});

describe("offsetsPartition", () => {
  it("matches Java's String.hashCode mod the partition count", () => {
    // "hello".hashCode() == 99162322 in Java.
    expect(offsetsPartition("hello", 50)).toBe(99_162_322 % 50);
    expect(offsetsPartition("", 12)).toBe(0);
  });

  it("masks a negative hash as Kafka's Utils.abs does", () => {
    // "polygenelubricants".hashCode() == Integer.MIN_VALUE: Math.abs would overflow, the mask gives 0.
    expect(offsetsPartition("polygenelubricants", 12)).toBe(0);
    // "sunseo-sequencer" hashes negative: masked, not negated.
    const javaHash = [..."sunseo-sequencer"].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0);
    expect(javaHash).toBeLessThan(0);
    expect(offsetsPartition("sunseo-sequencer", 12)).toBe((javaHash & 0x7fffffff) % 12);
  });
});
