import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { testContext } from "@sunseo/testing";
import { runDemo } from "./run-demo.js";

describe("the demo, small and seeded, end to end", () => {
  it("sunseo's phones see no order violation and every flow ends; the seed's approach does not hold up", async () => {
    const demo = await runDemo({
      repoRoot: fileURLToPath(new URL("../../../", import.meta.url)),
      flows: 60,
      seed: 3,
      log: () => undefined,
      progress: () => undefined,
    });
    try {
      const { naive, sunseo } = demo;
      expect(sunseo.orderViolations).toBe(0);
      expect(sunseo.duplicates).toBe(0);
      expect(sunseo.interleavedPhones).toBe(0);
      const ended = sunseo.ended!;
      expect(ended.completed + ended.failed + ended.timed_out + ended.cancelled).toBe(sunseo.flows);
      expect(ended.failed).toBeGreaterThan(0);
      expect(ended.cancelled).toBeGreaterThan(0);
      expect(sunseo.alerts).toBeGreaterThanOrEqual(ended.failed);
      expect(sunseo.fallbacks).toBeGreaterThan(0);
      // Same seed, same simulator: only waiting for the delivery report keeps the order.
      expect(naive.orderViolations).toBeGreaterThan(0);
    } finally {
      await demo.stop();
    }
    // The run's topics do not pile up on a long-lived broker.
    const ctx = await testContext("demo-topics");
    try {
      expect((await ctx.admin.listTopics()).filter((name) => name.startsWith(demo.topicPrefix))).toEqual([]);
    } finally {
      await ctx.cleanup();
    }
  });
});
