import { quantile, readBuckets, subtract } from "./histogram.js";

/** One stage of a step's way through sunseo, as a histogram one service exports. */
export interface Stage {
  service: string;
  metric: string;
  labels: Record<string, string>;
  what: string;
}

/** In the order a step's time passes through them: the report in, the next step out. */
export const STAGES: Stage[] = [
  {
    service: "webhook-ingest",
    metric: "sunseo_webhook_ingest_push_seconds",
    labels: {},
    what: "webhook-ingest: push received -> stored on Kafka (acks=all) -> 200",
  },
  { service: "sequencer", metric: "sunseo_sequencer_stage_seconds", labels: { stage: "fetch" }, what: "sequencer: report written -> fetched" },
  { service: "sequencer", metric: "sunseo_sequencer_stage_seconds", labels: { stage: "queue" }, what: "sequencer: fetched -> its round starts" },
  { service: "sequencer", metric: "sunseo_sequencer_stage_seconds", labels: { stage: "apply" }, what: "sequencer: round: Redis load, decide, Redis save" },
  {
    service: "sequencer",
    metric: "sunseo_sequencer_stage_seconds",
    labels: { stage: "emit" },
    what: "sequencer: round: produce dispatch (acks=all), timers, outbox clear",
  },
  { service: "dispatcher", metric: "sunseo_dispatcher_stage_seconds", labels: { stage: "fetch" }, what: "dispatcher: dispatch written -> fetched" },
  {
    service: "dispatcher",
    metric: "sunseo_dispatcher_stage_seconds",
    labels: { stage: "wait" },
    what: "dispatcher: fetched -> claimed (phone's queue, rate limit, token, socket, ledger)",
  },
  { service: "dispatcher", metric: "sunseo_dispatcher_stage_seconds", labels: { stage: "gateway" }, what: "dispatcher: claimed -> the gateway answered" },
];

export interface StageFigure {
  stage: Stage;
  p50Ms: number;
  p99Ms: number;
  count: number;
}

/** Each stage's percentiles between two scrapes of every service's /metrics. */
export function stageFigures(before: Record<string, string>, after: Record<string, string>): StageFigure[] {
  return STAGES.map((stage) => {
    const delta = subtract(
      readBuckets(after[stage.service] ?? "", stage.metric, stage.labels),
      readBuckets(before[stage.service] ?? "", stage.metric, stage.labels),
    );
    return { stage, p50Ms: quantile(delta, 0.5) * 1000, p99Ms: quantile(delta, 0.99) * 1000, count: delta.get(Number.POSITIVE_INFINITY) ?? 0 };
  });
}
