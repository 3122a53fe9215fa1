import type { Admin } from "kafkajs";

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
}

/** Creates the topics that are missing; an existing topic is left as it is (checkTopics judges it). */
export async function ensureTopics(
  admin: Admin,
  names: readonly string[],
  {
    partitions,
    replicationFactor = 1,
    configEntries = () => ({}),
  }: { partitions: number; replicationFactor?: number; configEntries?: (name: string) => Record<string, string> },
): Promise<EnsureTopicsResult> {
  const present = new Set(await admin.listTopics());
  const missing = names.filter((name) => !present.has(name));
  if (missing.length > 0) {
    // kafkajs' own wait retries only LEADER_NOT_AVAILABLE; Kafka 4 may first answer that it
    // does not host a just-created partition, so the wait is ours.
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor,
        configEntries: Object.entries(configEntries(topic)).map(([name, value]) => ({ name, value })),
      })),
    });
    await untilLeadersKnown(admin, missing);
  }
  return { created: missing, existing: names.filter((name) => present.has(name)) };
}

/** Until every new partition has a leader: callers check or use the topics right after. */
async function untilLeadersKnown(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      if (metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`partitions of ${topics.join(", ")} have no leader after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
