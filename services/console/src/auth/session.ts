import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A session is a signed cookie `user.expiry.nonce.signature`: nothing to store server-side,
 * and a changed secret logs everyone out. The CSRF token of a session is derived from it, so
 * a form posted from another site cannot carry the right one.
 */

export interface Session {
  user: string;
  expiresAt: number;
  /** Random per sign-in: the CSRF token changes with every session. */
  nonce: string;
}

const sign = (secret: string, text: string): string => createHmac("sha256", secret).update(text).digest("base64url");

/** Constant-time comparison of two tokens. */
export const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function issueSession(secret: string, user: string, ttlMs: number, now: number): { cookie: string; session: Session } {
  const session = { user, expiresAt: now + ttlMs, nonce: randomBytes(12).toString("base64url") };
  const body = `${Buffer.from(user).toString("base64url")}.${session.expiresAt}.${session.nonce}`;
  return { cookie: `${body}.${sign(secret, body)}`, session };
}

export function readSession(secret: string, cookie: string | undefined, now: number): Session | undefined {
  const parts = cookie?.split(".");
  if (parts?.length !== 4) return undefined;
  const [user, expiry, nonce, signature] = parts as [string, string, string, string];
  if (!sameToken(signature, sign(secret, `${user}.${expiry}.${nonce}`))) return undefined;
  const expiresAt = Number(expiry);
  if (!(expiresAt > now)) return undefined;
  return { user: Buffer.from(user, "base64url").toString(), expiresAt, nonce };
}

/** The token every POST form carries; tied to the session (or, behind a trusted header, to the user). */
export const csrfToken = (secret: string, sessionKey: string): string => sign(secret, `csrf:${sessionKey}`);
