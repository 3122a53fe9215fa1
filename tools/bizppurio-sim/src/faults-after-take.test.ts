import { describe, expect, it } from "vitest";
import { AFTER_TAKE_KINDS, faultConfigSchema, parseFaults, type FaultConfigInput } from "./faults.js";
import { drawAfterTake } from "./faults-after-take.js";
import { seededRandom, type Random } from "./rng.js";

const afterTake = (input: FaultConfigInput["afterTake"]) => parseFaults({ afterTake: input }).afterTake;
/** A PRNG that counts its draws. */
const counting = (seed = 1): { draws: number; random: Random } => {
  const random = seededRandom(seed);
  const counter = {
    draws: 0,
    random: () => {
      counter.draws += 1;
      return random();
    },
  };
  return counter;
};

describe("after-take fault draw", () => {
  it("draws nothing when the group does not apply, so existing seeded runs replay unchanged", () => {
    const c = counting();
    expect(drawAfterTake(afterTake({}), "/v3/message", "01012345678", c.random)).toBeUndefined();
    expect(drawAfterTake(afterTake({ rate: 1 }), "/v2/report", "01012345678", c.random)).toBeUndefined();
    expect(drawAfterTake(afterTake({ rate: 1, phone: "0000$" }), "/v3/message", "01012345678", c.random)).toBeUndefined();
    expect(c.draws).toBe(0);
  });

  it("applies to the listed paths and matching phones, drawing every kind from the seed", () => {
    const config = afterTake({ rate: 1, paths: ["/v3/message", "/v2/report"], phone: "0000$" });
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 100 }, (_, i) => drawAfterTake(config, i % 2 ? "/v2/report" : "/v3/message", "01012340000", random));
    };
    expect(new Set(run(5))).toEqual(new Set(AFTER_TAKE_KINDS));
    expect(run(5)).toEqual(run(5));
  });

  it("loses about `rate` of the taken calls", () => {
    const random = seededRandom(9);
    const config = afterTake({ rate: 0.25, kinds: ["reset"] });
    const lost = Array.from({ length: 1000 }, () => drawAfterTake(config, "/v3/message", "01012345678", random)).filter(Boolean);
    expect(lost.length).toBeGreaterThan(180);
    expect(lost.length).toBeLessThan(320);
  });

  it("rejects unknown kinds, an empty kind list and an invalid phone pattern", () => {
    const issues = (input: unknown) => faultConfigSchema.safeParse({ afterTake: input }).error?.issues.map((i) => i.path.join("."));
    expect(issues({ kinds: ["503-json"] })).toEqual(["afterTake.kinds.0"]);
    expect(issues({ kinds: [] })).toEqual(["afterTake.kinds"]);
    expect(issues({ phone: "(" })).toEqual(["afterTake.phone"]);
    expect(issues({ rate: 0.5, kinds: ["timeout"], paths: ["/v2/report"], phone: "^010" })).toBeUndefined();
  });
});
