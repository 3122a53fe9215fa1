import { parseArgs, type ParseArgsConfig } from "node:util";
import { flowStartSchema, instanceIdSchema } from "@sunseo/contracts";
import { InvalidPhoneError, normalizePhone } from "@sunseo/phone";
import type { DlqFilter } from "@sunseo/dlq";
import type { ReplayTarget } from "./dlq-view.js";
import { UsageError } from "./errors.js";
import { isHelpTopic, type HelpTopic } from "./help.js";
import type { TimeZone } from "./table.js";

/** The command line in, a typed command out (pure): every usage problem is a UsageError (exit 2). */

export interface OutputOptions {
  json: boolean;
  showPhone: boolean;
  timeZone: TimeZone;
}

export type Command =
  | { name: "help"; topic?: HelpTopic }
  | ({ name: "flows"; phone: string } & OutputOptions)
  /** `key`: an instance id or a refkey; with `phone`, also an idempotency key. */
  | ({ name: "flow"; key: string; phone?: string } & OutputOptions)
  | ({
      name: "start";
      flow: string;
      phone: string;
      variables: Record<string, string>;
      idempotencyKey?: string;
      startAt?: string;
      waitMs: number;
    } & OutputOptions)
  | { name: "cancel"; id: string; reason?: string; json: boolean }
  | ({ name: "dlq-list"; filter: DlqFilter; limit: number } & OutputOptions)
  | ({ name: "dlq-replay"; target: ReplayTarget; filter: DlqFilter } & OutputOptions)
  | { name: "topics-check"; json: boolean }
  | { name: "redis-accept-loss"; note: string; json: boolean };

const DEFAULT_LIMIT = 50;
const DEFAULT_WAIT_SECONDS = 10;

const common = {
  json: { type: "boolean", default: false },
  "show-phone": { type: "boolean", default: false },
  utc: { type: "boolean", default: false },
} as const satisfies ParseArgsConfig["options"];

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util's own message for an unknown option suggests "--" (for positionals): name the option instead.
    const unknown = (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'([^']+)'/.exec((err as Error).message)?.[1] : undefined;
    throw new UsageError(unknown !== undefined ? `unknown option ${unknown}` : (err as Error).message);
  }
}

const output = (values: { json: boolean; "show-phone": boolean; utc: boolean }): OutputOptions => ({
  json: values.json,
  showPhone: values["show-phone"],
  timeZone: values.utc ? "utc" : "kst",
});

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

function instanceId(text: string): string {
  if (!instanceIdSchema.safeParse(text).success) throw new UsageError(`not a flow instance id: "${text.slice(0, 40)}" (1-40 of A-Z a-z 0-9 _ -)`);
  return text;
}

function phone(text: string | undefined, command: string): string {
  if (text === undefined) throw new UsageError(`${command} needs --phone <phone>`);
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

function waitMs(text: string | undefined): number {
  if (text === undefined) return DEFAULT_WAIT_SECONDS * 1000;
  const seconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--wait must be a number of seconds (0 or more), got "${text}"`);
  return Math.round(seconds * 1000);
}

/** "name=value" pairs; the value may itself hold "=". Each name once, so nothing is silently dropped. */
function variables(pairs: readonly string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf("=");
    if (at < 1) throw new UsageError(`--var needs name=value, got "${pair.slice(0, 40)}"`);
    const name = pair.slice(0, at);
    if (Object.hasOwn(result, name)) throw new UsageError(`--var ${name} given twice`);
    result[name] = pair.slice(at + 1);
  }
  return result;
}

const filterOf = (values: { topic?: string | undefined; code?: string | undefined }): DlqFilter => ({
  ...(values.topic !== undefined ? { topic: values.topic } : {}),
  ...(values.code !== undefined ? { code: values.code } : {}),
});

/** --help or -h anywhere before a "--" asks for help, even next to options that would not parse. */
const asksForHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
};

export function parseCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") return { name: "help" };
  if (name === "help") return parseHelp(rest);
  if (!isHelpTopic(name)) throw new UsageError(`unknown command "${name}"; run "sunseo --help"`);
  if (asksForHelp(rest)) return { name: "help", topic: name };
  try {
    return parseRunnable(name, [...rest]);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}; run "sunseo ${name} --help"`);
    throw err;
  }
}

