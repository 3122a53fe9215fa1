import type { KafkaConnection } from "@sunseo/config";
import { allTopicNames } from "@sunseo/contracts";
import { checkTopics, createKafka, ensureTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";

/** Creates every sunseo topic with one partition count, then verifies they are co-partitioned. */
export async function provisionTopics(
  { brokers, ssl, sasl, prefix, partitions }: KafkaConnection & { prefix: string; partitions: number },
  log: (line: string) => void = console.log,
): Promise<void> {
  const admin = createKafka({ brokers, ssl, sasl, clientId: "sunseo-topics", logger: createLogger({ name: "topics", level: "error" }) }).admin();
  await admin.connect();
  try {
    const names = allTopicNames(prefix);
    const { created } = await ensureTopics(admin, names, { partitions });
    await checkTopics(admin, names);
    log(`topics: ${names.length} with ${partitions} partitions each${created.length ? ` (created ${created.join(", ")})` : " (all present)"}`);
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every sunseo topic under a run's prefix, so runs that make their own topics do not pile them up on a long-lived broker. */
export async function removeTopics({ brokers, ssl, sasl, prefix }: KafkaConnection & { prefix: string }): Promise<void> {
  const admin = createKafka({ brokers, ssl, sasl, clientId: "sunseo-topics", logger: createLogger({ name: "topics", level: "error" }) }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const names = allTopicNames(prefix).filter((name) => existing.has(name));
    if (names.length > 0) await admin.deleteTopics({ topics: names });
  } finally {
    await admin.disconnect();
  }
}
