import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * A phone page's address holds the phone encrypted (AES-256-GCM under a key derived from the
 * session secret), never the number: URLs end up in browser history, proxy logs and chat.
 */
export interface PhoneRefs {
  toRef(phone: string): string;
  /** The phone, or undefined for a reference this console did not make. */
  fromRef(ref: string): string | undefined;
}

export function phoneRefs(secret: string): PhoneRefs {
  const key = createHash("sha256").update(`sunseo-console-phone-ref:${secret}`).digest();
  return {
    toRef(phone) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(phone, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    fromRef(ref) {
      try {
        const raw = Buffer.from(ref, "base64url");
        if (raw.length < 29) return undefined;
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      } catch {
        return undefined;
      }
    },
  };
}
