import { allTopicNames, topicName, topics } from "@sunseo/contracts";
import { createSerialProducer, type OutgoingMessage } from "@sunseo/kafka";
import { maskPhone } from "@sunseo/phone";
import type { Command } from "../args.js";
import type { CliContext } from "../clients.js";
import { readDlq } from "../dlq-reader.js";
import { dlqEntryView, listEntries, recordId, replayPlan, type DlqRecord } from "@sunseo/dlq";
import { renderDlqList, renderReplay, selectForReplay, type ReplayOutcome } from "../dlq-view.js";
import type { Dlq } from "@sunseo/contracts";
import { asJson, ok, type CommandResult } from "./result.js";

const hasEntry = (r: DlqRecord): r is DlqRecord & { entry: Dlq } => r.entry !== undefined;

/** `sunseo dlq list`: the dead-lettered records, read from the beginning of the dlq topic. */
export async function dlqListCommand(command: Extract<Command, { name: "dlq-list" }>, ctx: CliContext): Promise<CommandResult> {
  const prefix = ctx.config.SUNSEO_TOPIC_PREFIX;
  const records = await readDlq(ctx.kafka(), topicName(prefix, topics.dlq));
  const views = listEntries(records, command.filter, prefix, command.limit)
    .filter(hasEntry)
    .map((r) => dlqEntryView(r, command.showPhone));
  const unreadable = records.filter((r) => r.entry === undefined).length;
  return ok(command.json ? asJson({ records: views, unreadable }) : renderDlqList(views, unreadable, command.timeZone));
}

/**
 * `sunseo dlq replay`: produces each chosen record's original value again to its original
 * topic with its key. Exit code 1 when any chosen record could not be replayed.
 */
export async function dlqReplayCommand(command: Extract<Command, { name: "dlq-replay" }>, ctx: CliContext): Promise<CommandResult> {
  const prefix = ctx.config.SUNSEO_TOPIC_PREFIX;
  const dlqTopic = topicName(prefix, topics.dlq);
  const replayable = new Set(allTopicNames(prefix).filter((name) => name !== dlqTopic));
  const chosen = selectForReplay(await readDlq(ctx.kafka(), dlqTopic), command.target, command.filter, prefix).filter(hasEntry);

  const outcomes: ReplayOutcome[] = [];
  const messages: OutgoingMessage[] = [];
  for (const record of chosen) {
    const plan = replayPlan(record.entry, replayable);
    if (plan.ok) messages.push(plan.message);
    const key = record.entry.key === null || command.showPhone ? record.entry.key : maskPhone(record.entry.key);
    outcomes.push({ id: recordId(record), topic: record.entry.topic, key, code: record.entry.code, result: plan.ok ? "replayed" : `skipped: ${plan.reason}` });
  }

  if (messages.length > 0) {
    const producer = createSerialProducer(ctx.kafka());
    await producer.connect();
    try {
      await producer.send(messages);
    } finally {
      await producer.disconnect();
    }
  }
  const allReplayed = outcomes.every((o) => o.result === "replayed");
  return { output: command.json ? asJson({ outcomes }) : renderReplay(outcomes), exitCode: allReplayed ? 0 : 1 };
}
