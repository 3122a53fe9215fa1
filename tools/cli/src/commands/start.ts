import { setTimeout as sleep } from "node:timers/promises";
import { createFlowClient, InvalidRequestError, type StartedFlow } from "@sunseo/flow-client";
import { InvalidVariablesError, MissingVariablesError, UnknownFlowError } from "@sunseo/flows";
import { maskPhone, maskPhonesInText } from "@sunseo/phone";
import { createFlowStateReader } from "@sunseo/flow-state";
import type { Command } from "../args.js";
import type { CliContext } from "../clients.js";
import { CliError } from "../errors.js";
import { asJson, ok, type CommandResult } from "./result.js";

type StartCommand = Extract<Command, { name: "start" }>;

const POLL_MS = 200;
const FOLLOW_UP = '"sunseo flow <idempotency key> --phone <phone>" finds it once taken';

/**
 * `sunseo start <flow> --phone ...`: produces a flow-start through @sunseo/flow-client with the
 * sequencer's catalog, so it refuses exactly what a domain service's start would refuse; then
 * waits for the sequencer to take it, because the instance id is the sequencer's to give.
 */
export async function startCommand(command: StartCommand, ctx: CliContext): Promise<CommandResult> {
  const catalog = ctx.catalog();
  const client = createFlowClient({ kafka: ctx.kafka(), topicPrefix: ctx.config.SUNSEO_TOPIC_PREFIX, catalog });
  await client.connect();
  let started: StartedFlow;
  try {
    started = await client.startFlow({ flow: command.flow, phone: command.phone, variables: command.variables, ...optionalKey(command) }).catch(asInvalidStart);
  } finally {
    await client.disconnect();
  }

  const text = (value: string) => (command.showPhone ? value : maskPhonesInText(value));
  const shown = { flow: command.flow, phone: command.showPhone ? started.phone : maskPhone(started.phone), idempotencyKey: text(started.idempotencyKey) };
  if (command.waitMs === 0) {
    return ok(
      command.json ? asJson(shown) : `flow-start for ${shown.flow} (${shown.phone}) stored in Kafka, idempotency key ${shown.idempotencyKey}; ${FOLLOW_UP}`,
    );
  }

  const taken = await waitForInstance(ctx, started, command.waitMs).catch((err: unknown) => {
    // The start is in Kafka already: whatever failed here, the operator needs its key to find it.
    const [message, exitCode, code] =
      err instanceof CliError ? [err.message, err.exitCode, err.code] : [String((err as Error)?.message ?? err), 1 as const, "FAILED"];
    throw new CliError(`${message}; the flow-start was stored in Kafka, idempotency key ${shown.idempotencyKey}`, exitCode, code);
  });
  if (taken === undefined) {
    throw new CliError(
      `flow-start for ${shown.flow} stored in Kafka (idempotency key ${shown.idempotencyKey}), but the sequencer had not taken it after ${command.waitMs / 1000} s: ` +
        `is it running? One it refuses goes to the dlq ("sunseo dlq list"); ${FOLLOW_UP}`,
      1,
      "NOT_TAKEN",
    );
  }
  if (command.json) return ok(asJson({ instanceId: taken.id, ...shown, status: taken.status }));
  return ok(
    `started ${shown.flow} for ${shown.phone}: instance ${taken.id} (${taken.status}), idempotency key ${shown.idempotencyKey}\n"sunseo flow ${taken.id}" follows it`,
  );
}

const optionalKey = (command: StartCommand) => ({
  ...(command.idempotencyKey !== undefined ? { idempotencyKey: command.idempotencyKey } : {}),
  ...(command.startAt !== undefined ? { startAt: command.startAt } : {}),
});

/** The flow the sequencer started (or had started) for this idempotency key, once it is in the phone's state. */
async function waitForInstance(ctx: CliContext, started: StartedFlow, waitMs: number): Promise<{ id: string; status: string } | undefined> {
  const deadline = Date.now() + waitMs;
  const reader = createFlowStateReader(await ctx.redis(), ctx.config.SUNSEO_REDIS_PREFIX);
  for (;;) {
    const state = await reader.phoneState(started.phone);
    const id = state !== undefined && Object.hasOwn(state.idempotency, started.idempotencyKey) ? state.idempotency[started.idempotencyKey] : undefined;
    const flow = id === undefined ? undefined : state?.flows[id];
    if (id !== undefined && flow !== undefined) return { id, status: flow.status };
    if (Date.now() >= deadline) return undefined;
    await sleep(POLL_MS);
  }
}

/** The flow client's and catalog's refusals are bad input: exit 2, each problem listed. */
function asInvalidStart(err: unknown): never {
  if (err instanceof InvalidRequestError || err instanceof InvalidVariablesError) throw new CliError(err.message, 2, err.code, err.problems);
  if (err instanceof MissingVariablesError)
    throw new CliError(
      err.message,
      2,
      err.code,
      err.missing.map((name) => `variables.${name}: missing`),
    );
  if (err instanceof UnknownFlowError) throw new CliError(err.message, 2, err.code, [`flow: ${err.message}`]);
  throw err;
}
