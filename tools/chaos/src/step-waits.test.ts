import { describe, expect, it } from "vitest";
import { stepWaitCheck, stepWaitFigures, stepWaits } from "./step-waits.js";

const flows: Record<string, { delaysMs: number[]; cancelled: boolean; endedAt?: number }> = {
  a: { delaysMs: [0, 2_000], cancelled: false },
  b: { delaysMs: [0, 0, 0], cancelled: false },
  c: { delaysMs: [0, 0], cancelled: true },
  h: { delaysMs: [0, 0], cancelled: false, endedAt: 30_000 },
};
const flowOf = (id: string) => flows[id];

describe("stepWaits", () => {
  it("is each step's wait from the report before it to its first send, less its delay", () => {
    const waits = stepWaits({
      reports: [
        { refkey: "a-0-1", result: "7000", at: 1_000 },
        { refkey: "a-0-1", result: "7000", at: 9_000 },
        { refkey: "b-0-1", result: "7000", at: 5_000 },
        { refkey: "b-1-1", result: "7000", at: 6_000 },
        // The last step, a failure, a cancelled flow: no wait to measure.
        { refkey: "b-2-1", result: "7000", at: 7_000 },
        { refkey: "x-0-1", result: "7000", at: 7_000 },
        { refkey: "c-0-1", result: "7000", at: 7_000 },
      ],
      sends: [
        { refkey: "a-1-1", at: 3_500 },
        { refkey: "a-1-2", at: 3_900 },
        { refkey: "b-1-1", at: 5_200 },
        { refkey: "b-2-1", at: 17_000 },
      ],
      flowOf,
    });
    expect(waits).toEqual([
      { refkey: "a-0-1", reportAt: 1_000, extraMs: 500 },
      { refkey: "b-0-1", reportAt: 5_000, extraMs: 200 },
      { refkey: "b-1-1", reportAt: 6_000, extraMs: 11_000 },
    ]);
  });

  it("counts a next step never sent by a flow still running after the report as an endless wait (a halted flow)", () => {
    const waits = stepWaits({ reports: [{ refkey: "h-0-1", result: "7000", at: 1_000 }], sends: [], flowOf });
    expect(waits).toEqual([{ refkey: "h-0-1", reportAt: 1_000, extraMs: Infinity }]);
  });
});

describe("stepWaitCheck", () => {
  const wait = (reportAt: number, extraMs: number) => ({ refkey: `f${reportAt}-0-1`, reportAt, extraMs });

  it("splits the figures at the fault and holds when the worst wait is within 10 s of the usual one", () => {
    const figures = stepWaitFigures([wait(1, 1_000), wait(2, 1_000), wait(3, 1_000), wait(10, 10_900)], 5);
    expect(figures.before).toMatchObject({ samples: 3, max: 1_000 });
    expect(figures.after).toMatchObject({ samples: 1, max: 10_900 });
    expect(stepWaitCheck(figures)).toMatchObject({ held: true, examples: [] });
  });

  it("breaks on a wait more than 10 s beyond the usual one, naming it", () => {
    const check = stepWaitCheck(stepWaitFigures([wait(1, 1_000), wait(2, 1_000), wait(3, 1_000), wait(10, 11_100)], 5));
    expect(check.held).toBe(false);
    expect(check.examples).toEqual([expect.stringContaining("after the report of f10-0-1")]);
  });
});
