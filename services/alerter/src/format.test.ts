import { describe, expect, it } from "vitest";
import type { Alert } from "@sunseo/contracts";
import { alertMessage, discordPayload, slackPayload, summaryMessage } from "./format.js";

const alert: Alert = {
  alertId: "a-1",
  kind: "step-failed",
  phone: "01012345678",
  flow: "teacher-onboarding",
  instanceId: "inst-42",
  step: 1,
  stepName: "photo-video",
  templateCode: "TPL_PHOTO",
  resultCode: "7308",
  detail: "report said failed",
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
};

describe("alertMessage", () => {
  it("names flow, step, template, masked phone, result code with its meaning, and the instance", () => {
    expect(alertMessage(alert)).toEqual({
      title: "알림톡 발송 실패 (step failed)",
      severity: "error",
      at: alert.at,
      fields: [
        ["Flow", "teacher-onboarding"],
        ["Step", "1 photo-video"],
        ["Template", "TPL_PHOTO"],
        ["Phone", "010-****-5678"],
        ["Result", "7308 전화번호 오류"],
        ["Instance", "inst-42"],
        ["Detail", "report said failed"],
      ],
    });
  });

  it("leaves out the result line when there is no code", () => {
    const { resultCode: _c, ...timedOut } = alert;
    const message = alertMessage({ ...timedOut, kind: "step-timed-out" });
    expect(message.fields.map(([name]) => name)).not.toContain("Result");
    expect(message.severity).toBe("warning");
  });
});

describe("payloads", () => {
  it("never carries the whole phone number", () => {
    const message = alertMessage(alert);
    expect(JSON.stringify(discordPayload(message))).not.toContain("01012345678");
    expect(JSON.stringify(slackPayload(message))).not.toContain("01012345678");
  });

  it("disables Discord mentions and escapes Slack control characters", () => {
    const message = alertMessage({ ...alert, detail: "<!channel> & co" });
    expect(discordPayload(message)).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(JSON.stringify(slackPayload(message))).toContain("&lt;!channel&gt; &amp; co");
  });
});

describe("summaryMessage", () => {
  it("counts the folded alerts by flow, kind and result", () => {
    const folded = [alert, { ...alert, alertId: "a-2", instanceId: "inst-43" }, { ...alert, alertId: "a-3", flow: "other", resultCode: "7204" }];
    const summary = summaryMessage(folded, 60_000, 0);
    expect(summary.title).toContain("3 more alerts in 1 min");
    expect(Object.fromEntries(summary.fields)).toEqual({
      Flows: "teacher-onboarding ×2, other ×1",
      Kinds: "step-failed ×3",
      Results: "7308 전화번호 오류 ×2, 7204 템플릿 불일치 ×1",
      Instances: "inst-42, inst-43, inst-42",
    });
  });
});
