import type { BizppurioError } from "@sunseo/bizppurio";
import { backoffDelay, type RetryPolicy } from "@sunseo/runtime";
import type { Dispatch, DispatchResult } from "@sunseo/contracts";

/** Pure decisions: what a gateway failure means for the step, and whether to try again. */

type Send = Extract<Dispatch, { kind: "send" }>;

export const stepRef = (d: Dispatch) => ({
  phone: d.phone,
  refkey: d.refkey,
  instanceId: d.instanceId,
  flow: d.flow,
  step: d.step,
  attempt: d.attempt,
});

/** Quick retries first (a blip), then fewer, longer ones (an outage); only ever for answers that prove nothing was taken. */
export interface SendRetryPolicy {
  inPlace: RetryPolicy;
  delayedRetries: number;
  delayed: Pick<RetryPolicy, "baseMs" | "maxMs">;
}

export type FailureDecision = { action: "retry"; delayMs: number } | { action: "result"; result: DispatchResult };

/**
 * After a failed attempt (attempt 1 is the first): a failure that may have reached the
 * gateway ends the send as ambiguous (resolved by the report or the timeout, never by a
 * resend: Bizppurio does not deduplicate refkeys); a proven non-send is retried while the
 * policy allows, then rejected with the gateway's code.
 */
export function decideAfterFailure(
  d: Send,
  error: BizppurioError,
  attempt: number,
  policy: SendRetryPolicy,
  now: number,
  random: () => number = Math.random,
): FailureDecision {
  const ref = stepRef(d);
  if (error.details.maybeSent) {
    return { action: "result", result: { outcome: "ambiguous", ...ref, reason: `the gateway may have taken it: ${error.message}`, at: now } };
  }
  if (error.retriable && attempt < policy.inPlace.attempts) return { action: "retry", delayMs: backoffDelay(attempt, policy.inPlace, random) };
  const delayed = attempt - policy.inPlace.attempts + 1;
  if (error.retriable && delayed <= policy.delayedRetries) {
    // At least half the ceiling: a delayed retry is for outages, not for blips.
    return { action: "retry", delayMs: Math.round(backoffDelay(delayed, policy.delayed, () => 0.5 + random() / 2)) };
  }
  const code = error.details.gatewayCode ?? (error.retriable ? "RETRIES_EXHAUSTED" : error.code);
  const description = error.retriable ? `gave up after ${attempt} attempts: ${error.message}` : (error.details.description ?? error.message);
  return { action: "result", result: { outcome: "rejected", ...ref, code, description, at: now } };
}

export const inFlightResult = (d: Dispatch, since: number, now: number): DispatchResult => ({
  outcome: "ambiguous",
  ...stepRef(d),
  reason: `claimed since ${new Date(since).toISOString()} by an attempt that never finished (a crash or a rebalance mid-call); not sent again`,
  at: now,
});
