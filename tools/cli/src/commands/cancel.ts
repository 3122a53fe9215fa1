import { createFlowClient } from "@sunseo/flow-client";
import { maskPhone } from "@sunseo/phone";
import { createFlowStateReader, TERMINAL } from "@sunseo/flow-state";
import type { Command } from "../args.js";
import type { CliContext } from "../clients.js";
import { CliError } from "../errors.js";
import { findFlowById } from "./find-flow.js";
import { asJson, ok, type CommandResult } from "./result.js";

const DEFAULT_REASON = "cancelled by an operator (sunseo cli)";

/**
 * `sunseo cancel <id>`: produces a flow-cancel for the sequencer to apply in order with the
 * phone's other events; the CLI never writes flow state itself.
 */
export async function cancelCommand(command: Extract<Command, { name: "cancel" }>, ctx: CliContext): Promise<CommandResult> {
  const reader = createFlowStateReader(await ctx.redis(), ctx.config.SUNSEO_REDIS_PREFIX);
  const { phone, flow } = await findFlowById(reader, command.id);
  if (TERMINAL.has(flow.status)) throw new CliError(`flow ${command.id} already ended (${flow.status}); nothing to cancel`, 1, "ALREADY_ENDED");

  const client = createFlowClient({ kafka: ctx.kafka(), topicPrefix: ctx.config.SUNSEO_TOPIC_PREFIX });
  await client.connect();
  try {
    await client.cancelFlow({ phone, instanceId: command.id, reason: command.reason ?? DEFAULT_REASON });
  } finally {
    await client.disconnect();
  }
  const masked = maskPhone(phone);
  return ok(
    command.json
      ? asJson({ id: command.id, flow: flow.flow, phone: masked, cancelRequested: true })
      : `cancel requested for ${command.id} (${flow.flow}, ${masked}); "sunseo flow ${command.id}" shows when it is applied`,
  );
}
