import type { Logger } from "@sunseo/logger";
import type { BizppurioReport } from "@sunseo/contracts";
import { postJson } from "./post-json.js";
import type { PushLogEntry, SimState } from "./state.js";

/**
 * Pushes one report to the webhook like the real sender: JSON POST, a few retries with a
 * pause when the webhook is down or answers non-2xx, then gives up (the report is still
 * recoverable through /v2/report). Every push the webhook acknowledged goes to the push log.
 */
export interface PushTarget {
  url: string;
  headers: Record<string, string>;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
}

export type PushOrigin = Pick<PushLogEntry, "duplicate" | "requested">;

export async function pushReport(target: PushTarget, report: BizppurioReport, state: SimState, logger: Logger, origin: PushOrigin = {}): Promise<boolean> {
  const body = JSON.stringify(report);
  for (let attempt = 0; attempt <= target.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, target.retryDelayMs));
    state.stats.pushAttempts += 1;
    try {
      const status = await postJson(target.url, body, target.headers, target.timeoutMs);
      if (status >= 200 && status < 300) {
        state.stats.pushes += 1;
        state.pushes.append({
          refkey: report.REFKEY,
          messagekey: report.CMSGID,
          phone: report.PHONE,
          result: report.RESULT,
          at: Date.now(),
          attempt: attempt + 1,
          ...origin,
        });
        return true;
      }
      logger.debug({ status, refkey: report.REFKEY, attempt }, "webhook refused the report");
    } catch (err) {
      logger.debug({ err: (err as Error).message, refkey: report.REFKEY, attempt }, "webhook unreachable");
    }
  }
  state.stats.pushFailures += 1;
  logger.warn({ refkey: report.REFKEY, attempts: target.retries + 1 }, "report push given up");
  return false;
}
