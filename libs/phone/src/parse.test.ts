import { describe, expect, it } from "vitest";
import { InvalidPhoneError } from "./invalid-phone-error.js";
import type { PhoneKind } from "./number-plan.js";
import { isMobile, normalizePhone, parsePhone } from "./parse.js";

// Every form a user, an operator or an upstream system may type, with its canonical key.
const accepted: [input: string, canonical: string, kind: PhoneKind][] = [
  // mobile, national forms
  ["01012345678", "01012345678", "mobile"],
  ["010-1234-5678", "01012345678", "mobile"],
  ["010 1234 5678", "01012345678", "mobile"],
  ["010.1234.5678", "01012345678", "mobile"],
  ["(010) 1234-5678", "01012345678", "mobile"],
  ["010 - 1234 - 5678", "01012345678", "mobile"],
  ["  010-1234-5678\n", "01012345678", "mobile"],
  ["010–1234—5678", "01012345678", "mobile"], // en and em dashes
  ["010−1234−5678", "01012345678", "mobile"], // minus sign
  // mobile, international forms
  ["+82 10-1234-5678", "01012345678", "mobile"],
  ["+82-10-1234-5678", "01012345678", "mobile"],
  ["+821012345678", "01012345678", "mobile"],
  ["+82 (0)10 1234 5678", "01012345678", "mobile"],
  ["+82 010 1234 5678", "01012345678", "mobile"],
  ["+ 82 10 1234 5678", "01012345678", "mobile"],
  ["82-10-1234-5678", "01012345678", "mobile"],
  ["821012345678", "01012345678", "mobile"],
  ["0082-10-1234-5678", "01012345678", "mobile"],
  ["00182-10-1234-5678", "01012345678", "mobile"],
  ["00282 10 1234 5678", "01012345678", "mobile"],
  ["00700 82 10 1234 5678", "01012345678", "mobile"],
  ["0082 182 628 391", "0182628391", "mobile"], // 82 is the country here, not carrier 821
  // full-width (Korean IME) input
  ["０１０－１２３４－５６７８", "01012345678", "mobile"],
  ["＋８２　１０　１２３４　５６７８", "01012345678", "mobile"],
  ["（０２）１２３－４５６７", "021234567", "landline"],
  // legacy mobile prefixes, 3- and 4-digit exchanges
  ["011-123-4567", "0111234567", "mobile"],
  ["016-1234-5678", "01612345678", "mobile"],
  ["017 123 4567", "0171234567", "mobile"],
  ["018-1234-5678", "01812345678", "mobile"],
  ["019.123.4567", "0191234567", "mobile"],
  ["+82 16 123 4567", "0161234567", "mobile"],
  // Seoul
  ["(02) 123-4567", "021234567", "landline"],
  ["02-123-4567", "021234567", "landline"],
  ["02-1234-5678", "0212345678", "landline"],
  ["+82 2 123 4567", "021234567", "landline"],
  ["+82-2-1234-5678", "0212345678", "landline"],
  ["+82 (0)2 1234 5678", "0212345678", "landline"],
  // area codes, 3- and 4-digit exchanges
  ["031-123-4567", "0311234567", "landline"],
  ["031-1234-5678", "03112345678", "landline"],
  ["032-123-4567", "0321234567", "landline"],
  ["033-1234-5678", "03312345678", "landline"],
  ["041-123-4567", "0411234567", "landline"],
  ["042-123-4567", "0421234567", "landline"],
  ["043-123-4567", "0431234567", "landline"],
  ["044-1234-5678", "04412345678", "landline"],
  ["051-123-4567", "0511234567", "landline"],
  ["052-123-4567", "0521234567", "landline"],
  ["053-123-4567", "0531234567", "landline"],
  ["054-123-4567", "0541234567", "landline"],
  ["055-1234-5678", "05512345678", "landline"],
  ["061-123-4567", "0611234567", "landline"],
  ["062-123-4567", "0621234567", "landline"],
  ["063-123-4567", "0631234567", "landline"],
  ["064-1234-5678", "06412345678", "landline"],
  ["(031) 123-4567", "0311234567", "landline"],
  ["+82 51 123 4567", "0511234567", "landline"],
  // VoIP, toll-free, personal
  ["070-1234-5678", "07012345678", "voip"],
  ["+82 70 1234 5678", "07012345678", "voip"],
  ["080-123-4567", "0801234567", "tollfree"],
  ["0505-123-4567", "05051234567", "personal"],
  ["0504-1234-5678", "050412345678", "personal"],
  ["+82 505 123 4567", "05051234567", "personal"],
  // representative numbers (valid sender numbers)
  ["1588-1234", "15881234", "representative"],
  ["1577 1234", "15771234", "representative"],
  ["1600-1234", "16001234", "representative"],
  ["1644.1234", "16441234", "representative"],
  ["1800-1234", "18001234", "representative"],
  ["15881234", "15881234", "representative"],
  ["+82 1588 1234", "15881234", "representative"],
];

