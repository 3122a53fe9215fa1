import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidPhoneError } from "./invalid-phone-error.js";
import { maskPhone } from "./mask.js";
import { maskPhonesInText } from "./mask-text.js";
import type { PhoneKind } from "./number-plan.js";
import { normalizePhone } from "./parse.js";

interface Phone {
  readonly canonical: string;
  readonly kind: PhoneKind;
  /** Area / service code, exchange, line: how a person would group the digits. */
  readonly groups: readonly string[];
}

const digits = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });

/** A valid canonical number: one of the prefixes, an exchange of one of the lengths, 4 line digits. */
const shape = (kind: PhoneKind, prefixes: string[], middleLengths: number[]): fc.Arbitrary<Phone> =>
  fc.tuple(fc.constantFrom(...prefixes), fc.constantFrom(...middleLengths).chain(digits), digits(4)).map(([head, middle, line]) => ({
    canonical: head + middle + line,
    kind,
    groups: middle === "" ? [head, line] : [head, middle, line],
  }));

const AREA_CODES = ["031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055", "061", "062", "063", "064"];

const phoneNumber: fc.Arbitrary<Phone> = fc.oneof(
  shape("mobile", ["010"], [4]),
  shape("mobile", ["011", "016", "017", "018", "019"], [3, 4]),
  shape("landline", ["02"], [3, 4]),
  shape("landline", AREA_CODES, [3, 4]),
  shape("voip", ["070"], [4]),
  shape("tollfree", ["080"], [3]),
  shape("personal", ["0502", "0503", "0504", "0505", "0506", "0507", "0508"], [3, 4]),
  fc.tuple(fc.constantFrom("15", "16", "18"), digits(2)).chain(([a, b]) => shape("representative", [a + b], [0])),
);

const personalPhone = phoneNumber.filter((p) => p.kind !== "representative");

const COUNTRY_STYLES = ["", "+82", "+82 (0)", "0082", "00182", "00282", "82"] as const;

/** Writes a number the way a person might: country prefix or not, parentheses, separators, full width. */
const formatted = (phone: Phone, separators: string[]): fc.Arbitrary<string> =>
  fc
    .record({
      country: fc.constantFrom(...COUNTRY_STYLES),
      parens: fc.boolean(),
      fullWidth: fc.boolean(),
      seps: fc.array(fc.constantFrom(...separators), { minLength: 3, maxLength: 3 }),
    })
    .map(({ country, parens, fullWidth, seps }) => {
      const [head = "", ...rest] = phone.groups;
      // International forms drop the trunk 0 (representative numbers have none).
      const area = country === "" ? head : head.replace(/^0/, "");
      const first = country === "" && parens ? `(${area})` : area;
      const parts = country === "" ? [first, ...rest] : [country, first, ...rest];
      const text = parts.reduce((acc, part, i) => acc + (seps[i - 1] ?? "") + part);
      return fullWidth ? toFullWidth(text) : text;
    });

/** What a Korean IME produces: every ASCII character in its full-width form. */
const toFullWidth = (text: string): string => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replaceAll(" ", "\u3000");

const formattedPhone = (separators: string[]) => phoneNumber.chain((phone) => formatted(phone, separators).map((text) => ({ phone, text })));

const LOOSE_SEPARATORS = ["", " ", "-", ".", "  ", " - ", "\u2013"];
const SINGLE_SEPARATORS = ["", " ", "-", "."];

describe("normalizePhone properties", () => {
  it("is idempotent: a canonical number normalises to itself", () => {
    fc.assert(
      fc.property(phoneNumber, ({ canonical }) => {
        expect(normalizePhone(canonical)).toBe(canonical);
      }),
    );
  });

  it("recovers the canonical number from any way of writing it", () => {
    fc.assert(
      fc.property(formattedPhone(LOOSE_SEPARATORS), ({ phone, text }) => {
        expect(normalizePhone(text)).toBe(phone.canonical);
        expect(normalizePhone(normalizePhone(text))).toBe(phone.canonical);
      }),
    );
  });

  it("on any string either returns a fixed point or throws InvalidPhoneError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(..."0123456789+-() 8") })), (text) => {
        let canonical: string;
        try {
          canonical = normalizePhone(text);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidPhoneError);
          return;
        }
        expect(normalizePhone(canonical)).toBe(canonical);
      }),
    );
  });
});

describe("maskPhone properties", () => {
  it("shows only the area code and the last 4 digits, the middle all stars", () => {
    fc.assert(
      fc.property(formattedPhone(LOOSE_SEPARATORS), ({ phone, text }) => {
        const [head = "", ...rest] = phone.groups;
        const line = rest.at(-1) ?? "";
        const hidden = phone.canonical.length - head.length - line.length;
        const masked = maskPhone(text);
        expect(masked.replace(/\D/g, "")).toBe(head + line);
        expect(masked).toBe(hidden > 0 ? `${head}-${"*".repeat(hidden)}-${line}` : `${head}-${line}`);
      }),
    );
  });

  it("shows at most 4 characters of something that is not a phone", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 5 }), (text) => {
        fc.pre(!/\d/.test(text));
        expect(maskPhone(text)).toMatch(/^\*+/);
        expect(maskPhone(text).replace(/^\*+/, "").length).toBeLessThanOrEqual(4);
      }),
    );
  });
});

describe("maskPhonesInText properties", () => {
  // Digits, separators and the country code next to the phone stress its boundaries.
  const noise = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: fc.constantFrom(...'0123456789 -+()82abc:="\n'), maxLength: 12 }));

  it("never leaves the canonical digits or the written number in the text", () => {
    fc.assert(
      fc.property(
        personalPhone.chain((phone) => formatted(phone, SINGLE_SEPARATORS).map((text) => ({ phone, text }))),
        noise,
        noise,
        ({ phone, text }, before, after) => {
          const masked = maskPhonesInText(`${before} ${text} ${after}`);
          expect(masked).not.toContain(phone.canonical);
          expect(masked).not.toContain(text);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("leaves text without digits untouched", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/[0-9\uFF10-\uFF19]/.test(text));
        expect(maskPhonesInText(text)).toBe(text);
      }),
    );
  });
});
