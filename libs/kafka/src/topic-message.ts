import type { IHeaders } from "kafkajs";
import type { z } from "zod";
import { topicName, type Topic } from "@sunseo/contracts";
import type { OutgoingMessage } from "./serial-producer.js";

/** One record for a topic: its value must be of that topic's contract type. */
export interface TopicRecord<T> {
  /** The canonical recipient phone. */
  key: string;
  value: T;
  headers?: IHeaders;
}

/**
 * The only way services build a message: from the topic's contract object, so a value of
 * the wrong shape, or a record sent to the wrong topic, fails to compile. The value is not
 * parsed again at runtime; producers build it from typed data.
 */
export function topicMessage<S extends z.ZodType>(prefix: string, topic: Topic<S>, record: TopicRecord<z.infer<S>>): OutgoingMessage {
  return { topic: topicName(prefix, topic), ...record };
}

/** What a typed producer writes through: a serial or a batching producer. */
export interface MessageSender<O = never> {
  send(messages: OutgoingMessage[], options?: O): Promise<void>;
}

export interface TopicProducer<O = never> {
  /** Resolves once every record is acknowledged (acks=all), in order. */
  send<S extends z.ZodType>(topic: Topic<S>, records: readonly TopicRecord<z.infer<S>>[], options?: O): Promise<void>;
}

/** Binds the deployed topic prefix once; each send then names its topic contract. */
export function topicProducer<O = never>(sender: MessageSender<O>, prefix: string): TopicProducer<O> {
  return {
    send: (topic, records, options) =>
      sender.send(
        records.map((r) => topicMessage(prefix, topic, r)),
        options,
      ),
  };
}
