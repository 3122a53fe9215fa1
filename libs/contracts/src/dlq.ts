import type { Dlq } from "./messages.js";

/** A consumed record as any Kafka client hands it over (kafkajs gives Buffers, tests give strings). */
export interface ReceivedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
}

/**
 * The one way to build a dlq record: what came in, kept as received, and why it was
 * refused. Every consumer's dead letters then read alike to `sunseo dlq`.
 */
export function toDlq(service: string, record: ReceivedRecord, failure: { code: string; reason: string }, at: number): Dlq {
  return {
    service,
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key?.toString() ?? null,
    code: failure.code,
    reason: failure.reason,
    value: record.value?.toString() ?? null,
    at,
  };
}
