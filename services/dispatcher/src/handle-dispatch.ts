import { toBizppurioRequest, type BizppurioClient, type RetryPolicy } from "@sunseo/bizppurio";
import type { Dispatch, DispatchResult } from "@sunseo/contracts";
import { maskPhone } from "@sunseo/phone";
import type { Logger } from "@sunseo/logger";
import type { Ledger } from "./ledger.js";
import type { DispatcherMetrics } from "./metrics.js";
import { decideFailure, inFlightResult, stepRef } from "./outcome.js";

/**
 * One dispatch command, start to end: claim the refkey, call the gateway (brief retries in
 * place, longer ones later - only this phone waits), record and return the result.
 * `report-request` asks the gateway to push a report again and has no result.
 */
/** Thrown when the dispatcher stops during a delayed retry: the command stays uncommitted. */
export class DispatcherStopping extends Error {
  readonly retriable = true;
  constructor(readonly refkey: string) {
    super(`dispatcher stopping while ${refkey} waited for a retry`);
    this.name = "DispatcherStopping";
  }
}

export interface HandlerDeps {
  client: BizppurioClient;
  ledger: Ledger;
  account: string;
  logger: Logger;
  metrics: DispatcherMetrics;
  inPlaceRetry: RetryPolicy;
  maxDelayedRetries: number;
  delayedBackoff: Pick<RetryPolicy, "baseMs" | "maxMs">;
  /** Waits between delayed retries; resolves false when the dispatcher is stopping. */
  wait: (ms: number) => Promise<boolean>;
}

export async function handleDispatch(d: Dispatch, deps: HandlerDeps): Promise<DispatchResult | undefined> {
  // A child logger per command is costly at thousands per second: bind only when logging.
  const bound = () => ({ phone: maskPhone(d.phone), refkey: d.refkey, flow: d.flow, step: d.step });
  const log = {
    info: (a: object | string, msg?: string) => (typeof a === "string" ? deps.logger.info(bound(), a) : deps.logger.info({ ...bound(), ...a }, msg)),
    warn: (a: object | string, msg?: string) => (typeof a === "string" ? deps.logger.warn(bound(), a) : deps.logger.warn({ ...bound(), ...a }, msg)),
  };
  if (d.kind === "report-request") {
    try {
      await deps.client.requestReport(d.messagekey);
      log.info("report re-requested");
    } catch (err) {
      // The sequencer's timeout path ends the step if the report never comes.
      log.warn({ err: (err as Error).message }, "report re-request failed");
    }
    return undefined;
  }

  const claim = await deps.ledger.claim(d.phone, d.refkey);
  if (claim.kind === "done") {
    deps.metrics.sends.inc({ outcome: "replayed", type: "at" });
    log.info({ outcome: claim.result.outcome }, "refkey already handled, re-emitting its result");
    return claim.result;
  }
  if (claim.kind === "in-flight") {
    const result = inFlightResult(d, claim.since, Date.now());
    deps.metrics.sends.inc({ outcome: "ambiguous", type: "at" });
    log.warn("refkey left in flight by an earlier attempt: reporting ambiguous, not resending");
    await deps.ledger.complete(result);
    return result;
  }

  const request = toBizppurioRequest(deps.account, d);
  let result: DispatchResult | undefined;
  for (let delayed = 0; result === undefined; delayed++) {
    try {
      const accepted = await deps.client.send(request, { retry: deps.inPlaceRetry });
      result = { outcome: "accepted", ...stepRef(d), messagekey: accepted.messagekey, at: Date.now() };
    } catch (err) {
      const decision = decideFailure(d, err, delayed, { maxDelayedRetries: deps.maxDelayedRetries, backoff: deps.delayedBackoff }, Date.now());
      if (decision.action === "result") {
        result = decision.result;
      } else {
        deps.metrics.delayedRetries.inc();
        log.warn({ err: (err as Error).message, delayMs: decision.delayMs, retry: delayed + 1 }, "gateway failing, retrying this send later");
        // Stopping mid-wait leaves the refkey in flight: the next owner reports it ambiguous.
        if (!(await deps.wait(decision.delayMs))) throw new DispatcherStopping(d.refkey);
      }
    }
  }
  deps.metrics.sends.inc({ outcome: result.outcome, type: request.type });
  if (result.outcome !== "accepted") log.warn({ outcome: result.outcome, ...("code" in result ? { code: result.code } : {}) }, "send not accepted");
  await deps.ledger.complete(result);
  return result;
}
