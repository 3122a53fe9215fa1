import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import type { Catalog } from "@sunseo/flows";
import { createSerialProducer, topicProducer, type SerialProducer } from "@sunseo/kafka";
import { FlowStartFailedError } from "./errors.js";
import { buildFlowCancel, buildFlowStart, type CancelFlowInput, type StartFlowInput } from "./requests.js";
import { DEFAULT_TOPIC_PREFIX, keyedStartInstanceId, topics } from "@sunseo/contracts";

export interface FlowClientOptions {
  kafka: Kafka;
  /** Default DEFAULT_TOPIC_PREFIX. */
  topicPrefix?: string;
  /** When given, unknown flows and missing or invalid variables are refused before producing. */
  catalog?: Catalog;
}

export interface StartedFlow {
  /** The canonical phone: the message key. */
  phone: string;
  /** The key given, or the one generated: pass it back to retry this start without starting a second flow. */
  idempotencyKey: string;
  /**
   * The id the sequencer gives this flow, derived from (phone, flow, idempotencyKey): the same
   * on every retry with the key. Its flow-events and refkeys (`<instanceId>-<step>-<attempt>`)
   * carry it; cancel with it.
   */
  instanceId: string;
}

export interface FlowClient {
  connect(): Promise<void>;
  /**
   * Resolves once the broker acknowledged the start (acks=all). Throws typed errors for bad input
   * before producing, and `FlowStartFailedError` (`retriable`, with the `idempotencyKey` given or
   * generated, and the canonical `phone`) when the produce fails: retry with that key, never
   * without one, or a start that did reach Kafka becomes a second flow.
   */
  startFlow(input: StartFlowInput): Promise<StartedFlow>;
  cancelFlow(input: CancelFlowInput): Promise<void>;
  disconnect(): Promise<void>;
}

/** What domain services use to start and cancel flows. */
export function createFlowClient(options: FlowClientOptions): FlowClient {
  return createFlowClientFor(createSerialProducer(options.kafka), options);
}

/** The client over a given producer; tests (here and in domain services) pass a recording one. */
export function createFlowClientFor(
  producer: SerialProducer,
  {
    topicPrefix = DEFAULT_TOPIC_PREFIX,
    catalog,
    now = () => new Date(),
    newIdempotencyKey = randomUUID,
  }: Omit<FlowClientOptions, "kafka"> & {
    now?: () => Date;
    newIdempotencyKey?: () => string;
  },
): FlowClient {
  const out = topicProducer(producer, topicPrefix);
  return {
    connect: () => producer.connect(),
    async startFlow(input) {
      const idempotencyKey = input.idempotencyKey ?? newIdempotencyKey();
      const start = buildFlowStart({ ...input, idempotencyKey }, { now: now(), ...(catalog ? { catalog } : {}) });
      try {
        await out.send(topics.flowStart, [{ key: start.phone, value: start }]);
      } catch (err) {
        throw new FlowStartFailedError(start.flow, start.phone, idempotencyKey, err);
      }
      return { phone: start.phone, idempotencyKey, instanceId: keyedStartInstanceId(start.phone, start.flow, idempotencyKey) };
    },
    async cancelFlow(input) {
      const cancel = buildFlowCancel(input, { now: now() });
      await out.send(topics.flowCancel, [{ key: cancel.phone, value: cancel }]);
    },
    disconnect: () => producer.disconnect(),
  };
}
