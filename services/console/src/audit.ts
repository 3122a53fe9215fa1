import type { Logger } from "@sunseo/logger";
import type { ConsoleMetrics } from "./metrics.js";

/**
 * One log line per action and per revealed phone number (who, what, when; PIPA): a separate
 * `audit: true` stream that a log pipeline can keep longer than the service's other lines.
 */
export interface Audit {
  record(user: string, action: string, target: Record<string, string | number | boolean | undefined>): void;
}

export const createAudit = (logger: Logger, metrics?: ConsoleMetrics): Audit => {
  const log = logger.child({ audit: true });
  return {
    record(user, action, target) {
      metrics?.actions.inc({ action });
      log.info({ user, action, ...target, at: new Date().toISOString() }, `audit: ${user} ${action}`);
    },
  };
};
