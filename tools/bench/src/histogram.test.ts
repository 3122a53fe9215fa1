import { describe, expect, it } from "vitest";
import { quantile, readBuckets, subtract } from "./histogram.js";

const scrape = (counts: [string, number][], stage = "apply") =>
  counts.map(([le, n]) => `sunseo_stage_seconds_bucket{stage="${stage}",le="${le}"} ${n}`).join("\n") +
  `\nsunseo_stage_seconds_bucket{stage="other",le="+Inf"} 99\n`;

describe("histogram percentiles from two scrapes", () => {
  it("reads one labelled series and interpolates within the bucket", () => {
    const before = readBuckets(
      scrape([
        ["0.001", 0],
        ["0.01", 0],
        ["0.1", 0],
        ["+Inf", 0],
      ]),
      "sunseo_stage_seconds",
      { stage: "apply" },
    );
    const after = readBuckets(
      scrape([
        ["0.001", 10],
        ["0.01", 90],
        ["0.1", 100],
        ["+Inf", 100],
      ]),
      "sunseo_stage_seconds",
      { stage: "apply" },
    );
    const delta = subtract(after, before);
    expect(quantile(delta, 0.5)).toBeCloseTo(0.001 + (0.009 * 40) / 80, 6);
    expect(quantile(delta, 0.99)).toBeCloseTo(0.01 + (0.09 * 9) / 10, 6);
    expect(Number.isNaN(quantile(subtract(before, before), 0.5))).toBe(true);
  });
});
