import { describe, expect, it } from "vitest";
import { lagOf } from "./offsets.js";

describe("lagOf", () => {
  const ends = [
    { partition: 0, low: "0", high: "100" },
    { partition: 1, low: "40", high: "50" },
    { partition: 2, low: "0", high: "7" },
  ];

  it("counts from the committed offset, or from the log start where the group never committed", () => {
    const committed = new Map([
      [0, "90"],
      [2, "-1"],
    ]);
    expect(lagOf("t", ends, committed)).toEqual([
      { topic: "t", partition: 0, lag: 10 },
      { topic: "t", partition: 1, lag: 10 },
      { topic: "t", partition: 2, lag: 7 },
    ]);
  });

  it("counts a committed offset that retention already deleted from the log start", () => {
    expect(lagOf("t", [{ partition: 1, low: "40", high: "50" }], new Map([[1, "12"]]))).toEqual([{ topic: "t", partition: 1, lag: 10 }]);
  });
});
