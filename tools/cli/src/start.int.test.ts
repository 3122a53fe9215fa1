import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topics } from "@sunseo/contracts";
import { eventually, startServiceProcess, testContext, type ServiceProcess, type TestContext } from "@sunseo/testing";
import { CATALOG, cliContextFor } from "./cli-context.test-support.js";
import type { CliContext } from "./clients.js";
import { CliError } from "./errors.js";
import { runCommand } from "./run-command.js";

const PHONE = "01055556666";
const output = { json: true, showPhone: true, timeZone: "kst" } as const;

let ctx: TestContext;
let cli: CliContext;
let sequencer: ServiceProcess;

beforeAll(async () => {
  ctx = await testContext("cli-start");
  await ctx.createTopics(Object.values(topics).map((t) => t.base));
  cli = cliContextFor(ctx);
  const dir = mkdtempSync(join(tmpdir(), "sunseo-cli-"));
  writeFileSync(join(dir, "flows.yaml"), CATALOG);
  // The real sequencer takes the starts: the instance id and the refkeys are its to give.
  sequencer = startServiceProcess("sequencer", {
    KAFKA_BROKERS: ctx.brokers.join(","),
    REDIS_URL: ctx.redisUrl,
    SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
    SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
    SEQUENCER_GROUP_ID: `${ctx.id}-sequencer`,
    SUNSEO_FLOWS_FILE: join(dir, "flows.yaml"),
    PORT: "0",
    LOG_LEVEL: "warn",
  });
});

afterAll(async () => {
  await sequencer?.stop();
  await ctx?.cleanup();
});

const start = (fields: { flow?: string; phone?: string; variables?: Record<string, string>; idempotencyKey?: string; waitMs?: number }) =>
  runCommand({ name: "start", flow: "onboarding", phone: "010-5555-6666", variables: { name: "김민수" }, waitMs: 60_000, ...output, ...fields }, cli);

describe("sunseo start and flow against real Kafka, Redis and sequencer", () => {
  let instanceId: string;

  it("start produces a flow-start the sequencer takes, and prints the instance id", async () => {
    let result: Awaited<ReturnType<typeof start>>;
    try {
      result = await start({ idempotencyKey: "signup-42" });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- sequencer output ---\n${sequencer.output()}`);
    }
    const started = JSON.parse(result.output) as { instanceId: string; phone: string; idempotencyKey: string; status: string };
    expect(started).toMatchObject({ flow: "onboarding", phone: PHONE, idempotencyKey: "signup-42", status: "running" });
    instanceId = started.instanceId;
    expect(instanceId).toMatch(/^[A-Za-z0-9_-]{20}$/);
  });

  it("start again with the same idempotency key gives the same flow, not a second one", async () => {
    const again = JSON.parse((await start({ idempotencyKey: "signup-42", waitMs: 10_000 })).output);
    expect(again.instanceId).toBe(instanceId);
    const flows = JSON.parse((await runCommand({ name: "flows", phone: PHONE, ...output }, cli)).output);
    expect(flows.flows).toHaveLength(1);
  });

  it("flow finds it by idempotency key with the phone, and by the refkey of its first send", async () => {
    const byKey = JSON.parse((await runCommand({ name: "flow", key: "signup-42", phone: PHONE, ...output }, cli)).output);
    expect(byKey).toMatchObject({ id: instanceId, foundBy: "idempotency key" });

    // The refkey exists once the sequencer dispatched step 0.
    const refkey = await eventually(async () => {
      const view = JSON.parse((await runCommand({ name: "flow", key: instanceId, ...output }, cli)).output);
      expect(view.steps[0].refkey).toBeDefined();
      return view.steps[0].refkey as string;
    });
    const byRefkey = await runCommand({ name: "flow", key: refkey, ...output, json: false }, cli);
    expect(byRefkey.output).toMatch(/^found by refkey\n/);
    expect(byRefkey.output).toContain(`instance:        ${instanceId}`);
    expect(byRefkey.output).toMatch(/created: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00/);
  });

  it("start refuses an unknown flow, a missing variable and a bad phone, exit 2 with the problems", async () => {
    await expect(start({ flow: "offboarding" })).rejects.toMatchObject({
      exitCode: 2,
      code: "UNKNOWN_FLOW",
      message: expect.stringContaining("the catalog has: onboarding"),
    });
    await expect(start({ variables: {} })).rejects.toMatchObject({ exitCode: 2, code: "MISSING_VARIABLES", problems: ["variables.name: missing"] });
    const badPhone = await start({ phone: "010-123" }).catch((err: unknown) => err);
    expect(badPhone).toBeInstanceOf(CliError);
    expect(badPhone).toMatchObject({ exitCode: 2, code: "INVALID_REQUEST", problems: [expect.stringMatching(/^phone: /)] });
  });

  it("start without waiting prints the idempotency key it generated", async () => {
    const { output: text } = await start({ phone: "010-5555-7777", waitMs: 0 });
    const { idempotencyKey } = JSON.parse(text) as { idempotencyKey: string };
    expect(idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    await eventually(async () => {
      const found = JSON.parse((await runCommand({ name: "flow", key: idempotencyKey, phone: "01055557777", ...output }, cli)).output);
      expect(found.foundBy).toBe("idempotency key");
    });
  });
});
