import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface SequencerMetrics {
  flows: Counter<"event">;
  /** Flows that ended expired: stale_start (seen too late, never started) or waiting (past expiresAt while waiting). */
  expired: Counter<"cause">;
  stepsDispatched: Counter;
  reportRequests: Counter;
  alerts: Counter<"kind">;
  ignored: Counter<"reason">;
  replayed: Counter;
  dlq: Counter<"code">;
  rerouted: Counter<"topic">;
  abandoned: Counter;
  claimedBeforeAbandon: Counter;
  transientErrors: Counter;
  reportToDispatch: Histogram;
  /** Where an event's time goes: fetch, queue, apply, emit. */
  stageSeconds: Histogram<"stage">;
  batchSeconds: Histogram;
  consumerLag: Gauge<"topic" | "partition">;
  flowsInProgress: Gauge<"status">;
  oldestUnansweredReport: Gauge;
}

export function createSequencerMetrics(registry: Registry): SequencerMetrics {
  return {
    flows: new Counter({
      name: "sunseo_sequencer_flows_total",
      help: "Flow lifecycle events by type (started, completed, failed, timed_out, cancelled, queued)",
      labelNames: ["event"],
      registers: [registry],
    }),
    expired: new Counter({
      name: "sunseo_sequencer_flows_expired_total",
      help: "Flows that ended expired, by cause: stale_start (requestedAt older than the flow's maxStartDelay, dead-lettered STALE_START) or waiting (past expiresAt/maxDuration while waiting for a start, the lane, a delay or a send window)",
      labelNames: ["cause"],
      registers: [registry],
    }),
    stepsDispatched: new Counter({ name: "sunseo_sequencer_steps_dispatched_total", help: "Step sends requested from the dispatcher", registers: [registry] }),
    reportRequests: new Counter({
      name: "sunseo_sequencer_report_requests_total",
      help: "Overdue reports the gateway was asked to push again",
      registers: [registry],
    }),
    alerts: new Counter({ name: "sunseo_sequencer_alerts_total", help: "Alerts raised, by kind", labelNames: ["kind"], registers: [registry] }),
    ignored: new Counter({
      name: "sunseo_sequencer_events_ignored_total",
      help: "Events that changed nothing, by reason (duplicates, late or stale results, unknown refkeys)",
      labelNames: ["reason"],
      registers: [registry],
    }),
    replayed: new Counter({
      name: "sunseo_sequencer_events_replayed_total",
      help: "Redelivered Kafka messages skipped because their effect is already stored",
      registers: [registry],
    }),
    dlq: new Counter({ name: "sunseo_sequencer_dlq_total", help: "Input messages sent to the dlq, by code", labelNames: ["code"], registers: [registry] }),
    rerouted: new Counter({
      name: "sunseo_sequencer_rerouted_total",
      help: "Input messages found on another partition than their phone's and moved there, by topic",
      labelNames: ["topic"],
      registers: [registry],
    }),
    abandoned: new Counter({
      name: "sunseo_sequencer_sends_abandoned_total",
      help: "Dispatched steps taken back before the dispatcher claimed them (timeout, cancel)",
      registers: [registry],
    }),
    claimedBeforeAbandon: new Counter({
      name: "sunseo_sequencer_abandon_refused_total",
      help: "Steps the sequencer wanted to take back but the dispatcher had claimed: waited for instead",
      registers: [registry],
    }),
    transientErrors: new Counter({
      name: "sunseo_sequencer_batch_retries_total",
      help: "Batches retried in place after Redis or Kafka failed",
      registers: [registry],
    }),
    reportToDispatch: new Histogram({
      name: "sunseo_sequencer_report_to_dispatch_seconds",
      help: "From the gateway's report reaching webhook-ingest to the next step's dispatch being written to Kafka",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    stageSeconds: new Histogram({
      name: "sunseo_sequencer_stage_seconds",
      help: "Where an event's time goes: fetch (written to Kafka -> fetched), queue (fetched -> its round starts), apply (a round's Redis load, decisions and save), emit (a round's produce, timers and outbox clear)",
      labelNames: ["stage"],
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: "sunseo_sequencer_batch_seconds",
      help: "Time to apply one batch (Redis + Kafka)",
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: "sunseo_sequencer_consumer_lag_messages",
      help: "Messages after the group's committed offset, per input topic and partition (the whole group, read every 15 s: take max across members)",
      labelNames: ["topic", "partition"],
      registers: [registry],
    }),
    flowsInProgress: new Gauge({
      name: "sunseo_sequencer_flows_in_progress",
      help: "Flows running or queued behind another on the same phone, in this member's partitions (read every 15 s: sum across members)",
      labelNames: ["status"],
      registers: [registry],
    }),
    oldestUnansweredReport: new Gauge({
      name: "sunseo_sequencer_oldest_unanswered_report_seconds",
      help: "Age of the oldest dispatched step with no report yet (nor a rejection), in this member's partitions; 0 when none (read every 15 s: max across members)",
      registers: [registry],
    }),
  };
}
