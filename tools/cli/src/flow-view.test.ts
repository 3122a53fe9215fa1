import { describe, expect, it } from "vitest";
import { flowView, phoneFlowViews, renderFlowDetail, renderPhoneFlows } from "./flow-view.js";
import type { FlowState, PhoneState } from "@sunseo/flow-state";
import { failedFlow, PHONE, phoneState, queuedFlow, runningFlow, T0 } from "./fixtures.test-support.js";

const masked = { showPhone: false };

describe("flowView", () => {
  it("gives each step its state, times and results with their meaning", () => {
    const view = flowView(PHONE, phoneState, runningFlow, masked);
    expect(view).toMatchObject({ id: runningFlow.id, status: "running", position: "active", phone: "010-****-5678", currentStep: 1 });
    expect(view.steps[0]).toMatchObject({
      step: 0,
      template: "TPL_0",
      state: "delivered",
      dispatchedAt: "2025-05-01T10:00:01.000Z",
      deliveredAt: "2025-05-01T10:00:04.000Z",
      results: [{ code: "7000", delivered: true }],
    });
    expect(view.steps[1]).toMatchObject({ step: 1, state: "accepted", results: [] });
    expect(view.steps[1]).not.toHaveProperty("deliveredAt");
  });

  it("marks steps not reached: pending while the flow lives, not-sent after it ended", () => {
    expect(flowView(PHONE, phoneState, queuedFlow, masked)).toMatchObject({ position: "queued 1", steps: [{ state: "pending", attempt: 0 }] });
    expect(flowView(PHONE, phoneState, failedFlow, masked).steps.map((s) => s.state)).toEqual(["failed", "not-sent"]);
  });

  it("masks phones, also inside free text, unless asked to show them", () => {
    const view = flowView(PHONE, phoneState, runningFlow, masked);
    expect(JSON.stringify(view)).not.toContain("1234");
    expect(view.idempotencyKey).toBe("signup-42 for 010-****-5678");
    const shown = flowView(PHONE, phoneState, runningFlow, { showPhone: true });
    expect(shown.phone).toBe(PHONE);
    expect(shown.idempotencyKey).toBe("signup-42 for 010-1234-5678");
  });

  it("never carries the rendered message text (it holds personal variables)", () => {
    expect(JSON.stringify(phoneFlowViews(PHONE, phoneState, masked))).not.toContain("message 0");
  });
});

describe("phoneFlowViews", () => {
  it("lists a phone's flows oldest first", () => {
    expect(phoneFlowViews(PHONE, phoneState, masked).map((f) => f.id)).toEqual([failedFlow.id, runningFlow.id, queuedFlow.id]);
  });
});

describe("renderPhoneFlows", () => {
  it("prints a row per step with the flow's columns on its first row", () => {
    const text = renderPhoneFlows("010-****-5678", phoneFlowViews(PHONE, phoneState, masked), "kst");
    const lines = text.split("\n");
    expect(lines[0]).toBe("010-****-5678: 3 flows");
    expect(lines[2]).toMatch(/^INSTANCE\s+FLOW\s+STATUS\s+#\s+STEP\s+STATE\s+SENT\s+DONE\s+RESULT$/);
    const running = lines.findIndex((l) => l.startsWith(runningFlow.id));
    expect(lines[running]).toMatch(/running \(active\)\s+0\s+counselling\s+delivered\s+2025-05-01T19:00:01\+09:00\s+2025-05-01T19:00:04\+09:00\s+7000 /);
    expect(lines[running + 1]).toMatch(/^\s+1\s+photo-video\s+accepted\s+2025-05-01T19:00:04\+09:00\s+2025-05-01T19:00:04\+09:00\s+-$/);
    expect(text).toMatch(/inst-failed-0003.*failed.*7308 .*\(failed\)/);
    expect(text).not.toContain("01012345678");
  });

  it("says so when the phone has no flows", () => {
    expect(renderPhoneFlows("010-****-5678", [], "kst")).toBe("no flows for 010-****-5678");
  });
});

describe("renderFlowDetail", () => {
  it("prints the flow's fields and a step table with every time, in KST", () => {
    const text = renderFlowDetail(flowView(PHONE, phoneState, failedFlow, masked), "kst");
    expect(text).toContain("instance:        inst-failed-0003");
    expect(text).toContain("phone:           010-****-5678");
    expect(text).toContain("reason:          step 0 failed: 7308");
    expect(text).toMatch(/^0\s+counselling\s+TPL_0\s+delivered\s+failed\s+1\s+inst-failed-0003-0-1\s+2025-05-01T18:59:51\+09:00\s+-\s+-\s+7308 /m);
    expect(text).toMatch(/^1\s+photo-video\s+TPL_1\s+delivered\s+not-sent\s+0\s+-/m);
    expect(text).toContain("created:         2025-05-01T18:59:50+09:00");
  });

  it("prints UTC when asked, while the view (the JSON) stays ISO UTC", () => {
    const view = flowView(PHONE, phoneState, failedFlow, masked);
    expect(view.createdAt).toBe("2025-05-01T09:59:50.000Z");
    const text = renderFlowDetail(view, "utc");
    expect(text).toContain("created:         2025-05-01T09:59:50Z");
    expect(text).not.toContain("+09:00");
  });
});

describe("scheduled flows and send windows", () => {
  const scheduled: FlowState = { ...queuedFlow, id: "inst-sched-0004", status: "scheduled", startAt: T0 + 86_400_000, expiresAt: T0 + 90_000_000 };
  const windowed: FlowState = {
    ...queuedFlow,
    id: "inst-window-0005",
    status: "running",
    history: [{ name: "step-0", attempt: 0, send: "none", done: false, rounds: 0, results: [], waiting: "window", waitingUntil: T0 + 3_600_000 }],
  };
  const state: PhoneState = { active: windowed.id, queue: [], flows: { [scheduled.id]: scheduled, [windowed.id]: windowed }, refkeys: {}, idempotency: {} };

  it("shows when a scheduled flow starts and when a step's window opens", () => {
    const text = renderPhoneFlows("010-****-5678", phoneFlowViews(PHONE, state, masked), "kst");
    expect(text).toMatch(/inst-sched-0004\s+reminder\s+scheduled for 2025-05-02T19:00:00\+09:00\s+0\s+\S+\s+pending/);
    expect(text).toMatch(/inst-window-0005\s+reminder\s+running \(active\)\s+0\s+\S+\s+waiting-window until 2025-05-01T20:00:00\+09:00/);
    const view = flowView(PHONE, state, scheduled, masked);
    expect(view).toMatchObject({ status: "scheduled", startAt: "2025-05-02T10:00:00.000Z", expiresAt: "2025-05-02T11:00:00.000Z" });
    expect(renderFlowDetail(view, "kst")).toContain("scheduled for:   2025-05-02T19:00:00+09:00");
  });
});
