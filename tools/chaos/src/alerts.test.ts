import { describe, expect, it } from "vitest";
import { alertsShown, unflaggedRepeats, UnreadablePostError } from "./alerts.js";

const single = (instance: string, title = "알림톡 발송 실패 (step failed)", step = "0 counsel-start") => ({
  at: 1,
  body: {
    embeds: [
      {
        title,
        fields: [
          { name: "Flow", value: "teacher-onboarding" },
          { name: "Step", value: step },
          { name: "Instance", value: instance },
        ],
      },
    ],
  },
});
const summary = (lines: string[], title = "알림 2건 요약 (2 more alerts in 5 s, folded)") => ({
  at: 2,
  body: {
    embeds: [
      {
        title,
        fields: [
          { name: "Flows", value: "teacher-onboarding ×2" },
          { name: `Alerts 1-${lines.length} of ${lines.length}`, value: lines.join("\n") },
        ],
      },
    ],
  },
});

describe("reading the alert channel", () => {
  it("reads an alert's own embed and every line of a summary", () => {
    const shown = alertsShown([
      single("aaa"),
      summary(["bbb · 1 photo-submit · step-timed-out · 010-****-1234", "ccc · 0 counsel-start · step-failed · 7308 · 010-****-0000 (may repeat)"]),
    ]);
    expect(shown).toEqual([
      { instanceId: "aaa", step: 0, kind: "step-failed", mayRepeat: false, inSummary: false, at: 1 },
      { instanceId: "bbb", step: 1, kind: "step-timed-out", mayRepeat: false, inSummary: true, at: 2 },
      { instanceId: "ccc", step: 0, kind: "step-failed", mayRepeat: true, inSummary: true, at: 2 },
    ]);
  });

  it("counts an alert shown twice unmarked, but not one whose repeat says it may repeat", () => {
    const shown = alertsShown([
      single("aaa"),
      single("aaa", "알림톡 발송 실패 (step failed) (재전송 가능 / may repeat)"),
      single("bbb", "알림톡 결과 시간 초과 (step timed out)", "1 photo-submit"),
      summary(["bbb · 1 photo-submit · step-timed-out · 010-****-1234"]),
    ]);
    expect(unflaggedRepeats(shown)).toEqual([{ key: "bbb:1:step-timed-out", times: 2 }]);
  });

  it("refuses a post it cannot read rather than miscounting it", () => {
    expect(() => alertsShown([{ at: 1, body: { embeds: [{ title: "something else", fields: [] }] } }])).toThrow(UnreadablePostError);
  });
});
