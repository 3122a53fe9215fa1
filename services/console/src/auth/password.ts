import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashes as `scrypt$N$r$p$salt$hash` (base64url salt and hash), so the cost can be
 * raised later without breaking existing hashes. Only hashes live in the configuration.
 */

const COST = { N: 16_384, r: 8, p: 1 };
const KEY_LENGTH = 32;

const derive = (password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> =>
  new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (err, key) => (err ? reject(err) : resolve(key))));

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST.N, COST.r, COST.p);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

const HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

export const isPasswordHash = (text: string): boolean => HASH.test(text);

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const match = HASH.exec(hash);
  if (match === null) return false;
  const [, N, r, p, salt, expected] = match;
  const want = Buffer.from(expected!, "base64url");
  const key = await derive(password, Buffer.from(salt!, "base64url"), Number(N), Number(r), Number(p));
  return key.length === want.length && timingSafeEqual(key, want);
}
