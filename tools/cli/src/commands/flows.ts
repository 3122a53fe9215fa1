import { maskPhone } from "@sunseo/phone";
import { createFlowStateReader } from "@sunseo/flow-state";
import type { Command } from "../args.js";
import type { CliContext } from "../clients.js";
import { flowView, phoneFlowViews, renderFlowDetail, renderPhoneFlows } from "../flow-view.js";
import { findFlow } from "./find-flow.js";
import { asJson, ok, type CommandResult } from "./result.js";

/** `sunseo flows --phone <phone>`: every flow the sequencer holds for the phone. */
export async function flowsCommand(command: Extract<Command, { name: "flows" }>, ctx: CliContext): Promise<CommandResult> {
  const reader = createFlowStateReader(await ctx.redis(), ctx.config.SUNSEO_REDIS_PREFIX);
  const state = await reader.phoneState(command.phone);
  const options = { showPhone: command.showPhone };
  const views = state === undefined ? [] : phoneFlowViews(command.phone, state, options);
  const phone = command.showPhone ? command.phone : maskPhone(command.phone);
  return ok(command.json ? asJson({ phone, flows: views }) : renderPhoneFlows(phone, views, command.timeZone));
}

/** `sunseo flow <key>`: one flow in detail, by instance id, refkey, or (with --phone) idempotency key. */
export async function flowCommand(command: Extract<Command, { name: "flow" }>, ctx: CliContext): Promise<CommandResult> {
  const reader = createFlowStateReader(await ctx.redis(), ctx.config.SUNSEO_REDIS_PREFIX);
  const { phone, state, flow, by } = await findFlow(reader, command.key, command.phone);
  const view = flowView(phone, state, flow, { showPhone: command.showPhone });
  if (command.json) return ok(asJson({ ...view, foundBy: by }));
  // Say how it was found when the key was not the id, so a refkey typed is not mistaken for the id.
  const found = by === "instance id" ? "" : `found by ${by}\n\n`;
  return ok(`${found}${renderFlowDetail(view, command.timeZone)}`);
}
