import type { Admin, Kafka } from "kafkajs";

/** A service's input topics are missing or not co-partitioned: running would break per-phone order. */
export class TopicCheckError extends Error {
  readonly code = "TOPICS_INVALID";
  constructor(
    message: string,
    readonly partitionCounts: Record<string, number | "missing">,
  ) {
    super(message);
    this.name = "TopicCheckError";
  }
}

/**
 * The start-up check every service runs on the topics it reads: all exist and all have the
 * same partition count, because one phone's events must land on the same partition number
 * of every topic (co-partitioning) to be applied in order by one consumer.
 */
export async function checkTopics(admin: Admin, names: readonly string[]): Promise<Record<string, number>> {
  const present = new Set(await admin.listTopics());
  const missing = names.filter((name) => !present.has(name));
  const found = names.filter((name) => present.has(name));
  const counts: Record<string, number | "missing"> = Object.fromEntries(missing.map((name) => [name, "missing"]));
  if (found.length > 0) {
    const { topics } = await admin.fetchTopicMetadata({ topics: found });
    for (const topic of topics) counts[topic.name] = topic.partitions.length;
  }
  const describe = names.map((name) => `${name}=${counts[name]}`).join(", ");
  if (missing.length > 0) {
    throw new TopicCheckError(`missing topics: ${missing.join(", ")} (run "npm run topics"); found ${describe}`, counts);
  }
  const distinct = new Set(Object.values(counts));
  if (distinct.size > 1) {
    throw new TopicCheckError(`input topics must have equal partition counts for co-partitioning; found ${describe}`, counts);
  }
  return counts as Record<string, number>;
}

/** checkTopics with its own short-lived admin connection, for a service's boot. */
export async function verifyTopics(kafka: Kafka, names: readonly string[]): Promise<Record<string, number>> {
  if (names.length === 0) return {};
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await checkTopics(admin, names);
  } finally {
    await admin.disconnect();
  }
}
