import { allTopicNames } from "@sunseo/contracts";
import { checkTopics, createKafka, ensureTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";

/** Creates every sunseo topic with one partition count, then verifies they are co-partitioned. */
export async function provisionTopics(
  { brokers, prefix, partitions }: { brokers: string[]; prefix: string; partitions: number },
  log: (line: string) => void = console.log,
): Promise<void> {
  const admin = createKafka({ brokers, clientId: "sunseo-topics", logger: createLogger({ name: "topics", level: "error" }) }).admin();
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
