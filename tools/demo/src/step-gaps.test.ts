import { describe, expect, it } from "vitest";
import { deliveriesPerSecond, stepGaps } from "./step-gaps.js";

describe("step gaps at the gateway", () => {
  it("measures from the first acknowledged report of step N to the first request of step N+1", () => {
    const pushes = [
      { refkey: "f1-0-1", at: 1_000 },
      { refkey: "f1-0-1", at: 1_500 },
      { refkey: "f1-1-1", at: 2_000 },
      { refkey: "f1-2-1", at: 3_000 },
      { refkey: "g-0-1", at: 1_000 },
    ];
    const requests = [
      { refkey: "f1-0-1", at: 500 },
      { refkey: "f1-1-1", at: 1_012 },
      { refkey: "f1-1-1", at: 1_900 },
      { refkey: "f1-2-1", at: 2_030 },
    ];
    expect(stepGaps(pushes, requests).sort((a, b) => a - b)).toEqual([12, 30]);
  });

  it("leaves out the delay the catalog sets before a step", () => {
    const gaps = stepGaps([{ refkey: "f-0-1", at: 1_000 }], [{ refkey: "f-1-1", at: 6_020, templateCode: "LATER" }], (t) => (t === "LATER" ? 5_000 : 0));
    expect(gaps).toEqual([20]);
  });

  it("counts deliveries per second between the first and the last report", () => {
    expect(
      deliveriesPerSecond([
        { refkey: "a-0-1", at: 0 },
        { refkey: "b-0-1", at: 500 },
        { refkey: "b-0-1", at: 600 },
        { refkey: "c-0-1", at: 1_000 },
      ]),
    ).toBe(2);
  });
});
