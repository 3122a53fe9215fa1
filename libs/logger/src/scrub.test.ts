import { describe, expect, it } from "vitest";
import { REDACTED, scrub } from "./scrub.js";

describe("scrub", () => {
  it("returns the very same object when nothing needs changing", () => {
    const value = { flow: "welcome", step: 3, tags: ["a", "b"], nested: { at: new Date(0), n: null } };
    expect(scrub(value)).toBe(value);
  });

  it("copies only the branches that change", () => {
    const untouched = { step: 1 };
    const value = { untouched, changed: { phone: "01012345678" } };
    const result = scrub(value) as typeof value;
    expect(result).not.toBe(value);
    expect(result.untouched).toBe(untouched);
    expect(result.changed).toEqual({ phone: "010-****-5678" });
    expect(value.changed.phone).toBe("01012345678");
  });

  it("masks strings and leaves other primitives alone", () => {
    expect(scrub("to 01012345678")).toBe("to 010-****-5678");
    expect(scrub(1012345678)).toBe(1012345678);
    expect(scrub(undefined)).toBeUndefined();
    expect(scrub(null)).toBeNull();
  });

  it("redacts secret keys whatever their value, but keeps undefined ones out", () => {
    expect(scrub({ token: { nested: "x" }, password: 1234 })).toEqual({ token: REDACTED, password: REDACTED });
    expect(scrub({ token: undefined })).toEqual({ token: undefined });
  });

  it("scrubs what toJSON would print", () => {
    const url = new URL("https://example.test/send?to=01012345678");
    expect(scrub({ url })).toEqual({ url: "https://example.test/send?to=010-****-5678" });
  });

  it("keeps an own __proto__ key as data", () => {
    const value = JSON.parse('{"__proto__": {"phone": "01012345678"}, "x": "01012345678"}') as object;
    const result = scrub(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(["__proto__", "x"]);
  });

  it("leaves binary data alone", () => {
    const bytes = Buffer.from("01012345678");
    expect((scrub({ bytes }) as { bytes: unknown }).bytes).toBe(bytes);
  });
});
