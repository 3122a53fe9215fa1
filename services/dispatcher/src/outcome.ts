import { BizppurioError, backoffDelay, type RetryPolicy } from "@sunseo/bizppurio";
import type { Dispatch, DispatchResult } from "@sunseo/contracts";

/** Pure decisions: what a gateway failure means for the step, and whether to try again later. */

type Send = Extract<Dispatch, { kind: "send" }>;

export const stepRef = (d: Dispatch) => ({
  phone: d.phone,
  refkey: d.refkey,
  instanceId: d.instanceId,
  flow: d.flow,
  step: d.step,
  attempt: d.attempt,
});

export type FailureDecision =
  | { action: "retry-later"; delayMs: number }
  | { action: "result"; result: DispatchResult };

/**
 * A transient failure is retried later (a bounded number of times, with growing backoff);
 * then, or for a permanent failure, the step gets its result: rejected with the gateway's
 * code, or ambiguous when some attempt may have reached the gateway (a timeout).
 */
export function decideFailure(
  d: Send,
  error: unknown,
  delayedRetry: number,
  policy: { maxDelayedRetries: number; backoff: Pick<RetryPolicy, "baseMs" | "maxMs"> },
  now: number,
  random: () => number = Math.random,
): FailureDecision {
  const e = error instanceof BizppurioError ? error : undefined;
  const ref = stepRef(d);
  // Maybe received: sending again could reach the phone twice; the report or the timeout decides.
  if (e?.details.maybeSent) {
    return { action: "result", result: { outcome: "ambiguous", ...ref, reason: `gateway call may have been received: ${e.message}`, at: now } };
  }
  if (e?.retriable && delayedRetry < policy.maxDelayedRetries) {
    // At least half the ceiling: a delayed retry is for outages, not for blips.
    const delayMs = Math.round(backoffDelay(delayedRetry + 1, policy.backoff, () => 0.5 + random() / 2));
    return { action: "retry-later", delayMs };
  }
  if (e) {
    const code = e.details.gatewayCode ?? (e.retriable ? "RETRIES_EXHAUSTED" : e.code);
    const description = e.retriable ? `gave up after retries: ${e.message}` : (e.details.description ?? e.message);
    return { action: "result", result: { outcome: "rejected", ...ref, code, description, at: now } };
  }
  return { action: "result", result: { outcome: "rejected", ...ref, code: "DISPATCHER_ERROR", description: String(error), at: now } };
}

export const inFlightResult = (d: Dispatch, since: number, now: number): DispatchResult => ({
  outcome: "ambiguous",
  ...stepRef(d),
  reason: `refkey was already in flight since ${new Date(since).toISOString()} (crash or rebalance mid-call); not sent again`,
  at: now,
});
