import type { z } from "zod";
import type { Topic } from "./topics.js";

export type Decoded<T> = { ok: true; value: T } | { ok: false; code: "INVALID_JSON" | "INVALID_MESSAGE"; reason: string };

/** Parses a Kafka value against its topic's schema; the reason names each bad field, for the dlq. */
export function decode<S extends z.ZodType>(topic: Topic<S>, raw: Buffer | string | null): Decoded<z.infer<S>> {
  if (raw === null) return { ok: false, code: "INVALID_MESSAGE", reason: "empty value" };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch (err) {
    return { ok: false, code: "INVALID_JSON", reason: `not JSON: ${(err as Error).message}` };
  }
  const parsed = topic.schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "(message)"}: ${i.message}`).join("; ");
  return { ok: false, code: "INVALID_MESSAGE", reason: `${topic.base}: ${reason}` };
}
