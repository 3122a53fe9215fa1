import type { Kafka } from "kafkajs";
import { DlqReadTimeoutError, DlqTopicMissingError, readDlq as readDlqTopic, type DlqRecord } from "@sunseo/dlq";
import { CliError, NotFoundError } from "./errors.js";

/** @sunseo/dlq's reader under a group named for the CLI, its failures as CLI errors (exit 1 with a stable code). */
export async function readDlq(kafka: Kafka, topic: string): Promise<DlqRecord[]> {
  try {
    return await readDlqTopic(kafka, topic, { groupPrefix: "sunseo-cli" });
  } catch (err) {
    if (err instanceof DlqTopicMissingError) throw new NotFoundError(err.message);
    if (err instanceof DlqReadTimeoutError) throw new CliError(err.message, 1, "KAFKA_TIMEOUT");
    throw err;
  }
}
