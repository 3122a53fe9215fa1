import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createKafka, ensureTopics } from "@sunseo/kafka";
import { createLogger } from "@sunseo/logger";
import { startKafkaBroker, type KafkaBroker } from "./kafka-broker.js";
import { freePort } from "./ports.js";

// Its own broker on free ports: the shared one on 9092 is never touched.
describe("startKafkaBroker", () => {
  const dir = mkdtempSync(join(tmpdir(), "sunseo-kafka-"));
  let broker: KafkaBroker | undefined;

  afterAll(async () => {
    await broker?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const topics = (brokers: string[]) =>
    createKafka({ brokers, clientId: "test-kafka-broker", logger: createLogger({ name: "test-kafka-broker", level: "silent" }) }).admin();

  it("starts, stops, and starts again on the same data", async () => {
    broker = startKafkaBroker({
      port: await freePort(),
      controllerPort: await freePort(),
      dataDir: join(dir, "data"),
      logsDir: join(dir, "logs"),
      log: () => undefined,
    });
    await broker.waitReady();
    const admin = topics(broker.brokers);
    await admin.connect();
    await ensureTopics(admin, ["kept-across-restarts"], { partitions: 2 });
    await admin.disconnect();

    await broker.stop();
    expect(broker.running()).toBe(false);

    broker.start();
    await broker.waitReady();
    const again = topics(broker.brokers);
    await again.connect();
    try {
      expect(await again.listTopics()).toContain("kept-across-restarts");
    } finally {
      await again.disconnect();
    }
  });
});
