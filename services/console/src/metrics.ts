import { Counter, Histogram, type Registry } from "prom-client";

export interface ConsoleMetrics {
  /** Server time of a page or action, by route pattern (the 50 ms budget of the phone and flow pages). */
  requestSeconds: Histogram<"route" | "status">;
  /** Actions taken (cancel, report re-request, dlq replay, phone reveal), the same events as the audit log. */
  actions: Counter<"action">;
}

export function createConsoleMetrics(registry: Registry): ConsoleMetrics {
  return {
    requestSeconds: new Histogram({
      name: "sunseo_console_request_seconds",
      help: "Server time of console requests by route pattern and status (SSE streams excluded)",
      labelNames: ["route", "status"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    actions: new Counter({
      name: "sunseo_console_actions_total",
      help: "Operator actions and phone reveals, as written to the audit log",
      labelNames: ["action"],
      registers: [registry],
    }),
  };
}
