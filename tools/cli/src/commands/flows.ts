import { maskPhone } from "@sunseo/phone";
import type { Command } from "../args.js";
import type { CliContext } from "../clients.js";
import { flowView, phoneFlowViews, renderFlowDetail, renderPhoneFlows } from "../flow-view.js";
import { createStateReader } from "../state-reader.js";
import { findFlowById } from "./find-flow.js";
import { asJson, ok, type CommandResult } from "./result.js";

/** `sunseo flows --phone <phone>`: every flow the sequencer holds for the phone. */
export async function flowsCommand(command: Extract<Command, { name: "flows" }>, ctx: CliContext): Promise<CommandResult> {
  const reader = createStateReader(await ctx.redis(), ctx.config.SUNSEO_REDIS_PREFIX);
  const state = await reader.phoneState(command.phone);
  const options = { showPhone: command.showPhone };
  const views = state === undefined ? [] : phoneFlowViews(command.phone, state, options);
  const phone = command.showPhone ? command.phone : maskPhone(command.phone);
  return ok(command.json ? asJson({ phone, flows: views }) : renderPhoneFlows(phone, views));
}

/** `sunseo flow <id>`: one flow in detail. */
export async function flowCommand(command: Extract<Command, { name: "flow" }>, ctx: CliContext): Promise<CommandResult> {
  const reader = createStateReader(await ctx.redis(), ctx.config.SUNSEO_REDIS_PREFIX);
  const { phone, state, flow } = await findFlowById(reader, command.id);
  const view = flowView(phone, state, flow, { showPhone: command.showPhone });
  return ok(command.json ? asJson(view) : renderFlowDetail(view));
}
