import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { decodeDlqRecord, type DlqRecord } from "./entries.js";

/** The dlq topic is not there (topics not created for this prefix). */
export class DlqTopicMissingError extends Error {
  override readonly name = "DlqTopicMissingError";
  readonly code = "NOT_FOUND";
}

/** The topic stopped delivering before every partition was read to its end. */
export class DlqReadTimeoutError extends Error {
  override readonly name = "DlqReadTimeoutError";
  readonly code = "KAFKA_TIMEOUT";
}

export interface ReadDlqOptions {
  /** Give up when no record arrives for this long before every partition is read to its end. */
  idleTimeoutMs?: number;
  /** The throwaway group's name starts with it, so a broker's group list says who read. */
  groupPrefix?: string;
}

/**
 * Reads a dlq topic from its beginning up to the high watermarks taken at the start.
 * It uses a throwaway consumer group that never commits and is deleted afterwards, so no
 * service's group (and no offset) is disturbed.
 */
export async function readDlq(
  kafka: Kafka,
  topic: string,
  { idleTimeoutMs = 15_000, groupPrefix = "sunseo-dlq-reader" }: ReadDlqOptions = {},
): Promise<DlqRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new DlqTopicMissingError(`topic ${topic} does not exist (run "npm run topics")`);
    const offsets = await admin.fetchTopicOffsets(topic);
    // Offsets of the last record to read, per partition that has any.
    const remaining = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
    if (remaining.size === 0) return [];

    const groupId = `${groupPrefix}-${randomUUID()}`;
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
            reject(new DlqReadTimeoutError(`stopped reading ${topic}: nothing arrived for ${idleTimeoutMs} ms (partitions ${left} unfinished)`));
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
