import { allTopicNames } from "@sunseo/contracts";
import { checkTopics, describeTopics, TopicCheckError, topicSpecs, topicWarnings, type TopicState } from "@sunseo/kafka";
import type { Command } from "../args.js";
import type { CliContext } from "../clients.js";
import { renderTopicRows, topicRows, topicsOk } from "../topics-view.js";
import { asJson, type CommandResult } from "./result.js";

/**
 * `sunseo topics check`: every sunseo topic exists, all with one partition count
 * (co-partitioning), which fails it; and warnings (exit code unchanged) about replication
 * factor 1 on a multi-broker cluster and settings that differ from the configured ones.
 */
export async function topicsCheckCommand(command: Extract<Command, { name: "topics-check" }>, ctx: CliContext): Promise<CommandResult> {
  const names = allTopicNames(ctx.config.SUNSEO_TOPIC_PREFIX);
  const admin = ctx.kafka().admin();
  await admin.connect();
  let counts: Record<string, number | "missing">;
  let described: { brokers: number; states: Map<string, TopicState> };
  try {
    try {
      counts = await checkTopics(admin, names);
    } catch (err) {
      // A failed check still carries every count: print them all, not only the first problem.
      if (!(err instanceof TopicCheckError)) throw err;
      counts = err.partitionCounts;
    }
    described = await describeTopics(admin, names);
  } finally {
    await admin.disconnect();
  }
  const { config } = ctx;
  const specs = topicSpecs({
    prefix: config.SUNSEO_TOPIC_PREFIX,
    partitions: config.SUNSEO_PARTITIONS,
    replicationFactor: config.SUNSEO_TOPIC_REPLICATION_FACTOR,
    minInsyncReplicas: config.SUNSEO_TOPIC_MIN_ISR,
    retentionMs: config.SUNSEO_TOPIC_RETENTION,
  });
  const warnings = specs.flatMap((spec) => {
    const state = described.states.get(spec.name);
    return state ? topicWarnings(spec, state, described.brokers) : [];
  });
  const rows = topicRows(names, counts, described.states);
  const ok = topicsOk(rows);
  return { output: command.json ? asJson({ ok, topics: rows, brokers: described.brokers, warnings }) : renderTopicRows(rows, warnings), exitCode: ok ? 0 : 1 };
}
