import type { Kafka } from "kafkajs";

/**
 * Whether a consumer group ever committed an offset on these topics: the witness that a
 * deployment already ran, for telling a fresh Redis from one that lost its data.
 */
export async function hasCommittedOffsets(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchOffsets({ groupId, topics: [...topics] });
    return offsets.some(({ partitions }) => partitions.some((p) => p.offset !== "-1"));
  } finally {
    await admin.disconnect();
  }
}
