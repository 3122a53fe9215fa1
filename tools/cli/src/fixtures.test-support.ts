import { DEFAULT_TOPIC_PREFIX, topicName, topics, type Dlq } from "@sunseo/contracts";
import type { FlowState, PhoneState } from "@sunseo/flow-state";

/** A phone state as the sequencer writes it: one running flow (step 0 delivered), one queued. */

export const PHONE = "01012345678";
export const T0 = Date.UTC(2025, 4, 1, 10, 0, 0);

const step = (i: number, text = `message ${i}`) => ({
  name: ["counselling", "photo-video"][i] ?? `step-${i}`,
  await: "delivered" as const,
  timeoutMs: 600_000,
  onTimeout: "halt" as const,
  delayMs: 0,
  message: { from: "0212345678", senderKey: "sender-key", templateCode: `TPL_${i}`, text },
});

export const runningFlow: FlowState = {
  id: "inst-running-0001",
  flow: "teacher-onboarding",
  lane: "recipient",
  status: "running",
  steps: [step(0), step(1)],
  current: 1,
  history: [
    {
      name: "counselling",
      send: "reported",
      done: true,
      rounds: 0,
      attempt: 1,
      refkey: "inst-running-0001-0-1",
      messagekey: "mk-1",
      dispatchedAt: T0 + 1_000,
      acceptedAt: T0 + 1_500,
      deliveredAt: T0 + 4_000,
      results: ["7000"],
      outcome: "delivered",
    },
    {
      name: "photo-video",
      send: "accepted",
      done: false,
      rounds: 0,
      attempt: 1,
      refkey: "inst-running-0001-1-1",
      dispatchedAt: T0 + 4_100,
      acceptedAt: T0 + 4_600,
      results: [],
    },
  ],
  idempotencyKey: "signup-42 for 010-1234-5678",
  createdAt: T0,
  startedAt: T0,
};

export const queuedFlow: FlowState = {
  id: "inst-queued-0002",
  flow: "reminder",
  lane: "recipient",
  status: "queued",
  steps: [step(0)],
  current: 0,
  history: [],
  createdAt: T0 + 2_000,
};

export const failedFlow: FlowState = {
  id: "inst-failed-0003",
  flow: "teacher-onboarding",
  lane: "recipient",
  status: "failed",
  steps: [step(0), step(1)],
  current: 0,
  history: [
    {
      name: "counselling",
      send: "reported",
      done: true,
      rounds: 0,
      attempt: 1,
      refkey: "inst-failed-0003-0-1",
      dispatchedAt: T0 - 9_000,
      results: ["7308"],
      outcome: "failed",
    },
  ],
  createdAt: T0 - 10_000,
  startedAt: T0 - 10_000,
  endedAt: T0 - 5_000,
  reason: "step 0 failed: 7308",
};

export const phoneState: PhoneState = {
  active: runningFlow.id,
  queue: [queuedFlow.id],
  flows: { [runningFlow.id]: runningFlow, [queuedFlow.id]: queuedFlow, [failedFlow.id]: failedFlow },
  // As the sequencer fills them: every refkey sent with, every idempotency key started with.
  refkeys: {
    "inst-running-0001-0-1": { instanceId: runningFlow.id, step: 0, attempt: 1 },
    "inst-running-0001-1-1": { instanceId: runningFlow.id, step: 1, attempt: 1 },
    "inst-failed-0003-0-1": { instanceId: failedFlow.id, step: 0, attempt: 1 },
  },
  idempotency: { [runningFlow.idempotencyKey!]: runningFlow.id },
};

export const dlqEntry = (overrides: Partial<Dlq> = {}): Dlq => ({
  service: "sequencer",
  topic: topicName(DEFAULT_TOPIC_PREFIX, topics.flowStart),
  partition: 3,
  offset: "17",
  key: PHONE,
  code: "UNKNOWN_FLOW",
  reason: "unknown flow teacher-onbording",
  value: JSON.stringify({ flow: "teacher-onbording", phone: PHONE, variables: {} }),
  at: T0,
  ...overrides,
});
