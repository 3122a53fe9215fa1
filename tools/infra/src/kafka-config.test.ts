import { describe, expect, it } from "vitest";
import { brokerProperties } from "./kafka-config.js";

describe("brokerProperties", () => {
  it("writes the shared single-node broker's server.properties exactly as before", () => {
    const text = brokerProperties({ nodeId: 1, port: 9092, controllerPort: 9093, voters: [{ nodeId: 1, controllerPort: 9093 }], dataDir: "/data" });
    expect(text).toBe(
      [
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:9093",
        "listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
        "advertised.listeners=PLAINTEXT://127.0.0.1:9092",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=/data",
        "num.partitions=12",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=12",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "log.retention.hours=24",
        "log.segment.bytes=67108864",
        "",
      ].join("\n"),
    );
  });

  it("gives a node of a three-node cluster every voter and three replicas of the internal topics", () => {
    const voters = [1, 2, 3].map((nodeId) => ({ nodeId, controllerPort: 19_100 + nodeId }));
    const lines = brokerProperties({ nodeId: 2, port: 19_002, controllerPort: 19_102, voters, dataDir: "/data/2" }).split("\n");
    expect(lines).toContain("node.id=2");
    expect(lines).toContain("controller.quorum.voters=1@127.0.0.1:19101,2@127.0.0.1:19102,3@127.0.0.1:19103");
    expect(lines).toContain("listeners=PLAINTEXT://127.0.0.1:19002,CONTROLLER://127.0.0.1:19102");
    expect(lines).toContain("offsets.topic.replication.factor=3");
    expect(lines).toContain("transaction.state.log.min.isr=2");
    expect(lines).toContain("default.replication.factor=3");
    expect(lines).toContain("min.insync.replicas=2");
    // A killed node is fenced (its partitions and groups move) after 5 s, not the default 9 s.
    expect(lines).toContain("broker.session.timeout.ms=3000");
    expect(lines).toContain("broker.heartbeat.interval.ms=1000");
  });

  it("appends a caller's extra lines last, where a repeated key wins over the default", () => {
    const extra = ["listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SASL_SSL://127.0.0.1:9094", "sasl.enabled.mechanisms=PLAIN"];
    const lines = brokerProperties({
      nodeId: 1,
      port: 9092,
      controllerPort: 9093,
      voters: [{ nodeId: 1, controllerPort: 9093 }],
      dataDir: "/d",
      extraProperties: extra,
    }).split("\n");
    expect(lines.slice(-3)).toEqual([...extra, ""]);
  });
});
