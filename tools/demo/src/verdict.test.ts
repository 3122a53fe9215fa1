import { describe, expect, it } from "vitest";
import { judgePhones, type Delivered } from "./verdict.js";

const at = (refkey: string, media = "KAT"): Delivered => ({
  refkey,
  templateCode: `T${refkey.split("-").at(-2)}`,
  media,
  sharesLane: !refkey.startsWith("n-"),
});
const judge = (phones: Record<string, Delivered[]>) => judgePhones(new Map(Object.entries(phones)));

describe("judgePhones", () => {
  it("finds nothing wrong with ordered flows", () => {
    expect(judge({ a: [at("f1-0-1"), at("f1-1-1", "SMS"), at("f2-0-1")] })).toEqual({
      delivered: 3,
      fallbacks: 1,
      orderViolations: 0,
      duplicates: 0,
      interleavedPhones: 0,
      examples: [],
    });
  });

  it("counts a step that arrived before the one before it (the seed's bug)", () => {
    const verdict = judge({ a: [at("f1-1-1"), at("f1-0-1")], b: [at("g-0-1"), at("g-1-1")] });
    expect(verdict.orderViolations).toBe(2);
    expect(verdict.examples[0]).toEqual({ phone: "a", flow: "f1", received: ["T1 (f1-1-1)", "T0 (f1-0-1)"] });
  });

  it("counts a later step that arrived although an earlier one never did", () => {
    expect(judge({ a: [at("f1-1-1")] }).orderViolations).toBe(1);
  });

  it("counts phones where two recipient-lane flows interleaved, but not lane-free ones", () => {
    const phones = { a: [at("x-0-1"), at("y-0-1"), at("x-1-1"), at("y-1-1")], b: [at("x2-0-1"), at("n-0-1"), at("x2-1-1")] };
    expect(judge(phones).interleavedPhones).toBe(1);
  });

  it("counts a step received twice as a duplicate, not as an order violation", () => {
    expect(judge({ a: [at("f1-0-1"), at("f1-0-1"), at("f1-1-1")] })).toMatchObject({ duplicates: 1, orderViolations: 0 });
  });

  it("parses instance ids that contain dashes", () => {
    expect(judge({ a: [at("ab-c_d-0-1"), at("ab-c_d-1-1")] }).orderViolations).toBe(0);
  });
});
