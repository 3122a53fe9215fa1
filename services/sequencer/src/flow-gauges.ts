import type { Kafka } from "kafkajs";
import { parsePhoneState, type PhoneState, type SendStatus, type SequencerKeys } from "@sunseo/flow-state";
import { createOffsetReader } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Redis } from "@sunseo/redis";
import { GAUGE_INTERVAL_MS, recordLag, startPeriodic } from "@sunseo/runtime";
import type { SequencerMetrics } from "./metrics.js";

/** Sends whose answer is still awaited from the dispatcher or the gateway. */
const UNANSWERED: ReadonlySet<SendStatus> = new Set(["dispatched", "claimed", "accepted", "report-requested"]);

export interface FlowSummary {
  running: number;
  queued: number;
  /** When the oldest step still waiting for its report was dispatched (epoch ms). */
  oldestUnansweredAt: number | undefined;
}

export function summarizeFlows(states: Iterable<PhoneState>): FlowSummary {
  const summary: FlowSummary = { running: 0, queued: 0, oldestUnansweredAt: undefined };
  for (const state of states) {
    for (const flow of Object.values(state.flows)) {
      if (flow.status === "running") summary.running++;
      else if (flow.status === "queued") summary.queued++;
      for (const step of flow.history) {
        if (!UNANSWERED.has(step.send) || step.dispatchedAt === undefined) continue;
        if (summary.oldestUnansweredAt === undefined || step.dispatchedAt < summary.oldestUnansweredAt) summary.oldestUnansweredAt = step.dispatchedAt;
      }
    }
  }
  return summary;
}

const READ_CHUNK = 500;

/** The flows of these partition numbers' live phones, read from Redis. */
export async function readFlowSummary(
  redis: Redis,
  keys: SequencerKeys,
  partitions: readonly number[],
  { now, retentionMs }: { now: number; retentionMs: number },
): Promise<FlowSummary> {
  const states: PhoneState[] = [];
  for (const partition of partitions) {
    // An entry not written for longer than the retention cannot belong to a live flow (it is refreshed on every write).
    await redis.zremrangebyscore(keys.live(partition), "-inf", now - retentionMs);
    const phones = await redis.zrange(keys.live(partition), 0, -1);
    for (let i = 0; i < phones.length; i += READ_CHUNK) {
      const docs = await Promise.all(phones.slice(i, i + READ_CHUNK).map((phone) => redis.hget(keys.state(phone), "doc")));
      for (const doc of docs) if (doc) states.push(parsePhoneState(doc));
    }
  }
  return summarizeFlows(states);
}

export interface SequencerGaugeDeps {
  kafka: Kafka;
  redis: Redis;
  keys: SequencerKeys;
  groupId: string;
  topicPrefix: string;
  inputTopics: readonly string[];
  /** The partition numbers this member owns: each member reports its own flows, so the gauges sum across members. */
  ownedPartitions: () => readonly number[];
  retentionMs: number;
  metrics: SequencerMetrics;
  logger: Logger;
}

/**
 * Flows running and queued, the oldest unanswered report, and the group's consumer lag,
 * refreshed every GAUGE_INTERVAL_MS. Flow figures read the states of the phones in the
 * owned partitions' live index only: the cost follows the flows in progress.
 */
export function startSequencerGauges(deps: SequencerGaugeDeps): { stop(): Promise<void> } {
  const { kafka, redis, keys, metrics, logger } = deps;
  const offsets = createOffsetReader(kafka);

  const sampleFlows = async () => {
    const now = Date.now();
    const summary = await readFlowSummary(redis, keys, deps.ownedPartitions(), { now, retentionMs: deps.retentionMs });
    metrics.flowsInProgress.set({ status: "running" }, summary.running);
    metrics.flowsInProgress.set({ status: "queued" }, summary.queued);
    metrics.oldestUnansweredReport.set(summary.oldestUnansweredAt === undefined ? 0 : Math.max(0, now - summary.oldestUnansweredAt) / 1000);
  };
  const sampleLag = async () => {
    recordLag(metrics.consumerLag, await offsets.groupLag(deps.groupId, deps.inputTopics), deps.topicPrefix);
  };

  const flows = startPeriodic("flow gauges", GAUGE_INTERVAL_MS, sampleFlows, logger);
  const lag = startPeriodic("consumer lag", GAUGE_INTERVAL_MS, sampleLag, logger);
  return {
    async stop() {
      await Promise.all([flows.stop(), lag.stop()]);
      await offsets.close();
    },
  };
}
