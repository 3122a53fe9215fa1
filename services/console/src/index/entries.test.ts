import { describe, expect, it } from "vitest";
import type { FlowEvent } from "@sunseo/contracts";
import { emptyPhoneState, type PhoneState } from "@sunseo/flow-state";
import { failureEntry, groupFailures, type FailureEntry } from "./entries.js";

const event: FlowEvent = { type: "failed", phone: "01012345678", instanceId: "i-1", flow: "teacher-onboarding", step: 0, stepName: "counsel-start", at: 1_000 };

const state: PhoneState = {
  ...emptyPhoneState(),
  flows: {
    "i-1": {
      id: "i-1",
      flow: "teacher-onboarding",
      lane: "recipient",
      status: "failed",
      steps: [{ name: "counsel-start", message: { templateCode: "COUNSEL_START" } } as never],
      current: 0,
      history: [{ name: "counsel-start", attempt: 1, send: "reported", done: true, rounds: 0, results: ["7108", "4410"] }],
      createdAt: 0,
      reason: "step 0 failed",
    },
  },
};

describe("failureEntry", () => {
  it("takes the template and the last result code from the state, the phone masked", () => {
    expect(failureEntry(event, state)).toMatchObject({
      template: "COUNSEL_START",
      resultCode: "4410",
      phone: "010-****-5678",
      status: "failed",
      reason: "step 0 failed",
    });
  });

  it("groups a flow cancelled after a delivered step as cancelled, not under the delivery's code", () => {
    const delivered: PhoneState = {
      ...state,
      flows: { "i-1": { ...state.flows["i-1"]!, history: [{ ...state.flows["i-1"]!.history[0]!, results: ["7000"] }] } },
    };
    expect(failureEntry({ ...event, type: "cancelled" }, delivered)).toMatchObject({ resultCode: "-", meaning: "취소됨 (cancelled)" });
  });

  it("still lists a flow whose state expired, with what the event says", () => {
    expect(failureEntry({ ...event, type: "cancelled", step: undefined }, undefined)).toMatchObject({ template: "-", resultCode: "-", status: "cancelled" });
  });
});

describe("groupFailures", () => {
  const entry = (id: string, template: string, resultCode: string, at: number): FailureEntry => ({
    instanceId: id,
    flow: "f",
    status: "failed",
    template,
    resultCode,
    meaning: "",
    phone: "010-****-0000",
    at,
  });

  it("groups by template and result code, the largest group first, newest first within", () => {
    const groups = groupFailures([entry("a", "T1", "7108", 1), entry("b", "T2", "7308", 2), entry("c", "T1", "7108", 3), entry("d", "T1", "4410", 4)]);
    expect(groups.map((g) => [g.template, g.resultCode, g.entries.map((e) => e.instanceId)])).toEqual([
      ["T1", "7108", ["c", "a"]],
      ["T1", "4410", ["d"]],
      ["T2", "7308", ["b"]],
    ]);
  });
});
