import { normalizePhone } from "@sunseo/phone";
import { instanceIdOfRefkey } from "@sunseo/flow-state";

/**
 * What the one search box was given. A phone in any form ("010-1234-5678", "+82 10 …") is
 * recognised first; anything else is a key: an instance id, a refkey, a Bizppurio
 * messagekey or an idempotency key, tried in that order by the lookup.
 */
export type Query = { kind: "phone"; phone: string } | { kind: "refkey"; key: string; instanceId: string } | { kind: "key"; key: string } | { kind: "empty" };

export function classifyQuery(raw: string): Query {
  const text = raw.trim();
  if (text === "") return { kind: "empty" };
  if (/^[+\d][\d\s().-]{6,}$/.test(text)) {
    try {
      return { kind: "phone", phone: normalizePhone(text) };
    } catch {
      // Digits that are no phone (a messagekey can be all digits): a key.
    }
  }
  const instanceId = instanceIdOfRefkey(text);
  return instanceId === undefined ? { kind: "key", key: text } : { kind: "refkey", key: text, instanceId };
}
