import { createHash } from "node:crypto";

/**
 * Instance ids are derived, never random, so a replayed flow-start yields the same id and
 * therefore the same refkeys and commands: with an idempotency key from (phone, flow, key),
 * without one from the Kafka coordinates of the start message.
 */
export function instanceIdFor(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 20);
}
