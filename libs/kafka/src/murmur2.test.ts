import { describe, expect, it } from "vitest";
import { murmur2, partitionFor } from "./murmur2.js";

// Vectors from Kafka's own UtilsTest.testMurmur2.
const vectors: [string, number][] = [
  ["21", -973932308],
  ["foobar", -790332482],
  ["a-little-bit-long-string", -985981536],
  ["a-little-bit-longer-string", -1486304829],
  ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
  ["abc", 479470107],
];

describe("murmur2", () => {
  it.each(vectors)("%s hashes like the Java client", (key, hash) => {
    expect(murmur2(new TextEncoder().encode(key))).toBe(hash);
  });

  it("partitionFor applies toPositive then modulo", () => {
    expect(partitionFor("foobar", 12)).toBe((-790332482 & 0x7fffffff) % 12);
    expect(partitionFor("21", 1)).toBe(0);
  });
});
