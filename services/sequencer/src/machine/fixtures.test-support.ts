import type { MachineEvent } from "./events.js";
import type { MachineContext } from "./machine.js";
import type { RenderedStep } from "@sunseo/flows";

export const PHONE = "01012345678";

export const ctxAt = (now: number, claimed?: ReadonlySet<string>): MachineContext => ({
  phone: PHONE,
  now,
  retentionMs: 7 * 86_400_000,
  reportGraceMs: 60_000,
  reportRequests: 3,
  ...(claimed ? { claimed } : {}),
});

export function steps(count: number, overrides: Partial<RenderedStep> = {}): RenderedStep[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `step-${i}`,
    await: "delivered" as const,
    timeoutMs: 600_000,
    onTimeout: "halt" as const,
    delayMs: 0,
    message: { from: "0212345678", senderKey: "sender-key", templateCode: `TPL_${i}`, text: `message ${i}` },
    ...overrides,
  }));
}

export const start = (instanceId: string, count = 2, extra: Partial<Extract<MachineEvent, { type: "start" }>> = {}): MachineEvent => ({
  type: "start",
  instanceId,
  flow: "teacher-onboarding",
  lane: "recipient",
  steps: steps(count),
  ...extra,
});
