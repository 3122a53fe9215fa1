import kafkajs, { type Admin } from "kafkajs";
import { topicConfigEntries, type TopicSpec, type TopicState } from "./topic-settings.js";

// kafkajs is CommonJS: its enums are reached through the default export.
const { ConfigResourceTypes, ConfigSource } = kafkajs;

/** The cluster's broker count and the state of each named topic that exists (missing ones are left out). */
export async function describeTopics(admin: Admin, names: readonly string[]): Promise<{ brokers: number; states: Map<string, TopicState> }> {
  const [{ brokers }, present] = await Promise.all([admin.describeCluster(), admin.listTopics()]);
  const found = names.filter((name) => present.includes(name));
  const states = new Map<string, TopicState>();
  if (found.length === 0) return { brokers: brokers.length, states };
  const [{ topics }, configs] = await Promise.all([
    admin.fetchTopicMetadata({ topics: found }),
    admin.describeConfigs({
      includeSynonyms: false,
      resources: found.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ["min.insync.replicas", "retention.ms"] })),
    }),
  ]);
  const configOf = (name: string, key: string): number =>
    Number(configs.resources.find((r) => r.resourceName === name)?.configEntries.find((e) => e.configName === key)?.configValue);
  for (const topic of topics) {
    states.set(topic.name, {
      name: topic.name,
      partitions: topic.partitions.length,
      replicationFactor: Math.min(...topic.partitions.map((p) => p.replicas.length)),
      minInsyncReplicas: configOf(topic.name, "min.insync.replicas"),
      retentionMs: configOf(topic.name, "retention.ms"),
    });
  }
  return { brokers: brokers.length, states };
}

/**
 * Sets min.insync.replicas and retention.ms on existing topics whose values differ from their
 * spec. AlterConfigs replaces a topic's whole set of overrides, so the other overrides an
 * operator set on it are read first and sent back with ours.
 */
export async function alignTopicConfigs(admin: Admin, specs: readonly TopicSpec[], states: ReadonlyMap<string, TopicState>): Promise<string[]> {
  const stale = specs.filter((spec) => {
    const state = states.get(spec.name);
    return state !== undefined && (state.minInsyncReplicas !== spec.minInsyncReplicas || state.retentionMs !== spec.retentionMs);
  });
  if (stale.length === 0) return [];
  const current = await admin.describeConfigs({
    includeSynonyms: false,
    resources: stale.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.name })),
  });
  await admin.alterConfigs({
    validateOnly: false,
    resources: stale.map((spec) => {
      const overrides = Object.fromEntries(
        (current.resources.find((r) => r.resourceName === spec.name)?.configEntries ?? [])
          .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG)
          .map((e) => [e.configName, e.configValue]),
      );
      const entries = { ...overrides, ...topicConfigEntries(spec) };
      return { type: ConfigResourceTypes.TOPIC, name: spec.name, configEntries: Object.entries(entries).map(([name, value]) => ({ name, value })) };
    }),
  });
  return stale.map((spec) => spec.name);
}
