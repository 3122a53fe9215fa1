import { allTopicNames } from "@sunseo/contracts";
import { checkTopics, TopicCheckError } from "@sunseo/kafka";
import type { Command } from "../args.js";
import type { CliContext } from "../clients.js";
import { renderTopicRows, topicRows, topicsOk } from "../topics-view.js";
import { asJson, type CommandResult } from "./result.js";

/** `sunseo topics check`: every sunseo topic exists, all with one partition count (co-partitioning). */
export async function topicsCheckCommand(command: Extract<Command, { name: "topics-check" }>, ctx: CliContext): Promise<CommandResult> {
  const names = allTopicNames(ctx.config.SUNSEO_TOPIC_PREFIX);
  const admin = ctx.kafka().admin();
  await admin.connect();
  let counts: Record<string, number | "missing">;
  try {
    counts = await checkTopics(admin, names);
  } catch (err) {
    // A failed check still carries every count: print them all, not only the first problem.
    if (!(err instanceof TopicCheckError)) throw err;
    counts = err.partitionCounts;
  } finally {
    await admin.disconnect();
  }
  const rows = topicRows(names, counts);
  return { output: command.json ? asJson({ ok: topicsOk(rows), topics: rows }) : renderTopicRows(rows), exitCode: topicsOk(rows) ? 0 : 1 };
}
