import { describe, expect, it } from "vitest";
import { sequencerKeys } from "./keys.js";

describe("sequencerKeys", () => {
  const keys = sequencerKeys("sunseo:");

  it("gives every key of a phone the same hash tag, so one Lua script may touch them all on Redis Cluster", () => {
    const tags = [keys.state, keys.outbox, keys.sends].map((key) => /\{[^}]*\}/.exec(key("01012345678"))?.[0]);
    expect(tags).toEqual(["{01012345678}", "{01012345678}", "{01012345678}"]);
  });

  it("starts every key with the prefix", () => {
    for (const key of [keys.state("01012345678"), keys.outbox("01012345678"), keys.sends("01012345678"), keys.timers(3), keys.instance("abc")]) {
      expect(key.startsWith("sunseo:")).toBe(true);
    }
  });
});
