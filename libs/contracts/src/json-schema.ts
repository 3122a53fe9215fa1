import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { flowCancelSchema, flowStartSchema } from "./messages.js";

/**
 * JSON Schema (draft 2020-12) of the messages services in other languages produce:
 * flow-start and flow-cancel. Generated from the zod schemas, the one source of truth;
 * `npm run schemas -w @sunseo/contracts` rewrites schemas/*.json, and a unit test fails
 * when the committed files differ from what this produces.
 */

const KAFKA_NOTE =
  "Kafka value: this object as UTF-8 JSON. Kafka key: the canonical phone (digits only, national form, e.g. 01012345678), " +
  "partitioned with murmur2 like the Java client (librdkafka: partitioner=murmur2_random). See schemas/README.md.";

const PHONE_NOTE = "Recipient, any common Korean form (010-1234-5678, +82 10 1234 5678); consumers normalise it to the canonical key.";

type JsonSchema = Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };

function generate(schema: z.ZodType, title: string, description: string): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
  rest.properties.phone = { description: PHONE_NOTE, ...rest.properties.phone };
  return { $schema, title, description: `${description} ${KAFKA_NOTE}`, ...rest } as JsonSchema;
}

export function jsonSchemas(): Record<string, JsonSchema> {
  const cancel = generate(
    flowCancelSchema,
    "sunseo flow-cancel",
    "Cancels a running or queued flow, named by instanceId or by the idempotencyKey it was started with.",
  );
  // A zod refinement has no JSON Schema form: state "instanceId or idempotencyKey" explicitly.
  cancel.anyOf = [{ required: ["instanceId"] }, { required: ["idempotencyKey"] }];
  return {
    "flow-start.schema.json": generate(
      flowStartSchema,
      "sunseo flow-start",
      "Starts a catalog flow for one phone. A repeated start with the same idempotencyKey never starts a second flow.",
    ),
    "flow-cancel.schema.json": cancel,
  };
}

/** File name -> file text, exactly as committed under schemas/. */
export function jsonSchemaFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(jsonSchemas()).map(([file, schema]) => [file, `${JSON.stringify(schema, null, 2)}\n`]));
}

/** Writes the files into dir (the repository's schemas/ folder) and returns their paths. */
export async function writeJsonSchemas(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, text] of Object.entries(jsonSchemaFiles())) {
    const path = resolve(join(dir, file));
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}
