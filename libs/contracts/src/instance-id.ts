import { createHash } from "node:crypto";

/**
 * Instance ids are derived, never random, so a replayed flow-start yields the same id and
 * therefore the same refkeys and commands. The sequencer assigns them; the flow client
 * computes the same id for the starts it produces (they always carry a key), so both use
 * these functions and nothing else.
 */
export function instanceIdFor(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 20);
}

/**
 * The id of the flow a start with an idempotency key begins: from (canonical phone, flow name,
 * key), the fields of the start as parsed by flowStartSchema. A start without a key is named
 * by its Kafka coordinates instead, which only the sequencer knows.
 */
export const keyedStartInstanceId = (phone: string, flow: string, idempotencyKey: string): string => instanceIdFor([phone, flow, idempotencyKey]);