// Every rejection, with the reason callers (dead-letter records, HTTP 4xx bodies) will see.
const rejected: [input: string, reason: string][] = [
  ["", "empty"],
  ["   ", "empty"],
  ["\t\n", "empty"],
  ["010-1234-567a", "contains letters"],
  ["tel: 010-1234-5678", "contains letters"],
  ["010-1234-5678 ext 12", "contains letters"],
  ["공일공-1234-5678", "contains letters"],
  ["０１０－１２３４－５６７ａ", "contains letters"],
  ["010#1234#5678", "contains invalid characters"],
  ["010/1234/5678", "contains invalid characters"],
  ["010_1234_5678", "contains invalid characters"],
  ["010-1234-5678;", "contains invalid characters"],
  ["٠١٠١٢٣٤٥٦٧٨", "contains invalid characters"], // Arabic-Indic digits are not folded by NFKC
  ["-", "no digits"],
  ["---", "no digits"],
  ["()", "no digits"],
  ["+", "no digits"],
  ["( ) - . +", "no digits"],
  ["010+1234-5678", "misplaced +"],
  ["++82 10 1234 5678", "misplaced +"],
  ["+1 202 555 0100", "not a Korean number"],
  ["+44 20 7946 0958", "not a Korean number"],
  ["001 1 202 555 0100", "not a Korean number"],
  ["0044 20 7946 0958", "not a Korean number"],
  ["0", "too short"],
  ["01", "too short"],
  ["050", "too short"],
  ["+82", "too short"],
  ["010-1234-567", "too short"],
  ["010-123-4567", "too short"], // 010 always has a 4-digit exchange
  ["011-12-3456", "too short"],
  ["02-12-3456", "too short"],
  ["031-12-3456", "too short"],
  ["070-123-4567", "too short"],
  ["0505-12-3456", "too short"],
  ["1588-123", "too short"],
  ["+82 10 1234 567", "too short"],
  ["010-1234-56789", "too long"],
  ["011-1234-56789", "too long"],
  ["02-1234-56789", "too long"],
  ["031-1234-56789", "too long"],
  ["070-1234-56789", "too long"],
  ["080-1234-5678", "too long"],
  ["0505-1234-56789", "too long"],
  ["1588-12345", "too long"],
  ["010".padEnd(40, "1"), "too long"],
  ["099-1234-5678", "unknown prefix 099"],
  ["030-123-4567", "unknown prefix 030"],
  ["034-123-4567", "unknown prefix 034"],
  ["056-123-4567", "unknown prefix 056"],
  ["012-345-6789", "unknown prefix 012"],
  ["060-123-4567", "unknown prefix 060"],
  ["090-1234-5678", "unknown prefix 090"],
  ["1234-5678", "unknown prefix 123"],
  ["1012345678", "unknown prefix 101"], // the leading 0 forgotten
  ["+82 99 1234 5678", "unknown prefix 099"],
];

describe("parsePhone", () => {
  it.each(accepted)("%j -> %s (%s)", (input, canonical, kind) => {
    expect(parsePhone(input)).toEqual({ canonical, kind });
    expect(normalizePhone(input)).toBe(canonical);
  });

  it.each(rejected)("%j is rejected: %s", (input, reason) => {
    let caught: unknown;
    try {
      normalizePhone(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidPhoneError);
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toMatchObject({ code: "INVALID_PHONE", reason, name: "InvalidPhoneError" });
  });
});

describe("InvalidPhoneError message", () => {
  const messageOf = (input: string): string => {
    try {
      parsePhone(input);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error("expected a rejection");
  };

  it("shows the input masked, never whole", () => {
    const message = messageOf("010-1234-56789");
    expect(message).toBe('invalid phone number "**********6789": too long');
    expect(message).not.toContain("1234");
  });

  it("keeps the message short for huge input", () => {
    const message = messageOf("1".repeat(10_000));
    expect(message.length).toBeLessThan(100);
    expect(message).toContain("…");
  });
});

describe("isMobile", () => {
  it.each([
    ["010-1234-5678", true],
    ["+82 10 1234 5678", true],
    ["011-123-4567", true],
    ["02-123-4567", false],
    ["070-1234-5678", false],
    ["1588-1234", false],
    ["010-1234", false],
    ["not a phone", false],
  ])("%j -> %s", (input, expected) => {
    expect(isMobile(input)).toBe(expected);
  });
});
