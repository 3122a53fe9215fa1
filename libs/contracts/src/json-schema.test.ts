import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jsonSchemaFiles, jsonSchemas } from "./json-schema.js";

const committed = (file: string): string => readFileSync(new URL(`../../../schemas/${file}`, import.meta.url), "utf8");

describe("JSON Schema export", () => {
  it.each(Object.entries(jsonSchemaFiles()))("schemas/%s matches the zod schema (run npm run schemas -w @sunseo/contracts)", (file, text) => {
    expect(committed(file)).toBe(text);
  });

  it("describes the input side: any phone form, variables optional", () => {
    const start = jsonSchemas()["flow-start.schema.json"]!;
    expect(start.required).toEqual(["flow", "phone"]);
    expect(start.properties.phone).toMatchObject({ type: "string", maxLength: 40 });
    expect(jsonSchemas()["flow-cancel.schema.json"]!.anyOf).toEqual([{ required: ["instanceId"] }, { required: ["idempotencyKey"] }]);
  });
});
