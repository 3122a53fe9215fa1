import { acceptLoss } from "@sunseo/redis";
import type { Command } from "../args.js";
import type { CliContext } from "../clients.js";
import { asJson, ok, type CommandResult } from "./result.js";

/**
 * `sunseo redis accept-loss --note ...`: the operator's decision after Redis lost sunseo's
 * data, written down as a new epoch. Services refuse to start until this is done, so the
 * loss cannot go by unnoticed; services still running on the old epoch turn unready.
 */
export async function redisAcceptLossCommand(command: Extract<Command, { name: "redis-accept-loss" }>, ctx: CliContext): Promise<CommandResult> {
  const { id, previousId } = await acceptLoss(await ctx.redis(), ctx.config.SUNSEO_REDIS_PREFIX, command.note);
  if (command.json) return ok(asJson({ epoch: id, previous: previousId }));
  return ok(`new epoch ${id} (previous: ${previousId ?? "none"}); start the services again`);
}
