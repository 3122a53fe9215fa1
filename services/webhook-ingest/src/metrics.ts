import { Counter, Histogram, type Registry } from "prom-client";

export type RejectionReason =
  | "forbidden_ip"
  | "unauthorized"
  | "unsupported_media_type"
  | "invalid_json"
  | "too_large"
  | "invalid_body"
  | "invalid_phone"
  | "kafka_unavailable";

export interface IngestMetrics {
  /** Stored reports by channel and outcome of their RESULT code. */
  reports: Counter<"channel" | "delivered">;
  rejections: Counter<"reason">;
  produceSeconds: Histogram<"outcome">;
  batchSize: Histogram;
  /** One stored push, received to answered 200: a stage of a step's time (npm run bench). */
  pushSeconds: Histogram;
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  return {
    reports: new Counter({
      name: "sunseo_webhook_ingest_reports_total",
      help: "Delivery reports stored on the report topic, by channel and whether RESULT means delivered",
      labelNames: ["channel", "delivered"],
      registers: [registry],
    }),
    rejections: new Counter({
      name: "sunseo_webhook_ingest_rejections_total",
      help: "Pushes answered with an error status, by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    pushSeconds: new Histogram({
      name: "sunseo_webhook_ingest_push_seconds",
      help: "From a push being handled to its 200, the report stored on Kafka (acks=all)",
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.2, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    produceSeconds: new Histogram({
      name: "sunseo_webhook_ingest_produce_seconds",
      help: "Time from a produce call to Kafka's acknowledgement (one call carries a micro-batch)",
      labelNames: ["outcome"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: "sunseo_webhook_ingest_batch_reports",
      help: "Reports per produce call",
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers: [registry],
    }),
  };
}
