import { randomUUID } from "node:crypto";
import kafkajs, { type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { topics } from "@sunseo/contracts";
import { createKafka, describeTopics, PartitionCountChangeError, ReplicationFactorError, SINGLE_BROKER } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { provisionTopics, removeTopics } from "./topics.js";

const DAY = 86_400_000;
const TOPIC = kafkajs.ConfigResourceTypes.TOPIC;

// On the shared single broker: one replica, so these cover what a development setup meets.
describe("provisionTopics", () => {
  // The shared broker the integration setup brings up. Its type is declared by @sunseo/testing,
  // which this package cannot import (testing builds on infra), hence the cast.
  const { brokers } = inject("infra" as never) as { brokers: string[] };
  const prefix = `test.provision-topics-${randomUUID().slice(0, 8)}.`;
  let admin: Admin;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  beforeAll(async () => {
    admin = createKafka({ brokers, clientId: "test-provision-topics", logger: createLogger({ name: "test", level: "silent" }) }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    await removeTopics({ brokers, prefix });
    await admin.disconnect();
  });

  it("creates every topic with its min.insync.replicas and retention, then aligns changed settings and keeps other overrides", async () => {
    const settings = { brokers, prefix, partitions: 3, ...SINGLE_BROKER };
    await provisionTopics(settings, log);
    const names = Object.values(topics).map((t) => `${prefix}${t.base}`);
    const created = (await describeTopics(admin, names)).states;
    expect(created.get(`${prefix}dlq`)).toEqual({
      name: `${prefix}dlq`,
      partitions: 3,
      replicationFactor: 1,
      minInsyncReplicas: 1,
      retentionMs: topics.dlq.retentionMs,
    });

    const flowStart = `${prefix}flow-start`;
    // An operator's own override on the topic: aligning ours must not drop it.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: TOPIC,
          name: flowStart,
          configEntries: [
            { name: "retention.ms", value: String(7 * DAY) },
            { name: "max.message.bytes", value: "500000" },
          ],
        },
      ],
    });
    // A config change reaches the brokers' metadata a moment after the controller took it: wait
    // until it shows (the operator's override before provisioning, ours after).
    const configOf = async (name: string) =>
      (await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: TOPIC, name: flowStart, configNames: [name] }] })).resources[0]
        ?.configEntries[0]?.configValue;
    const settled = async (name: string, value: string) => {
      for (let tries = 0; (await configOf(name)) !== value && tries < 100; tries++) await new Promise((r) => setTimeout(r, 100));
      return configOf(name);
    };
    await settled("max.message.bytes", "500000");
    await provisionTopics({ ...settings, retentionMs: { "flow-start": DAY } }, log);
    expect(await settled("retention.ms", String(DAY))).toBe(String(DAY));
    expect(await configOf("max.message.bytes")).toBe("500000");
    expect(lines.at(-1)).toContain(`min.insync.replicas/retention set on ${flowStart}`);
  });

  it("refuses to change the partition count of existing topics, with the migration procedure", async () => {
    const error = await provisionTopics({ brokers, prefix, partitions: 6, ...SINGLE_BROKER }, log).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartitionCountChangeError);
    expect((error as Error).message).toContain(`${prefix}flow-start has 3, configured 6`);
    expect((error as Error).message).toContain("SUNSEO_TOPIC_PREFIX=<new>");
    expect((await describeTopics(admin, [`${prefix}flow-start`])).states.get(`${prefix}flow-start`)?.partitions).toBe(3);
  });

  it("refuses a replication factor the cluster cannot hold, naming the single-broker settings", async () => {
    const error = await provisionTopics({ brokers: brokers, prefix: `${prefix}rf.`, partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 }, log).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReplicationFactorError);
    expect((error as Error).message).toContain("SUNSEO_TOPIC_REPLICATION_FACTOR=1 SUNSEO_TOPIC_MIN_ISR=1");
  });
});
