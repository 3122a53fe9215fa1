import { describe, expect, it } from "vitest";
import { resumeAfterKills, type ResumeInput } from "./resume.js";

const flows: Record<string, { delaysMs: number[]; cancelled: boolean; endedAt?: number }> = {
  a: { delaysMs: [0, 0], cancelled: false },
  n: { delaysMs: [0, 0, 5_000], cancelled: false },
  c: { delaysMs: [0, 0], cancelled: true },
  t: { delaysMs: [0, 0], cancelled: false, endedAt: 500 },
  s: { delaysMs: [0, 0], cancelled: false, endedAt: 40_000 },
};
const input = (over: Partial<ResumeInput>): ResumeInput => ({
  kills: [{ at: 1_000, label: "SIGKILL sequencer-1" }],
  reports: [],
  sends: [],
  flowOf: (id) => flows[id],
  ...over,
});

describe("resume after a kill", () => {
  it("is the longest gap from a report acknowledged in the 2 s after the kill to the next step's send", () => {
    const [kill] = resumeAfterKills(
      input({
        reports: [
          { refkey: "a-0-1", result: "7000", at: 1_500 },
          { refkey: "n-1-1", result: "7000", at: 2_000 },
          { refkey: "a-0-1", result: "7000", at: 2_500 },
        ],
        sends: [
          { refkey: "a-1-1", at: 8_500 },
          { refkey: "n-2-1", at: 9_000 },
        ],
      }),
    );
    // a: 7 s; n: 7 s less its 5 s delay.
    expect(kill).toMatchObject({ samples: 2, resumeMs: 7_000, worst: { refkey: "a-0-1", nextSendAt: 8_500 } });
  });

  it("ignores reports outside the window, failures and last steps", () => {
    const [kill] = resumeAfterKills(
      input({
        reports: [
          { refkey: "a-0-1", result: "7000", at: 500 },
          { refkey: "n-0-1", result: "7308", at: 1_500 },
          { refkey: "a-1-1", result: "7000", at: 1_600 },
          { refkey: "n-1-1", result: "7000", at: 3_500 },
        ],
      }),
    );
    expect(kill).toEqual({ label: "SIGKILL sequencer-1", at: 1_000, samples: 0 });
  });

  it("counts a flow that never sent its next step as never resumed, unless it was cancelled or already over", () => {
    const [kill] = resumeAfterKills(
      input({
        reports: [
          { refkey: "c-0-1", result: "7000", at: 1_100 },
          { refkey: "t-0-1", result: "7000", at: 1_200 },
          { refkey: "s-0-1", result: "7000", at: 1_300 },
        ],
      }),
    );
    expect(kill).toMatchObject({ samples: 1, resumeMs: Infinity, worst: { refkey: "s-0-1" } });
  });
});
