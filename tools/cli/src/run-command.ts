import type { Command } from "./args.js";
import type { CliContext } from "./clients.js";
import { cancelCommand } from "./commands/cancel.js";
import { dlqListCommand, dlqReplayCommand } from "./commands/dlq.js";
import { flowCommand, flowsCommand } from "./commands/flows.js";
import type { CommandResult } from "./commands/result.js";
import { redisAcceptLossCommand } from "./commands/redis.js";
import { startCommand } from "./commands/start.js";
import { topicsCheckCommand } from "./commands/topics.js";

export type RunnableCommand = Exclude<Command, { name: "help" }>;

export function runCommand(command: RunnableCommand, ctx: CliContext): Promise<CommandResult> {
  switch (command.name) {
    case "flows":
      return flowsCommand(command, ctx);
    case "flow":
      return flowCommand(command, ctx);
    case "start":
      return startCommand(command, ctx);
    case "cancel":
      return cancelCommand(command, ctx);
    case "dlq-list":
      return dlqListCommand(command, ctx);
    case "dlq-replay":
      return dlqReplayCommand(command, ctx);
    case "topics-check":
      return topicsCheckCommand(command, ctx);
    case "redis-accept-loss":
      return redisAcceptLossCommand(command, ctx);
  }
}
