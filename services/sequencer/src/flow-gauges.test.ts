import { describe, expect, it } from "vitest";
import { emptyPhoneState, type FlowState, type PhoneState, type StepRecord } from "@sunseo/flow-state";
import { summarizeFlows } from "./flow-gauges.js";
import { steps } from "./machine/fixtures.test-support.js";

const step = (send: StepRecord["send"], dispatchedAt?: number): StepRecord => ({
  name: "step",
  attempt: 1,
  send,
  done: false,
  rounds: 0,
  results: [],
  ...(dispatchedAt === undefined ? {} : { dispatchedAt }),
});

const flow = (id: string, status: FlowState["status"], history: StepRecord[] = []): FlowState => ({
  id,
  flow: "teacher-onboarding",
  lane: "recipient",
  status,
  steps: steps(2),
  current: 0,
  history,
  createdAt: 0,
});

const phone = (...flows: FlowState[]): PhoneState => ({ ...emptyPhoneState(), flows: Object.fromEntries(flows.map((f) => [f.id, f])) });

describe("summarizeFlows", () => {
  it("counts running and queued flows, not ended ones", () => {
    const states = [phone(flow("a", "running"), flow("b", "queued"), flow("c", "queued")), phone(flow("d", "completed"), flow("e", "running"))];
    expect(summarizeFlows(states)).toMatchObject({ running: 2, queued: 2 });
  });

  it("finds the oldest send still waiting for its answer, whatever its flow's status", () => {
    const states = [
      phone(flow("a", "running", [step("reported", 100), step("accepted", 500)])),
      // Cancelled while its message was out: the report is still awaited.
      phone(flow("b", "cancelled", [step("claimed", 300)])),
      phone(flow("c", "failed", [step("rejected", 50), step("given-up", 60), step("abandoned", 70)])),
    ];
    expect(summarizeFlows(states).oldestUnansweredAt).toBe(300);
  });

  it("has no oldest report when nothing is out", () => {
    expect(summarizeFlows([phone(flow("a", "running", [step("none")]))]).oldestUnansweredAt).toBeUndefined();
  });
});
