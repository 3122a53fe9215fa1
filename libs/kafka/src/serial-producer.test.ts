import { describe, expect, it } from "vitest";
import { breaksIdempotence } from "./serial-producer.js";

describe("breaksIdempotence", () => {
  it("is true for the answers after which a leader refuses the producer id for good", () => {
    for (const type of ["OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID", "INVALID_PRODUCER_EPOCH"])
      expect(breaksIdempotence(Object.assign(new Error("broker said no"), { type })), type).toBe(true);
  });

  it("finds them inside kafkajs' retry and aggregate wrappers", () => {
    const inner = Object.assign(new Error("The broker received an out of order sequence number"), { type: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(breaksIdempotence(Object.assign(new Error("retries exceeded"), { originalError: inner }))).toBe(true);
    expect(breaksIdempotence(Object.assign(new Error("aggregate"), { errors: [new Error("other"), inner] }))).toBe(true);
  });

  it("is false for outages and other refusals, which a retry of the same producer cures", () => {
    expect(breaksIdempotence(Object.assign(new Error("Connection error: connect ECONNREFUSED"), { name: "KafkaJSConnectionError" }))).toBe(false);
    expect(breaksIdempotence(Object.assign(new Error("not leader"), { type: "NOT_LEADER_OR_FOLLOWER" }))).toBe(false);
    expect(breaksIdempotence(undefined)).toBe(false);
  });
});
