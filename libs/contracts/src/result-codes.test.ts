import { describe, expect, it } from "vitest";
import { DELIVERED_CODES, RESULT_CODES, describeResult } from "./result-codes.js";

describe("result codes", () => {
  it("knows exactly the three delivered codes", () => {
    const delivered = [...RESULT_CODES.values()].filter((r) => r.delivered).map((r) => r.code);
    expect(delivered.sort()).toEqual([...DELIVERED_CODES].sort());
  });

  it.each([
    ["7000", "alimtalk", true, "전달"],
    ["7308", "alimtalk", false, "전화번호 오류"],
    ["7305", "alimtalk", false, "성공 불확실(30일 이내 수신 가능)"],
    ["4100", "sms", true, "전달"],
    ["4410", "sms", false, "잘못된 번호"],
    ["6600", "lms", true, "전달"],
    ["6606", "lms", false, "잘못된 번호"],
  ])("%s is %s delivered=%s (%s)", (code, channel, delivered, meaning) => {
    expect(describeResult(code)).toEqual({ code, channel, delivered, meaning });
  });

  it("treats an undocumented code as an unnamed failure", () => {
    expect(describeResult("9999")).toMatchObject({ delivered: false, meaning: "알 수 없는 결과 코드" });
  });
});
