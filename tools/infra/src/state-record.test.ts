import { describe, expect, it } from "vitest";
import type { InfraState } from "./state.js";
import { stateToRecord } from "./state-record.js";

const local: InfraState = {
  kafka: { mode: "local", brokers: ["127.0.0.1:9092"], pid: 100, version: "4.1.1" },
  redis: { mode: "local", url: "redis://127.0.0.1:6390", pid: 200 },
};
const external: InfraState = {
  kafka: { mode: "external", brokers: ["127.0.0.1:9092"] },
  redis: { mode: "external", url: "redis://127.0.0.1:6379" },
};

describe("stateToRecord", () => {
  it("keeps a running server an earlier up started when this up uses another one", () => {
    expect(stateToRecord(local, external, () => true)).toEqual(local);
  });

  it("forgets a server that is no longer running", () => {
    expect(stateToRecord(local, external, () => false)).toEqual(external);
  });

  it("records what this up started over what an earlier one had", () => {
    const restarted: InfraState = { ...local, kafka: { ...local.kafka, pid: 101 } };
    expect(stateToRecord(local, restarted, () => true)).toEqual(restarted);
  });

  it("records what this up uses when nothing was started before", () => {
    expect(stateToRecord(undefined, external, () => true)).toEqual(external);
    expect(stateToRecord(external, external, () => true)).toEqual(external);
  });

  it("judges Kafka and Redis each on its own", () => {
    const kafkaGone = (pid: number) => pid !== 100;
    expect(stateToRecord(local, external, kafkaGone)).toEqual({ kafka: external.kafka, redis: local.redis });
  });
});
