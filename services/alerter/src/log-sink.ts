import type { Logger } from "@sunseo/logger";
import type { ChatMessage } from "./format.js";
import type { Sink } from "./sink.js";

/** Used when no webhook is configured: alerts become warn log lines (already masked), nothing is lost. */
export function createLogSink(logger: Logger): Sink {
  return {
    name: "log",
    async post(message: ChatMessage) {
      logger.warn({ alert: Object.fromEntries(message.fields) }, message.title);
      return { ok: true, status: 0 };
    },
  };
}
