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

export function createSerialProducer(kafka: Kafka, options: { transactionalId?: string } = {}): SerialProducer {
  const producer: Producer = kafka.producer({
    // The Java client's murmur2: keys land where Java and Go (murmur2_random) producers put them.
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    ...options,
  });
  let tail: Promise<unknown> = Promise.resolve();

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
      const sent = tail.then(() => producer.sendBatch({ topicMessages, acks: -1 }));
      tail = sent.catch(() => undefined);
      return sent.then(() => undefined);
    },
    async disconnect() {
      await tail;
      await producer.disconnect();
    },
  };
}
