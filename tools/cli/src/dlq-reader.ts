import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { CliError, NotFoundError } from "./errors.js";
import { decodeDlqRecord, type DlqRecord } from "./dlq-view.js";

export interface ReadDlqOptions {
  /** Give up when no record arrives for this long before every partition is read to its end. */
  idleTimeoutMs?: number;
}

/**
 * Reads a dlq topic from its beginning up to the high watermarks taken at the start.
 * It uses a throwaway consumer group that never commits and is deleted afterwards, so no
 * service's group (and no offset) is disturbed.
 */
export async function readDlq(kafka: Kafka, topic: string, { idleTimeoutMs = 15_000 }: ReadDlqOptions = {}): Promise<DlqRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new NotFoundError(`topic ${topic} does not exist (run "npm run topics")`);
    const offsets = await admin.fetchTopicOffsets(topic);
    // Offsets of the last record to read, per partition that has any.
    const remaining = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
    if (remaining.size === 0) return [];

    const groupId = `sunseo-cli-${randomUUID()}`;
    const records: DlqRecord[] = [];
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        let idle: NodeJS.Timeout | undefined;
        const arm = () => {
          clearTimeout(idle);
          idle = setTimeout(() => {
            const left = [...remaining.keys()].join(", ");
            reject(new CliError(`stopped reading ${topic}: nothing arrived for ${idleTimeoutMs} ms (partitions ${left} unfinished)`, 1, "KAFKA_TIMEOUT"));
          }, idleTimeoutMs);
        };
        arm();
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              arm();
              const last = remaining.get(partition);
              if (last === undefined || BigInt(message.offset) > last) return;
              records.push(decodeDlqRecord(partition, message.offset, message.value));
              if (BigInt(message.offset) === last) remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(idle);
                resolve();
              }
            },
          })
          .catch((err: unknown) => {
            clearTimeout(idle);
            reject(err instanceof Error ? err : new Error(String(err)));
          });
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return records;
  } finally {
    await admin.disconnect();
  }
}
