import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compares a presented secret with the configured one in constant time. Both sides are
 * hashed first so neither the content nor the length of the secret leaks through timing.
 */
export function createSecretCheck(secret: string): (presented: unknown) => boolean {
  const expected = digest(secret);
  return (presented) => typeof presented === "string" && timingSafeEqual(digest(presented), expected);
}

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();
