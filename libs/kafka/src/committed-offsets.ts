import type { Kafka } from "kafkajs";

/**
 * Whether a consumer group ever committed an offset on these topics: the witness that a
 * deployment already ran, for telling a fresh Redis from one that lost its data. A broker
 * that has just started may not have its group coordinator ready yet; that is waited out
 * (up to `timeoutMs`) rather than failing the service's boot.
 */
export async function hasCommittedOffsets(kafka: Kafka, groupId: string, topics: readonly string[], { timeoutMs = 60_000 } = {}): Promise<boolean> {
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await admin.connect();
        const offsets = await admin.fetchOffsets({ groupId, topics: [...topics] });
        return offsets.some(({ partitions }) => partitions.some((p) => p.offset !== "-1"));
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
