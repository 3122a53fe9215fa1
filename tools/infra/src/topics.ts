import type { KafkaConnection } from "@sunseo/config";
import { allTopicNames } from "@sunseo/contracts";
import {
  alignTopicConfigs,
  checkTopics,
  createKafka,
  describeTopics,
  ensureTopics,
  PartitionCountChangeError,
  ReplicationFactorError,
  topicConfigEntries,
  topicSpecs,
  topicWarnings,
  type TopicSettings,
} from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";

/**
 * Creates the missing sunseo topics with the configured partitions, replicas, min.insync.replicas
 * and retention; brings min.insync.replicas and retention of existing ones in line; refuses to
 * change an existing topic's partition count (phones are keyed to partitions); warns about the
 * rest (a replication factor changes only by reassignment). Then verifies co-partitioning.
 */
export async function provisionTopics(
  { brokers, ssl, sasl, ...settings }: TopicSettings & KafkaConnection,
  log: (line: string) => void = console.log,
): Promise<void> {
  const admin = createKafka({ brokers, ssl, sasl, clientId: "sunseo-topics", logger: createLogger({ name: "topics", level: "error" }) }).admin();
  await admin.connect();
  try {
    const specs = topicSpecs(settings);
    const names = specs.map((s) => s.name);
    const { brokers: brokerCount, states } = await describeTopics(admin, names);
    const missing = specs.filter((s) => !states.has(s.name));
    if (missing.length > 0 && settings.replicationFactor > brokerCount) throw new ReplicationFactorError(settings.replicationFactor, brokerCount);
    const differing = [...states.values()].filter((t) => t.partitions !== settings.partitions);
    if (differing.length > 0)
      throw new PartitionCountChangeError(differing.map((t) => ({ name: t.name, partitions: t.partitions, wanted: settings.partitions })));
    const bySpec = new Map(specs.map((s) => [s.name, s]));
    const { created } = await ensureTopics(admin, names, {
      partitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
      configEntries: (name) => topicConfigEntries(bySpec.get(name)!),
    });
    const aligned = await alignTopicConfigs(admin, specs, states);
    await checkTopics(admin, names);
    const after = (await describeTopics(admin, names)).states;
    for (const spec of specs) for (const warning of topicWarnings(spec, after.get(spec.name)!, brokerCount)) log(`topics: warning: ${warning}`);
    log(
      `topics: ${names.length} with ${settings.partitions} partitions, replication factor ${settings.replicationFactor}, min.insync.replicas ${settings.minInsyncReplicas} each` +
        (created.length === names.length ? " (all created)" : created.length ? ` (created ${created.join(", ")})` : " (all present)") +
        (aligned.length ? ` (min.insync.replicas/retention set on ${aligned.join(", ")})` : ""),
    );
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