function parseHelp(rest: readonly string[]): Command {
  const [topic, ...extra] = rest;
  if (topic === undefined) return { name: "help" };
  if (!isHelpTopic(topic) || extra.length > 0) throw new UsageError(`no help for "${rest.join(" ")}"; run "sunseo --help" for the commands`);
  return { name: "help", topic };
}

function parseRunnable(name: HelpTopic, args: string[]): Command {
  switch (name) {
    case "flows": {
      const { values, positionals } = parse(args, { phone: { type: "string" } });
      if (positionals.length > 0) throw new UsageError(`flows takes no arguments besides --phone (got "${positionals[0]}")`);
      return { name: "flows", phone: phone(values.phone, "flows"), ...output(values) };
    }
    case "flow":
      return parseFlow(args);
    case "start":
      return parseStart(args);
    case "cancel": {
      const { values, positionals } = parse(args, { reason: { type: "string" } });
      const id = instanceId(onePositional(positionals, "instance id"));
      return { name: "cancel", id, ...(values.reason !== undefined ? { reason: values.reason } : {}), json: values.json };
    }
    case "dlq":
      return parseDlq(args);
    case "topics": {
      const { values, positionals } = parse(args, {});
      if (positionals[0] !== "check" || positionals.length !== 1) throw new UsageError("usage: sunseo topics check");
      return { name: "topics-check", json: values.json };
    }
    case "redis":
      return parseRedis(args);
  }
}

function parseFlow(args: string[]): Command {
  const { values, positionals } = parse(args, { phone: { type: "string" } });
  const key = onePositional(positionals, "instance id, refkey or idempotency key");
  if (values.phone === undefined) {
    // Instance ids and refkeys share one alphabet; an idempotency key may be anything, so it needs the phone.
    if (!instanceIdSchema.safeParse(key).success)
      throw new UsageError(`not an instance id or refkey: "${key.slice(0, 40)}" (1-40 of A-Z a-z 0-9 _ -); an idempotency key needs --phone`);
    return { name: "flow", key, ...output(values) };
  }
  if (!flowStartSchema.shape.idempotencyKey.unwrap().safeParse(key).success) throw new UsageError("the key must be 1-128 characters");
  return { name: "flow", key, phone: phone(values.phone, "flow"), ...output(values) };
}

function parseStart(args: string[]): Command {
  const { values, positionals } = parse(args, {
    phone: { type: "string" },
    var: { type: "string", multiple: true },
    "idempotency-key": { type: "string" },
    "start-at": { type: "string" },
    wait: { type: "string" },
  });
  const flow = onePositional(positionals, "flow name");
  // The phone is checked by the flow client, with the flow and its variables, so every problem is listed at once.
  if (values.phone === undefined) throw new UsageError("start needs --phone <phone>");
  return {
    name: "start",
    flow,
    phone: values.phone,
    variables: variables(values.var),
    ...(values["idempotency-key"] !== undefined ? { idempotencyKey: values["idempotency-key"] } : {}),
    // Checked by the flow client with the rest of the start (an ISO time with its offset).
    ...(values["start-at"] !== undefined ? { startAt: values["start-at"] } : {}),
    waitMs: waitMs(values.wait),
    ...output(values),
  };
}

function parseRedis(args: string[]): Command {
  const { values, positionals } = parse(args, { note: { type: "string" } });
  if (positionals.join(" ") !== "accept-loss") throw new UsageError("usage: sunseo redis accept-loss --note <what happened, what you did>");
  if (values.note === undefined || values.note.trim() === "")
    throw new UsageError("redis accept-loss needs --note <what happened, what you did>: it stays with the epoch for the next person");
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
  if (action === "list") {
    if (targets.length > 0 || values.all) throw new UsageError("dlq list takes only --topic, --code, --limit");
    return { name: "dlq-list", filter, limit: limit(values.limit), ...output(values) };
  }
  if (action === "replay") {
    if (values.limit !== undefined) throw new UsageError("dlq replay takes no --limit");
    if (values.all === targets.length > 0 || targets.length > 1) throw new UsageError("dlq replay needs one record id (partition:offset) or --all");
    const target: ReplayTarget = values.all ? { all: true } : { id: recordTarget(targets[0]!) };
    return { name: "dlq-replay", target, filter, ...output(values) };
  }
  throw new UsageError("usage: sunseo dlq list|replay ...");
}

function recordTarget(text: string): string {
  if (!/^(\d+:)?\d+$/.test(text)) throw new UsageError(`not a dlq record id: "${text.slice(0, 40)}" (partition:offset or offset)`);
  return text;
}
