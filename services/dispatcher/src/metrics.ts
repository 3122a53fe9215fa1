import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ClientHooks } from "@sunseo/bizppurio";

export interface DispatcherMetrics {
  sends: Counter<"outcome" | "type">;
  retries: Counter<"endpoint" | "kind">;
  delayedRetries: Counter;
  tokenRefreshes: Counter;
  gatewayLatency: Histogram<"endpoint" | "status">;
  dlq: Counter<"code">;
  infraRetries: Counter<"call">;
  /** Where a send's time goes: fetch, wait (until claimed), gateway (claimed -> answered). */
  stageSeconds: Histogram<"stage">;
  consumerLag: Gauge<"topic" | "partition">;
  hooks: ClientHooks;
}

export function createDispatcherMetrics(registry: Registry): DispatcherMetrics {
  const sends = new Counter({
    name: "sunseo_dispatcher_sends_total",
    help: "Dispatch commands by outcome (accepted, rejected, ambiguous, replayed, abandoned) and message type",
    labelNames: ["outcome", "type"],
    registers: [registry],
  });
  const retries = new Counter({
    name: "sunseo_dispatcher_gateway_retries_total",
    help: "Gateway calls tried again after an answer that proved nothing was taken (429, refused connection, refusal code)",
    labelNames: ["endpoint", "kind"],
    registers: [registry],
  });
  const delayedRetries = new Counter({
    name: "sunseo_dispatcher_delayed_retries_total",
    help: "Sends put back for a later retry after in-place retries failed",
    registers: [registry],
  });
  const tokenRefreshes = new Counter({
    name: "sunseo_dispatcher_token_refreshes_total",
    help: "Access tokens issued by /v1/token from this instance",
    registers: [registry],
  });
  const gatewayLatency = new Histogram({
    name: "sunseo_dispatcher_gateway_request_seconds",
    help: "Bizppurio HTTP call latency by endpoint and status",
    labelNames: ["endpoint", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const dlq = new Counter({
    name: "sunseo_dispatcher_dlq_total",
    help: "Dispatch commands sent to the dead-letter topic",
    labelNames: ["code"],
    registers: [registry],
  });
  const stageSeconds = new Histogram({
    name: "sunseo_dispatcher_stage_seconds",
    help: "Where a send's time goes: fetch (dispatch written -> fetched), wait (fetched -> claimed: the phone's queue, rate limit, token, a socket, the ledger), gateway (claimed -> answered)",
    labelNames: ["stage"],
    buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5],
    registers: [registry],
  });
  const infraRetries = new Counter({
    name: "sunseo_dispatcher_infra_retries_total",
    help: "Redis or Kafka calls retried in place after failing",
    labelNames: ["call"],
    registers: [registry],
  });
  const consumerLag = new Gauge({
    name: "sunseo_dispatcher_consumer_lag_messages",
    help: "Messages of the dispatch topic after the group's committed offset, per partition (the whole group, read every 15 s: take max across members)",
    labelNames: ["topic", "partition"],
    registers: [registry],
  });
  return {
    sends,
    retries,
    delayedRetries,
    tokenRefreshes,
    gatewayLatency,
    dlq,
    infraRetries,
    stageSeconds,
    consumerLag,
    hooks: {
      onRequest: (endpoint, status, seconds) => gatewayLatency.observe({ endpoint, status: String(status) }, seconds),
      onRetry: (endpoint, error) => retries.inc({ endpoint, kind: error.kind }),
      onTokenRefresh: () => tokenRefreshes.inc(),
    },
  };
}
