import { describe, expect, it } from "vitest";
import { maskPhonesInText } from "./mask-text.js";

describe("maskPhonesInText", () => {
  it.each([
    ["send to 010-1234-5678 now", "send to 010-****-5678 now"],
    ["01012345678", "010-****-5678"],
    ["phone=01012345678&step=2", "phone=010-****-5678&step=2"],
    ['{"to":"+82 10 1234 5678"}', '{"to":"010-****-5678"}'],
    ["to:+82-10-1234-5678.", "to:010-****-5678."],
    ["to +82 (0)10 1234 5678", "to 010-****-5678"],
    ["via 0082-10-1234-5678 and 00182 10 1234 5678", "via 010-****-5678 and 010-****-5678"],
    ["82-10-1234-5678", "010-****-5678"],
    ["office (02) 123-4567", "office 02-***-4567"],
    ["office 02.1234.5678", "office 02-****-5678"],
    ["busan 051 123 4567", "busan 051-***-4567"],
    ["legacy 011-123-4567", "legacy 011-***-4567"],
    ["voip 070-1234-5678, free 080-123-4567", "voip 070-****-5678, free 080-***-4567"],
    ["personal 0505-123-4567", "personal 0505-***-4567"],
    ["전화 ０１０－１２３４－５６７８ 입니다", "전화 010-****-5678 입니다"],
    ["a\n01012345678\nb", "a\n010-****-5678\nb"],
    ["[01012345678]", "[010-****-5678]"],
    ["phone_01012345678", "phone_010-****-5678"],
    // An invalid candidate just before a phone must not hide it.
    ["05 010-1234-5678", "05 010-****-5678"],
    ["12-010-1234-5678", "12-010-****-5678"],
    // Digits before the phone that would form another valid grouping with its start.
    ["2024-01-02 010-1234-5678", "2024-01-02 010-****-5678"],
    ["step 02 010 1234 5678", "step 02 010-****-5678"],
    ["02000 0082-10-1234-5678", "02000 010-****-5678"],
    // The greedy candidate swallowed a following group.
    ["82 2000 0000 0000", "02-***-0000 0000"],
  ])("%j -> %j", (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked);
  });

  it.each([
    "no digits at all",
    "",
    "2024-01-15T10:12:34.567Z",
    "2024-01-15 10:12:34",
    "ts=1700000000123",
    "epoch 1700000000",
    "id a01012345678", // a letter right before: part of an id
    "01012345678x",
    "101012345678", // a digit right before: a longer number
    "010123456789",
    "order 099-1234-5678", // phone-shaped but not a Korean number
    "uuid 550e8400-e29b-41d4-a716-446655440000",
    "offset 0212345 partition 3",
    "call 1588-1234", // representative numbers are public
    "already 010-****-5678",
    "amount 1,234,567,890",
  ])("leaves %j alone", (text) => {
    expect(maskPhonesInText(text)).toBe(text);
  });

  it("returns the same string when nothing is masked", () => {
    const text = "offset 12345678901 at 2024-01-15";
    expect(maskPhonesInText(text)).toBe(text);
  });

  it("masks every phone in a long text", () => {
    const text = Array.from({ length: 50 }, (_, i) => `step ${i}: 010-1234-${String(1000 + i)}`).join("; ");
    const masked = maskPhonesInText(text);
    expect(masked).not.toMatch(/010-1234/);
    expect(masked.match(/010-\*\*\*\*-\d{4}/g)).toHaveLength(50);
  });
});
