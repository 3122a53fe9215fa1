import type { Admin } from "kafkajs";

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
}

/** Creates the topics that are missing; an existing topic is left as it is (checkTopics judges it). */
export async function ensureTopics(
  admin: Admin,
  names: readonly string[],
  { partitions, replicationFactor = 1 }: { partitions: number; replicationFactor?: number },
): Promise<EnsureTopicsResult> {
  const present = new Set(await admin.listTopics());
  const missing = names.filter((name) => !present.has(name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
    });
  }
  return { created: missing, existing: names.filter((name) => present.has(name)) };
}
