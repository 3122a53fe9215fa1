import type { KafkaMessage } from "kafkajs";
import { decode, toDlq, topics } from "@sunseo/contracts";
import type { TopicProducer, SendOptions } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { handleDispatch, type HandlerDeps } from "./handle-dispatch.js";
import type { InfraRetry } from "./infra-retry.js";
import type { DispatcherMetrics } from "./metrics.js";

export interface ProcessCommandDeps {
  dispatchTopic: string;
  out: TopicProducer<SendOptions>;
  handler: HandlerDeps;
  infra: InfraRetry;
  metrics: DispatcherMetrics;
  log: Logger;
}

/** One dispatch command, start to end: a malformed one goes to the dlq, a valid one is sent and its result produced. */
export function createCommandProcessor({ dispatchTopic, out, handler, infra, metrics, log }: ProcessCommandDeps) {
  return async function processCommand(partition: number, message: KafkaMessage, fetchedAt: number): Promise<void> {
    const decoded = decode(topics.dispatch, message.value);
    if (!decoded.ok) {
      const dlq = toDlq("dispatcher", { topic: dispatchTopic, partition, offset: message.offset, key: message.key, value: message.value }, decoded, Date.now());
      metrics.dlq.inc({ code: decoded.code });
      log.warn({ partition, offset: message.offset, code: decoded.code, reason: decoded.reason }, "dispatch command rejected to the dlq");
      await infra("dlq produce", () => out.send(topics.dlq, [{ key: dlq.key ?? "", value: dlq }]));
      return;
    }
    const result = await handleDispatch(decoded.value, handler, fetchedAt);
    if (result) await infra("result produce", () => out.send(topics.dispatchResult, [{ key: result.phone, value: result }]));
  };
}
