import { parseArgs, type ParseArgsConfig } from "node:util";
import { instanceIdSchema } from "@sunseo/contracts";
import { InvalidPhoneError, normalizePhone } from "@sunseo/phone";
import type { DlqFilter, ReplayTarget } from "./dlq-view.js";
import { UsageError } from "./errors.js";

/** The command line in, a typed command out (pure): every usage problem is a UsageError (exit 2). */

export type Command =
  | { name: "help" }
  | { name: "flows"; phone: string; json: boolean; showPhone: boolean }
  | { name: "flow"; id: string; json: boolean; showPhone: boolean }
  | { name: "cancel"; id: string; reason?: string; json: boolean }
  | { name: "dlq-list"; filter: DlqFilter; limit: number; json: boolean; showPhone: boolean }
  | { name: "dlq-replay"; target: ReplayTarget; filter: DlqFilter; json: boolean; showPhone: boolean }
  | { name: "topics-check"; json: boolean }
  | { name: "redis-accept-loss"; note: string; json: boolean };

export const USAGE = `usage: sunseo <command> [options]

  flows --phone <phone>            a phone's flows, each step's state and times
  flow <instance-id>               one flow in detail
  cancel <instance-id> [--reason <text>]
                                   ask the sequencer to cancel a flow (produces flow-cancel)
  dlq list [--topic <t>] [--code <C>] [--limit <n>]
                                   dead-lettered records, newest last (default limit 50)
  dlq replay <partition:offset | offset | --all> [--topic <t>] [--code <C>]
                                   produce the original value again to its topic, with its key
  topics check                     every sunseo topic exists with equal partition counts
  redis accept-loss --note <text>  after Redis lost sunseo's data and you decided what to do about the
                                   flows in flight: mark this Redis as sunseo's again (a new epoch), so
                                   the services start (README, Recovering from Redis data loss)

  --json         machine-readable output
  --show-phone   show phone numbers in full (masked by default)

environment: KAFKA_BROKERS, REDIS_URL, SUNSEO_TOPIC_PREFIX, SUNSEO_REDIS_PREFIX, LOG_LEVEL`;

const DEFAULT_LIMIT = 50;

const common = {
  json: { type: "boolean", default: false },
  "show-phone": { type: "boolean", default: false },
} as const satisfies ParseArgsConfig["options"];

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util reports unknown options and missing values as TypeErrors with a clear message.
    throw new UsageError((err as Error).message);
  }
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

function instanceId(text: string): string {
  if (!instanceIdSchema.safeParse(text).success) throw new UsageError(`not a flow instance id: "${text.slice(0, 40)}" (1-40 of A-Z a-z 0-9 _ -)`);
  return text;
}

function phone(text: string | undefined): string {
  if (text === undefined) throw new UsageError("flows needs --phone <phone>");
  try {
    return normalizePhone(text);
  } catch (err) {
    // The error's message shows only the tail of what was typed.
    if (err instanceof InvalidPhoneError) throw new UsageError(err.message);
    throw err;
  }
}

function limit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit must be a positive whole number, got "${text}"`);
  return n;
}

const filterOf = (values: { topic?: string | undefined; code?: string | undefined }): DlqFilter => ({
  ...(values.topic !== undefined ? { topic: values.topic } : {}),
  ...(values.code !== undefined ? { code: values.code } : {}),
});

export function parseCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") return { name: "help" };
  const args = [...rest];
  switch (name) {
    case "flows": {
      const { values, positionals } = parse(args, { phone: { type: "string" } });
      if (positionals.length > 0) throw new UsageError(`flows takes no arguments besides --phone (got "${positionals[0]}")`);
      return { name: "flows", phone: phone(values.phone), json: values.json, showPhone: values["show-phone"] };
    }
    case "flow": {
      const { values, positionals } = parse(args, {});
      return { name: "flow", id: instanceId(onePositional(positionals, "instance id")), json: values.json, showPhone: values["show-phone"] };
    }
    case "cancel": {
      const { values, positionals } = parse(args, { reason: { type: "string" } });
      const id = instanceId(onePositional(positionals, "instance id"));
      return { name: "cancel", id, ...(values.reason !== undefined ? { reason: values.reason } : {}), json: values.json };
    }
    case "dlq":
      return parseDlq(args);
    case "topics": {
      const { values, positionals } = parse(args, {});
      if (positionals[0] !== "check" || positionals.length !== 1) throw new UsageError('usage: sunseo topics check');
      return { name: "topics-check", json: values.json };
    }
    case "redis":
      return parseRedis(args);
    default:
      throw new UsageError(`unknown command "${name}"; run "sunseo help"`);
  }
}

function parseRedis(args: string[]): Command {
  const { values, positionals } = parse(args, { note: { type: "string" } });
  if (positionals.join(" ") !== "accept-loss") throw new UsageError("usage: sunseo redis accept-loss --note <what happened, what you did>");
  if (values.note === undefined || values.note.trim() === "") throw new UsageError("redis accept-loss needs --note <what happened, what you did>: it stays with the epoch for the next person");
  return { name: "redis-accept-loss", note: values.note, json: values.json };
}

function parseDlq(args: string[]): Command {
  const { values, positionals } = parse(args, {
    topic: { type: "string" },
    code: { type: "string" },
    limit: { type: "string" },
    all: { type: "boolean", default: false },
  });
  const [action, ...targets] = positionals;
  const filter = filterOf(values);
  const output = { json: values.json, showPhone: values["show-phone"] };
  if (action === "list") {
    if (targets.length > 0 || values.all) throw new UsageError("dlq list takes only --topic, --code, --limit");
    return { name: "dlq-list", filter, limit: limit(values.limit), ...output };
  }
  if (action === "replay") {
    if (values.limit !== undefined) throw new UsageError("dlq replay takes no --limit");
    if (values.all === targets.length > 0 || targets.length > 1) throw new UsageError("dlq replay needs one record id (partition:offset) or --all");
    const target: ReplayTarget = values.all ? { all: true } : { id: recordTarget(targets[0]!) };
    return { name: "dlq-replay", target, filter, ...output };
  }
  throw new UsageError('usage: sunseo dlq list|replay ...');
}

function recordTarget(text: string): string {
  if (!/^(\d+:)?\d+$/.test(text)) throw new UsageError(`not a dlq record id: "${text.slice(0, 40)}" (partition:offset or offset)`);
  return text;
}
