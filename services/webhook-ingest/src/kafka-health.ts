import type { Kafka } from "kafkajs";
import type { Logger } from "@sunseo/logger";

/**
 * Whether Kafka can take reports right now, for /readyz. A periodic probe asks the broker
 * for the report topic's metadata (so a missing topic counts as down too), and every
 * produce call reports its outcome, so an outage shows up at the first failed write.
 */
export interface KafkaHealth {
  isUp(): boolean;
  record(ok: boolean): void;
  stop(): Promise<void>;
}

export function startKafkaHealth({ kafka, topic, intervalMs, logger }: { kafka: Kafka; topic: string; intervalMs: number; logger: Logger }): KafkaHealth {
  const admin = kafka.admin();
  let up = false;
  let connected = false;
  let probing: Promise<void> | undefined;
  let timeout: NodeJS.Timeout | undefined;

  const record = (ok: boolean) => {
    if (ok !== up) logger[ok ? "info" : "warn"]({ topic }, ok ? "kafka reachable" : "kafka unreachable");
    up = ok;
  };

  const probe = async () => {
    if (!connected) {
      await admin.connect();
      connected = true;
    }
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    if (topics[0]?.partitions.length === 0) throw new Error(`topic ${topic} has no partitions`);
  };

  const tick = () => {
    // A probe can hang in kafkajs' connect retries: mark down after one interval, keep one probe at a time.
    clearTimeout(timeout);
    timeout = setTimeout(() => record(false), intervalMs);
    if (probing) return;
    probing = probe()
      .then(
        () => {
          clearTimeout(timeout);
          record(true);
        },
        () => {
          clearTimeout(timeout);
          connected = false;
          record(false);
        },
      )
      .finally(() => (probing = undefined));
  };

  tick();
  const interval = setInterval(tick, intervalMs);
  return {
    isUp: () => up,
    record,
    async stop() {
      clearInterval(interval);
      clearTimeout(timeout);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
