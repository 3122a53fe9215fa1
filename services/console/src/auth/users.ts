import { isPasswordHash } from "./password.js";

/** CONSOLE_USERS: `name:scrypt$…` pairs, comma-separated; a name once, a hash that parses. */
export function parseUsers(text: string): ReadonlyMap<string, string> {
  const users = new Map<string, string>();
  for (const item of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = item.indexOf(":");
    const name = colon === -1 ? "" : item.slice(0, colon);
    const hash = item.slice(colon + 1);
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) throw new Error(`"${item.slice(0, 20)}…" is not user:hash (user: letters, digits, . _ @ -)`);
    if (!isPasswordHash(hash)) throw new Error(`the hash of user ${name} is not scrypt$N$r$p$salt$hash (npm run console:hash-password)`);
    if (users.has(name)) throw new Error(`user ${name} is listed twice`);
    users.set(name, hash);
  }
  return users;
}
