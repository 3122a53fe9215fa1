import { describe, expect, it } from "vitest";
import { reportSchema } from "@sunseo/contracts";
import { parsePush } from "./parse-report.js";

const push = {
  DEVICE: "KAT",
  CMSGID: "231231235959001",
  MSGID: "m-1",
  PHONE: "010-1234-5678",
  MEDIA: "KAT",
  UNIXTIME: "1700000000",
  RESULT: "7000",
  REFKEY: "inst1-0-1",
};

describe("parsePush", () => {
  it("keeps every field as sent, unknown ones too, and keys by the canonical phone", () => {
    const result = parsePush({ ...push, EXTRA_FIELD: "kept" }, 42);
    expect(result).toEqual({
      ok: true,
      report: { phone: "01012345678", receivedAt: 42, source: "push", report: { ...push, EXTRA_FIELD: "kept" } },
    });
    if (result.ok) expect(reportSchema.parse(result.report)).toEqual(result.report);
  });

  it("names every missing required field", () => {
    const { REFKEY: _r, RESULT: _s, PHONE: _p, ...rest } = push;
    expect(parsePush(rest, 0)).toEqual({
      ok: false,
      reason: "invalid_body",
      message: "missing fields PHONE, RESULT, REFKEY",
      fields: ["PHONE", "RESULT", "REFKEY"],
    });
  });

  it("names a field of the wrong type without echoing its value", () => {
    const result = parsePush({ ...push, RESULT: 7000, REFKEY: "" }, 0);
    expect(result).toMatchObject({ ok: false, reason: "invalid_body", message: "RESULT: must be a string; REFKEY: must not be empty" });
  });

  it.each([[null], [[push]], ["text"]])("refuses a body that is not an object: %j", (body) => {
    expect(parsePush(body, 0)).toMatchObject({ ok: false, reason: "invalid_body", message: "body must be a JSON object" });
  });

  it("refuses an invalid phone naming the field, not the number", () => {
    const result = parsePush({ ...push, PHONE: "0101234" }, 0);
    expect(result).toMatchObject({ ok: false, reason: "invalid_phone", fields: ["PHONE"] });
    if (!result.ok) expect(result.message).not.toContain("0101234");
  });
});
