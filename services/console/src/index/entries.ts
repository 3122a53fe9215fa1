import { describeResult, type Alert, type FlowEvent } from "@sunseo/contracts";
import type { PhoneState } from "@sunseo/flow-state";
import { maskPhone } from "@sunseo/phone";

/** What the failures page lists: enough to group and to link, the phone masked (the flow page reveals it). */
export interface FailureEntry {
  instanceId: string;
  flow: string;
  status: "failed" | "timed_out" | "cancelled" | "expired";
  step?: number;
  stepName?: string;
  template: string;
  resultCode: string;
  meaning: string;
  phone: string;
  reason?: string;
  at: number;
}

const NO_CODE: Record<FailureEntry["status"], string> = {
  failed: "결과 코드 없음 (no result code)",
  timed_out: "시간 초과 (timed out)",
  cancelled: "취소됨 (cancelled)",
  expired: "만료됨 (expired: stale start, or waited past its expiry)",
};

export const ENDED_BADLY: ReadonlySet<FlowEvent["type"]> = new Set(["failed", "timed_out", "cancelled", "expired"]);

/**
 * A failure entry from the flow event, completed from the phone's state where it still holds
 * the flow: the step's template and its last result code (the event does not carry them all).
 */
export function failureEntry(event: FlowEvent, state: PhoneState | undefined): FailureEntry {
  const flow = state?.flows[event.instanceId];
  const step = event.step ?? flow?.current;
  const rendered = step === undefined ? undefined : flow?.steps[step];
  // A cancelled or timed-out flow's last code may be a delivery of an earlier attempt: only a failing code names the failure.
  const lastCode = step === undefined ? undefined : flow?.history[step]?.results.at(-1);
  const resultCode = event.resultCode ?? (lastCode !== undefined && !describeResult(lastCode).delivered ? lastCode : undefined) ?? "-";
  return {
    instanceId: event.instanceId,
    flow: event.flow,
    status: event.type as FailureEntry["status"],
    ...(step === undefined ? {} : { step }),
    ...((event.stepName ?? rendered?.name) ? { stepName: event.stepName ?? rendered?.name } : {}),
    template: rendered?.message.templateCode ?? "-",
    resultCode,
    meaning: resultCode === "-" ? NO_CODE[event.type as FailureEntry["status"]] : describeResult(resultCode).meaning,
    phone: maskPhone(event.phone),
    ...((event.reason ?? flow?.reason) ? { reason: event.reason ?? flow?.reason } : {}),
    at: event.at,
  };
}

export interface FailureGroup {
  template: string;
  resultCode: string;
  meaning: string;
  entries: FailureEntry[];
}

/** Failures grouped by template and result code, the largest group first, each group newest first. */
export function groupFailures(entries: readonly FailureEntry[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const entry of entries) {
    const key = `${entry.template}\u0000${entry.resultCode}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { template: entry.template, resultCode: entry.resultCode, meaning: entry.meaning, entries: [] };
      groups.set(key, group);
    }
    group.entries.push(entry);
  }
  for (const group of groups.values()) group.entries.sort((a, b) => b.at - a.at);
  return [...groups.values()].sort(
    (a, b) => b.entries.length - a.entries.length || a.template.localeCompare(b.template) || a.resultCode.localeCompare(b.resultCode),
  );
}

/** An alert as the console keeps it: the phone masked. */
export type AlertEntry = Omit<Alert, "phone"> & { phone: string };

export const alertEntry = (alert: Alert): AlertEntry => ({ ...alert, phone: maskPhone(alert.phone) });
