import { Counter, Gauge, type Registry } from "prom-client";

export interface AlerterMetrics {
  alerts: Counter<"outcome">;
  deliveries: Counter<"sink" | "outcome">;
  summaries: Counter;
  consumerLag: Gauge<"topic" | "partition">;
  dlqRecords: Gauge;
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
    consumerLag: new Gauge({
      name: "sunseo_alerter_consumer_lag_messages",
      help: "Messages of the alert topic after the group's committed offset, per partition (the whole group, read every 15 s: take max across members)",
      labelNames: ["topic", "partition"],
      registers: [registry],
    }),
    dlqRecords: new Gauge({
      name: "sunseo_alerter_dlq_records",
      help: "Records the dlq topic holds within its retention, all partitions (end minus start offsets, read every 15 s); nothing consumes the dlq, so it only grows with new dead letters and shrinks as retention deletes them",
      registers: [registry],
    }),
  };
}
