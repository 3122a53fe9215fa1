import { describe, expect, it } from "vitest";
import { createSecretCheck } from "./secret.js";

describe("createSecretCheck", () => {
  const check = createSecretCheck("s3cret-s3cret-s3cret");
  it("accepts only the exact secret", () => {
    expect(check("s3cret-s3cret-s3cret")).toBe(true);
    expect(check("s3cret-s3cret-s3creT")).toBe(false);
    expect(check("s3cret")).toBe(false);
    expect(check("")).toBe(false);
  });
  it("refuses a missing or non-string value", () => {
    expect(check(undefined)).toBe(false);
    expect(check(["s3cret-s3cret-s3cret"])).toBe(false);
  });
});
