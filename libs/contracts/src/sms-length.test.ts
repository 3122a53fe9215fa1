import { describe, expect, it } from "vitest";
import { euckrByteLength } from "./sms-length.js";

describe("euckrByteLength", () => {
  it.each([
    ["", 0],
    ["abc 123", 7],
    ["선생님", 6],
    ["[Y-EDU] 안내", 12],
    ["ab가", 4],
  ])("%j is %i bytes", (text, bytes) => expect(euckrByteLength(text)).toBe(bytes));
});
