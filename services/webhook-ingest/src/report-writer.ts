import type { Kafka } from "kafkajs";
import { topics, type Report } from "@sunseo/contracts";
import { BatchingProducer, createSerialProducer, topicProducer } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { KafkaHealth } from "./kafka-health.js";
import type { IngestMetrics } from "./metrics.js";
import { ProduceFailedError, ProduceTimeoutError } from "./produce-errors.js";

export interface ReportWriter {
  /** Resolves only once Kafka acknowledged the report (acks=all); rejects with a retriable error otherwise. */
  store(report: Report): Promise<void>;
  /** Waits for the write in flight, then disconnects. */
  close(): Promise<void>;
}

export interface ReportWriterOptions {
  kafka: Kafka;
  topicPrefix: string;
  maxBatch: number;
  timeoutMs: number;
  metrics: IngestMetrics;
  health: KafkaHealth;
  logger: Logger;
}

/** Reports go to Kafka through the shared group-commit producer: pushes arriving during a write share the next one. */
export function createReportWriter({ kafka, topicPrefix, maxBatch, timeoutMs, metrics, health, logger }: ReportWriterOptions): ReportWriter {
  // Connected lazily and again after a failed connect, so the endpoint starts (not ready) while Kafka is down.
  const producer = createSerialProducer(kafka);
  let connecting: Promise<void> | undefined;
  const connect = () =>
    (connecting ??= producer.connect().catch((err: unknown) => {
      connecting = undefined;
      throw err;
    }));
  connect().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "kafka producer not connected yet"));

  const batching = new BatchingProducer(
    {
      async send(messages) {
        await connect();
        await producer.send(messages);
      },
    },
    {
      maxBatch,
      onBatch({ size, seconds, ok, error }) {
        metrics.produceSeconds.observe({ outcome: ok ? "ok" : "error" }, seconds);
        metrics.batchSize.observe(size);
        health.record(ok);
        if (!ok) logger.warn({ size, err: (error as Error).message }, "produce failed; pushes answered 503");
      },
    },
  );
  const out = topicProducer(batching, topicPrefix);

  return {
    async store(report) {
      // A push answered 503 on time is not sent later: the gateway pushes it again.
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new ProduceTimeoutError(timeoutMs)), timeoutMs);
      try {
        await out.send(topics.report, [{ key: report.phone, value: report }], { signal: timeout.signal });
      } catch (err) {
        throw err instanceof ProduceTimeoutError ? err : new ProduceFailedError(err);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await batching.idle();
      await producer.disconnect();
    },
  };
}
