import { topicName, topics } from "@sunseo/contracts";

/** What a topic should be: what `npm run topics` creates and `sunseo topics check` compares with. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  retentionMs: number;
}

/** The settings every topic shares; retention is per topic (its default next to the topic list). */
export interface TopicSettings {
  prefix: string;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  /** By base name (flow-start); a topic not named keeps its default. */
  retentionMs?: Readonly<Record<string, number>>;
}

/** A development broker alone: no copy to wait for. */
export const SINGLE_BROKER = { replicationFactor: 1, minInsyncReplicas: 1 } as const;

export const topicSpecs = ({ prefix, partitions, replicationFactor, minInsyncReplicas, retentionMs = {} }: TopicSettings): TopicSpec[] =>
  Object.values(topics).map((t) => ({
    name: topicName(prefix, t),
    partitions,
    replicationFactor,
    minInsyncReplicas,
    retentionMs: retentionMs[t.base] ?? t.retentionMs,
  }));

/** What a topic is on the cluster. */
export interface TopicState {
  name: string;
  partitions: number;
  /** The fewest replicas any of its partitions has. */
  replicationFactor: number;
  minInsyncReplicas: number;
  retentionMs: number;
}

/** Topic-level configuration `npm run topics` sets; everything else stays the broker's or the operator's. */
export const topicConfigEntries = (spec: TopicSpec): Record<string, string> => ({
  "min.insync.replicas": String(spec.minInsyncReplicas),
  "retention.ms": String(spec.retentionMs),
});

/**
 * How to change the partition count of live topics without breaking per-phone order: a phone's
 * partition is murmur2(phone) mod the count, so changing it moves phones to another partition
 * while their earlier events (and their Redis state's partition) stay behind.
 */
export const PARTITION_MIGRATION = [
  "The partition count decides which partition (and so which sequencer) each phone belongs to; changing it on",
  "live topics would move phones away from their pending events. To migrate:",
  "  1. stop new starts (the domain services' flow-start producers) and wait until `sunseo flows` shows no open flow,",
  "  2. stop every sunseo service,",
  "  3. create the topics under a new prefix with the new count (SUNSEO_TOPIC_PREFIX=<new> SUNSEO_PARTITIONS=<n> npm run topics),",
  "  4. start the services with SUNSEO_TOPIC_PREFIX=<new> and point the flow-client producers at the new prefix,",
  "  5. delete the old topics once their retention no longer matters (their dlq first read with `sunseo dlq`).",
].join("\n");

/** An existing topic whose partition count differs from the configured one: `npm run topics` refuses to touch it. */
export class PartitionCountChangeError extends Error {
  readonly code = "PARTITION_COUNT_FIXED";
  constructor(readonly differing: readonly { name: string; partitions: number; wanted: number }[]) {
    super(
      `refusing to change the partition count of existing topics (${differing.map((d) => `${d.name} has ${d.partitions}, configured ${d.wanted}`).join("; ")}).\n${PARTITION_MIGRATION}`,
    );
    this.name = "PartitionCountChangeError";
  }
}

/** The configured replication factor needs more brokers than the cluster has. */
export class ReplicationFactorError extends Error {
  readonly code = "REPLICATION_FACTOR_TOO_HIGH";
  constructor(
    readonly replicationFactor: number,
    readonly brokers: number,
  ) {
    super(
      `replication factor ${replicationFactor} needs ${replicationFactor} brokers, the cluster has ${brokers}. ` +
        "For a single development broker set SUNSEO_TOPIC_REPLICATION_FACTOR=1 SUNSEO_TOPIC_MIN_ISR=1 " +
        "(npm run infra:up does so for the broker it starts); a production cluster wants 3 brokers and the defaults.",
    );
    this.name = "ReplicationFactorError";
  }
}

const days = (ms: number): string => (ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms}ms`);

/**
 * What differs between a topic and its spec, and what is risky whatever the spec says: one
 * line each, for an operator. The partition count is not here: co-partitioning checks it.
 */
export function topicWarnings(spec: TopicSpec, state: TopicState, brokers: number): string[] {
  const warnings: string[] = [];
  if (state.replicationFactor === 1 && brokers > 1)
    warnings.push(`${state.name}: replication factor 1 on a ${brokers}-broker cluster: losing one broker loses its data and stops it`);
  else if (state.replicationFactor !== spec.replicationFactor)
    warnings.push(`${state.name}: replication factor ${state.replicationFactor}, configured ${spec.replicationFactor}`);
  if (state.minInsyncReplicas !== spec.minInsyncReplicas)
    warnings.push(`${state.name}: min.insync.replicas ${state.minInsyncReplicas}, configured ${spec.minInsyncReplicas}`);
  if (state.minInsyncReplicas > state.replicationFactor)
    warnings.push(
      `${state.name}: min.insync.replicas ${state.minInsyncReplicas} exceeds its ${state.replicationFactor} replicas: every acks=all produce fails`,
    );
  if (state.retentionMs !== spec.retentionMs) warnings.push(`${state.name}: retention ${days(state.retentionMs)}, configured ${days(spec.retentionMs)}`);
  return warnings;
}
