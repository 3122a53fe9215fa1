import { fileURLToPath } from "node:url";
import type { Redis } from "./client.js";
import { readLuaScripts } from "./lua.js";

/** The epoch's Redis layout in one place: its key and the scripts that read and write it. */

export const epochKey = (prefix: string): string => `${prefix}epoch`;

export type EpochTickReply = ["intact" | "missing" | "replaced" | "went-back", string];

interface EpochScripts {
  epochCreate(key: string, id: string, createdAt: string): Promise<string>;
  epochTick(key: string, id: string, lastTicks: string): Promise<EpochTickReply>;
}

const luaDir = fileURLToPath(new URL("./lua", import.meta.url));
const defined = new WeakSet<Redis>();

/** Registers the scripts on a client once (EVALSHA, falling back to EVAL after a Redis restart). */
export function epochScripts(redis: Redis): EpochScripts {
  if (!defined.has(redis)) {
    for (const { name, numberOfKeys, lua } of readLuaScripts(luaDir)) redis.defineCommand(name, { numberOfKeys, lua });
    defined.add(redis);
  }
  return redis as unknown as EpochScripts;
}
