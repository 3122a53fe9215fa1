import { randomUUID } from "node:crypto";
import { toBizppurioRequest, type BizppurioClient } from "@sunseo/bizppurio";
import type { Dispatch, DispatchResult } from "@sunseo/contracts";
import type { Logger } from "@sunseo/logger";
import { maskPhone } from "@sunseo/phone";
import type { Claim, SendLedger } from "@sunseo/send-ledger";
import { DispatcherStopping, type InfraRetry } from "./infra-retry.js";
import type { DispatcherMetrics } from "./metrics.js";
import { decideAfterFailure, inFlightResult, stepRef, type SendRetryPolicy } from "./outcome.js";

export interface HandlerDeps {
  client: BizppurioClient;
  ledger: SendLedger;
  account: string;
  logger: Logger;
  metrics: DispatcherMetrics;
  retry: SendRetryPolicy;
  infra: InfraRetry;
  /** Throws RedisDataLostError when Redis no longer holds our data: a claim there would mean nothing. */
  verifyRedis: () => Promise<void>;
  /** Waits between retries; resolves false when the dispatcher is stopping. */
  wait: (ms: number) => Promise<boolean>;
}

type Send = Extract<Dispatch, { kind: "send" }>;

/**
 * One dispatch command, start to end. A send is claimed in the ledger right before its
 * request is written (after the rate limiter, the token and a free socket), so a claim
 * means "the request may have been written"; an answer that proves the gateway did not
 * take it gives the claim back before waiting to retry, so the sequencer can still take
 * the step back meanwhile. `report-request` asks the gateway to push a report again and
 * has no result.
 */
export async function handleDispatch(d: Dispatch, deps: HandlerDeps, fetchedAt = Date.now()): Promise<DispatchResult | undefined> {
  if (d.kind === "report-request") {
    try {
      await deps.client.requestReport(d.messagekey);
      log(deps, d, "info", {}, "report re-requested");
    } catch (err) {
      // The sequencer asks again in its next round, then times the step out.
      log(deps, d, "warn", { err: (err as Error).message }, "report re-request failed");
    }
    return undefined;
  }
  return handleSend(d, deps, fetchedAt);
}

async function handleSend(d: Send, deps: HandlerDeps, fetchedAt: number): Promise<DispatchResult | undefined> {
  const request = toBizppurioRequest(deps.account, d);
  // Names this command's claim: a claim whose reply was lost (and resent by the client) is still ours.
  const token = randomUUID();
  for (let attempt = 1; ; attempt++) {
    let claim: Claim | undefined;
    let claimedAt = 0;
    let windowClosed = false;
    const outcome = await deps.infra("gateway send", () =>
      deps.client.send(request, {
        claim: async () => {
          // One round trip: the epoch check rides along (auto-pipelined); a claim on a Redis that lost its data is never acted on.
          claim = await deps.infra("ledger claim", async () => (await Promise.all([deps.ledger.claim(d.phone, d.refkey, token), deps.verifyRedis()]))[0]);
          claimedAt = Date.now();
          if (attempt === 1) deps.metrics.stageSeconds.observe({ stage: "wait" }, (claimedAt - fetchedAt) / 1000);
          // Checked right before the write, so no wait (rate limit, token, socket, a retry) carries a send past
          // its window; and only under our claim, so no other member can be writing this refkey meanwhile.
          if (claim.kind === "claimed" && d.sendBy !== undefined && claimedAt >= d.sendBy) {
            windowClosed = true;
            return false;
          }
          return claim.kind === "claimed";
        },
      }),
    );
    if (claim?.kind === "claimed" && !windowClosed) deps.metrics.stageSeconds.observe({ stage: "gateway" }, (Date.now() - claimedAt) / 1000);
    if (outcome.kind === "not-claimed") {
      if (windowClosed) return finish(d, { outcome: "window-closed", ...stepRef(d), sendBy: d.sendBy!, at: Date.now() }, deps, request.type);
      return settleUnclaimed(d, claim!, deps);
    }
    if (outcome.kind === "accepted")
      return finish(d, { outcome: "accepted", ...stepRef(d), messagekey: outcome.accepted.messagekey, at: Date.now() }, deps, request.type);
    const decision = decideAfterFailure(d, outcome.error, attempt, deps.retry, Date.now());
    if (decision.action === "result") return finish(d, decision.result, deps, request.type);
    if (claim?.kind === "claimed") await deps.infra("ledger release", () => deps.ledger.release(d.phone, d.refkey, token));
    deps.metrics.retries.inc({ endpoint: "message", kind: outcome.error.kind });
    log(
      deps,
      d,
      attempt === 1 ? "info" : "warn",
      { err: outcome.error.message, attempt, delayMs: decision.delayMs },
      "gateway did not take the send; retrying",
    );
    if (!(await deps.wait(decision.delayMs))) throw new DispatcherStopping(`the retry wait of ${d.refkey}`);
  }
}

async function settleUnclaimed(d: Send, claim: Claim, deps: HandlerDeps): Promise<DispatchResult | undefined> {
  switch (claim.kind) {
    case "done":
      deps.metrics.sends.inc({ outcome: "replayed", type: "at" });
      log(deps, d, "info", { outcome: claim.result.outcome }, "refkey already handled, re-emitting its result");
      return claim.result;
    case "abandoned":
      deps.metrics.sends.inc({ outcome: "abandoned", type: "at" });
      log(deps, d, "info", {}, "the sequencer took this step back (timeout or cancel): not sent");
      return undefined;
    case "in-flight":
      log(deps, d, "warn", {}, "refkey claimed by an attempt that never finished: reporting ambiguous, not resending");
      return finish(d, inFlightResult(d, claim.since, Date.now()), deps, "at");
    case "claimed":
      throw new Error("unreachable: a claimed send is written");
  }
}

async function finish(d: Send, result: DispatchResult, deps: HandlerDeps, type: string): Promise<DispatchResult> {
  deps.metrics.sends.inc({ outcome: result.outcome, type });
  if (result.outcome !== "accepted")
    log(
      deps,
      d,
      "warn",
      { outcome: result.outcome, ...("code" in result ? { code: result.code } : {}), ...("reason" in result ? { reason: result.reason } : {}) },
      "send not accepted",
    );
  await deps.infra("ledger complete", () => deps.ledger.complete(result));
  return result;
}

/** Binds the command's context only when a line is written: a child logger per command is costly at thousands per second. */
function log(deps: HandlerDeps, d: Dispatch, level: "info" | "warn", fields: object, message: string): void {
  deps.logger[level]({ phone: maskPhone(d.phone), refkey: d.refkey, flow: d.flow, step: d.step, ...fields }, message);
}
