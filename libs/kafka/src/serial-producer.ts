import { Partitioners, type IHeaders, type Kafka, type Producer } from "kafkajs";

export interface OutgoingMessage {
  topic: string;
  /** The canonical recipient phone: the partition key of every sunseo topic. */
  key: string;
  value: unknown;
  headers?: IHeaders;
  /** Only to move a message that arrived on the wrong partition; otherwise murmur2(key) decides. */
  partition?: number;
}

/**
 * A producer that keeps per-key order and loses nothing it acknowledged.
 *
 * acks=all + idempotence + one request in flight keep a retried batch from overtaking a
 * later one. Sends are also chained one after another: kafkajs' idempotent producer can
 * drop messages when concurrent requests outnumber partitions (tulios/kafkajs#1005), and a
 * chain keeps call order = log order for callers that do not await each other.
 */
export interface SerialProducer {
  connect(): Promise<void>;
  send(messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** Errors after which the broker will refuse every further batch of this producer id. */
const BROKEN_SEQUENCE = new Set(["OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID", "INVALID_PRODUCER_EPOCH"]);

/**
 * Whether a failed send left kafkajs' idempotent producer with sequence numbers the partition
 * leader will never accept again. Seen when a leader dies with a batch in flight: the new
 * leader answers OUT_OF_ORDER_SEQUENCE_NUMBER to that producer forever, and retrying in place
 * stalls the partition for good. Looks through kafkajs' wrappers (retries, aggregates).
 */
export function breaksIdempotence(err: unknown, depth = 0): boolean {
  if (typeof err !== "object" || err === null || depth > 5) return false;
  const e = err as { type?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.type === "string" && BROKEN_SEQUENCE.has(e.type)) return true;
  const nested = [e.originalError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return nested.some((inner) => breaksIdempotence(inner, depth + 1));
}

export function createSerialProducer(kafka: Kafka, options: { transactionalId?: string } = {}): SerialProducer {
  const create = (): Producer =>
    kafka.producer({
      // The Java client's murmur2: keys land where Java and Go (murmur2_random) producers put them.
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      ...options,
    });
  let producer = create();
  let tail: Promise<unknown> = Promise.resolve();

  /**
   * A fresh producer id starts its sequences at 0, which the leaders accept; the Java client
   * bumps its epoch for the same reason. The caller's retry goes through it: a batch the old
   * id did write arrives twice, which every consumer here tolerates (at-least-once), while
   * the chain still keeps call order.
   */
  let unconnected = false;
  const replace = async () => {
    const broken = producer;
    producer = create();
    unconnected = true;
    await broken.disconnect().catch(() => undefined);
  };
  // Connected by the next send, so a broker still down fails that send (its caller retries), not the swap.
  const connectReplacement = async () => {
    if (!unconnected) return;
    await producer.connect();
    unconnected = false;
  };

  return {
    connect: () => producer.connect(),
    send(messages) {
      if (messages.length === 0) return Promise.resolve();
      const byTopic = new Map<string, { key: string; value: string; headers?: IHeaders; partition?: number }[]>();
      for (const m of messages) {
        const list = byTopic.get(m.topic) ?? [];
        list.push({
          key: m.key,
          value: JSON.stringify(m.value),
          ...(m.headers ? { headers: m.headers } : {}),
          ...(m.partition === undefined ? {} : { partition: m.partition }),
        });
        byTopic.set(m.topic, list);
      }
      const topicMessages = [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
      const sent = tail.then(async () => {
        await connectReplacement();
        await producer.sendBatch({ topicMessages, acks: -1 }).catch(async (err: unknown) => {
          if (breaksIdempotence(err)) await replace();
          throw err;
        });
      });
      tail = sent.catch(() => undefined);
      return sent.then(() => undefined);
    },
    async disconnect() {
      await tail;
      await producer.disconnect();
    },
  };
}
