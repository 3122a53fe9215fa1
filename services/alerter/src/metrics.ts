import { Counter, type Registry } from "prom-client";

export interface AlerterMetrics {
  alerts: Counter<"outcome">;
  deliveries: Counter<"sink" | "outcome">;
  summaries: Counter;
}

export function createAlerterMetrics(registry: Registry): AlerterMetrics {
  return {
    alerts: new Counter({
      name: "sunseo_alerter_alerts_total",
      help: "Alerts consumed, by outcome: sent, folded, duplicate, undeliverable, invalid, deferred (left uncommitted at shutdown)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "sunseo_alerter_deliveries_total",
      help: "Messages (alerts and summaries) per sink, delivered or given up after retries",
      labelNames: ["sink", "outcome"],
      registers: [registry],
    }),
    summaries: new Counter({
      name: "sunseo_alerter_summaries_total",
      help: "Summaries that stood for folded alerts during a burst (a long one is split into several posts)",
      registers: [registry],
    }),
  };
}
