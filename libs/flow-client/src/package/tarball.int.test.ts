import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KafkaMessage } from "kafkajs";
import { allTopicNames, decode, topicName, topics, type FlowEvent } from "@sunseo/contracts";
import { partitionFor } from "@sunseo/kafka";
import { eventually, startServiceProcess, testContext, type ServiceProcess, type TestContext } from "@sunseo/testing";
import { cleanNpmEnv, packFlowClient } from "./pack.js";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

const CATALOG = `
from: "02-1234-5678"
senderKey: test-sender-key
flows:
  sign-up:
    steps:
      - { name: welcome, template: WELCOME, text: "#{name}님, 가입을 환영합니다." }
`;

/** What a service does with the installed package: plain ESM, its own kafkajs, a catalog check before producing. */
const START_SCRIPT = `
import { Kafka, logLevel } from "kafkajs";
import { createFlowClient, parseCatalog, UnknownFlowError } from "@sunseo/flow-client";
import { readFileSync } from "node:fs";

const kafka = new Kafka({ clientId: "tarball-consumer", brokers: process.env.KAFKA_BROKERS.split(","), logLevel: logLevel.NOTHING });
const catalog = parseCatalog(readFileSync("flows.yaml", "utf8"));
const client = createFlowClient({ kafka, topicPrefix: process.env.TOPIC_PREFIX, catalog });
await client.connect();
const refused = await client.startFlow({ flow: "no-such-flow", phone: "010-4321-8765" }).catch((err) => err);
if (!(refused instanceof UnknownFlowError)) throw new Error("an unknown flow was not refused before producing");
const started = await client.startFlow({ flow: "sign-up", phone: "+82 10-4321-8765", variables: { name: "김하늘" }, idempotencyKey: "signup-4242" });
await client.disconnect();
console.log(JSON.stringify(started));
`;

/** A TypeScript service compiled against the packed index.d.ts: the types are real, not \`any\`. */
const TYPED_CONSUMER = `
import { Kafka } from "kafkajs";
import { createFlowClient, FlowStartFailedError, InvalidRequestError, type StartedFlow, type StartFlowInput } from "@sunseo/flow-client";

export async function signUp(kafka: Kafka, phone: string): Promise<string> {
  const client = createFlowClient({ kafka, topicPrefix: "sunseo." });
  const input: StartFlowInput = { flow: "sign-up", phone, variables: { name: "김하늘" } };
  try {
    const started: StartedFlow = await client.startFlow(input);
    return started.instanceId;
  } catch (err) {
    if (err instanceof FlowStartFailedError) return client.startFlow({ ...input, idempotencyKey: err.idempotencyKey }).then((s) => s.instanceId);
    if (err instanceof InvalidRequestError) throw new Error(err.problems.join("; "));
    throw err;
  }
}

// @ts-expect-error a start names its flow
createFlowClient({ kafka: new Kafka({ brokers: [] }) }).startFlow({ phone: "01012345678" });
`;

const TSCONFIG = {
  compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, types: ["node"] },
  // examples/domain-service's sources too: the example keeps compiling against what is shipped.
  files: ["consumer.ts", "example/index.ts", "example/kafka.ts"],
};

describe("the flow-client tarball, installed outside the repository", () => {
  let ctx: TestContext;
  let project: string;
  let sequencer: ServiceProcess | undefined;

  beforeAll(async () => {
    ctx = await testContext("flow-client-tarball");
    await ctx.createTopics(allTopicNames(""), 12);
    project = await mkdtemp(join(tmpdir(), "sunseo-flow-client-consumer-"));
  });
  afterAll(async () => {
    await sequencer?.stop();
    await ctx.cleanup();
    await rm(project, { recursive: true, force: true });
  });

  it("installs into an empty project, typechecks a consumer and the example service, and starts a flow the sequencer names with the id it returned", async () => {
    expect(relative(repoRoot, project).startsWith("..")).toBe(true);
    const tarball = await packFlowClient(project);
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    const npmEnv = cleanNpmEnv();
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball, "@types/node@20"], { cwd: project, env: npmEnv });

    await writeFile(join(project, "tsconfig.json"), JSON.stringify(TSCONFIG));
    await writeFile(join(project, "consumer.ts"), TYPED_CONSUMER);
    await cp(join(repoRoot, "examples/domain-service/src"), join(project, "example"), { recursive: true });
    const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
    await expect(run(process.execPath, [tsc, "-p", "."], { cwd: project }).then(() => "no type errors")).resolves.toBe("no type errors");

    await writeFile(join(project, "flows.yaml"), CATALOG);
    await writeFile(join(project, "start.mjs"), START_SCRIPT);
    const { stdout } = await run(process.execPath, ["start.mjs"], {
      cwd: project,
      env: { PATH: process.env.PATH ?? "", KAFKA_BROKERS: ctx.brokers.join(","), TOPIC_PREFIX: ctx.topicPrefix },
    });
    const started = JSON.parse(stdout) as { phone: string; idempotencyKey: string; instanceId: string };
    expect(started).toEqual({ phone: "01043218765", idempotencyKey: "signup-4242", instanceId: expect.stringMatching(/^[A-Za-z0-9_-]{20}$/) });

    // The record on flow-start, then what the real sequencer makes of it.
    const events: FlowEvent[] = [];
    const starts: { partition: number; message: KafkaMessage }[] = [];
    const startTopic = topicName(ctx.topicPrefix, topics.flowStart);
    const observer = ctx.kafka.consumer({ groupId: `${ctx.id}-observer` });
    await observer.connect();
    await observer.subscribe({ topics: [startTopic, topicName(ctx.topicPrefix, topics.flowEvent)], fromBeginning: true });
    await observer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (topic === startTopic) return void starts.push({ partition, message });
        const e = decode(topics.flowEvent, message.value);
        if (e.ok) events.push(e.value);
      },
    });
    sequencer = startServiceProcess("sequencer", {
      KAFKA_BROKERS: ctx.brokers.join(","),
      REDIS_URL: ctx.redisUrl,
      SUNSEO_TOPIC_PREFIX: ctx.topicPrefix,
      SUNSEO_REDIS_PREFIX: ctx.redisPrefix,
      SEQUENCER_GROUP_ID: `${ctx.id}-sequencer`,
      SUNSEO_FLOWS_FILE: join(project, "flows.yaml"),
      PORT: "0",
      LOG_LEVEL: "warn",
    });
    try {
      await eventually(() => expect(events.find((e) => e.type === "started")).toBeDefined(), { timeoutMs: 90_000 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- sequencer output ---\n${sequencer.output()}`);
    } finally {
      await observer.disconnect();
    }

    expect(starts).toHaveLength(1);
    const [start] = starts;
    expect(start!.message.key?.toString()).toBe("01043218765");
    expect(start!.partition).toBe(partitionFor("01043218765", 12));
    expect(JSON.parse(start!.message.value!.toString())).toMatchObject({
      flow: "sign-up",
      phone: "01043218765",
      variables: { name: "김하늘" },
      idempotencyKey: "signup-4242",
    });
    expect(events.filter((e) => e.type === "started")).toEqual([
      expect.objectContaining({ phone: "01043218765", flow: "sign-up", instanceId: started.instanceId }),
    ]);
    // About 25 s on an idle 2-core machine; packing, installing and compiling are CPU-bound, so a busy one needs longer.
  }, 300_000);
});
