import { describe, expect, it } from "vitest";
import { KeyedSerializer } from "./keyed-serializer.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("KeyedSerializer", () => {
  it("never overlaps tasks of one key, overlaps different keys, survives a failing task", async () => {
    const serializer = new KeyedSerializer<number>();
    const running = new Map<number, number>();
    let maxPerKey = 0;
    let maxOverall = 0;
    const task =
      (key: number, fail = false) =>
      async () => {
        running.set(key, (running.get(key) ?? 0) + 1);
        maxPerKey = Math.max(maxPerKey, running.get(key)!);
        maxOverall = Math.max(
          maxOverall,
          [...running.values()].reduce((a, b) => a + b, 0),
        );
        await tick();
        running.set(key, running.get(key)! - 1);
        if (fail) throw new Error("boom");
        return key;
      };
    const results = await Promise.allSettled([0, 1, 0, 1, 0, 2].map((key, i) => serializer.run(key, task(key, i === 2))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect(maxPerKey).toBe(1);
    expect(maxOverall).toBeGreaterThan(1);
  });
});
