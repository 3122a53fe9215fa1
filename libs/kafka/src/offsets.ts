import type { Admin, Kafka } from "kafkajs";

/**
 * What the offsets say about a topic or a consumer group, for the services' gauges: read
 * with the admin API every few seconds, never per message.
 */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** Messages after the group's committed offset (the whole retained log when it never committed). */
  lag: number;
}

export interface PartitionEnds {
  partition: number;
  low: string;
  high: string;
}

/** Lag per partition: end offset minus committed offset; a partition never committed counts from its log start. */
export function lagOf(topic: string, ends: readonly PartitionEnds[], committed: ReadonlyMap<number, string>): PartitionLag[] {
  return ends.map(({ partition, low, high }) => {
    const offset = committed.get(partition);
    const from = offset === undefined || offset === "-1" ? Number(low) : Math.max(Number(offset), Number(low));
    return { topic, partition, lag: Math.max(0, Number(high) - from) };
  });
}

/** The group's lag on each partition of these topics (an admin that is connected). */
export async function readGroupLag(admin: Admin, groupId: string, topicNames: readonly string[]): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topicNames] });
  const ends = await Promise.all(topicNames.map((topic) => admin.fetchTopicOffsets(topic)));
  return topicNames.flatMap((topic, i) => {
    const byPartition = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]));
    return lagOf(topic, ends[i]!, byPartition);
  });
}

/** Records a topic holds within its retention: the sum over partitions of end minus start offset. */
export async function readTopicRecords(admin: Admin, topic: string): Promise<number> {
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.reduce((sum, { low, high }) => sum + Math.max(0, Number(high) - Number(low)), 0);
}

export interface OffsetReader {
  groupLag(groupId: string, topicNames: readonly string[]): Promise<PartitionLag[]>;
  topicRecords(topic: string): Promise<number>;
  close(): Promise<void>;
}

/** One admin client for a service's periodic offset reads, connected on first use (again after a failed connect). */
export function createOffsetReader(kafka: Kafka): OffsetReader {
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  const ready = () =>
    (connected ??= admin.connect().catch((err: unknown) => {
      connected = undefined;
      throw err;
    }));
  return {
    groupLag: async (groupId, topicNames) => {
      await ready();
      return readGroupLag(admin, groupId, topicNames);
    },
    topicRecords: async (topic) => {
      await ready();
      return readTopicRecords(admin, topic);
    },
    close: () => admin.disconnect(),
  };
}
