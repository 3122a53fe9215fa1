import { maskPhonesInText } from "@sunseo/phone";
import { stdSerializers } from "pino";
import { isSecretKey } from "./secret-keys.js";

export const REDACTED = "[redacted]";
const CIRCULAR = "[Circular]";

type Dict = Record<string, unknown>;

/**
 * Makes a value safe to log, at any depth: phone numbers masked in every string, values
 * under secret-named keys redacted, errors serialised (message, stack, causes) so their
 * text is scrubbed too. Copy-on-write: whatever has nothing to change is returned as is,
 * so the caller's objects are never mutated and a typical log line copies nothing.
 */
export function scrub(value: unknown): unknown {
  return scrubValue(value, new Set());
}

// A PEM private key (a Kafka client's KAFKA_SSL_KEY_FILE, say) is a secret wherever it sits:
// under a harmless key, inside an error message, in a config dump.
const PRIVATE_KEY_PEM = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;

function scrubText(text: string): string {
  const masked = maskPhonesInText(text);
  return masked.includes("PRIVATE KEY-----") ? masked.replace(PRIVATE_KEY_PEM, REDACTED) : masked;
}

function scrubValue(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === "string") return scrubText(value);
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return value;
  // A cycle is cut here rather than handed back: the original object would carry its
  // unscrubbed strings into the output.
  if (ancestors.has(value)) return CIRCULAR;

  ancestors.add(value);
  try {
    if (value instanceof Error) return scrubEntries(stdSerializers.err(value), ancestors);
    if (Array.isArray(value)) return scrubArray(value, ancestors);
    if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
      // What JSON.stringify would print (a URL, a Decimal, ...) is what needs scrubbing.
      const json: unknown = (value as { toJSON(): unknown }).toJSON();
      const scrubbed = scrubValue(json, ancestors);
      return scrubbed === json ? value : scrubbed;
    }
    return scrubEntries(value as Dict, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function scrubArray(array: readonly unknown[], ancestors: Set<object>): readonly unknown[] {
  let copy: unknown[] | undefined;
  array.forEach((item, i) => {
    const scrubbed = scrubValue(item, ancestors);
    if (scrubbed === item) return;
    copy ??= array.slice();
    copy[i] = scrubbed;
  });
  return copy ?? array;
}

function scrubEntries(object: Dict, ancestors: Set<object>): Dict {
  let copy: Dict | undefined;
  for (const key of Object.keys(object)) {
    const value = object[key];
    const scrubbed = value !== undefined && isSecretKey(key) ? REDACTED : scrubValue(value, ancestors);
    if (scrubbed === value) continue;
    copy ??= { ...object };
    // Defined, not assigned: an own "__proto__" key must stay data, not set the prototype.
    Object.defineProperty(copy, key, { value: scrubbed, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? object;
}
