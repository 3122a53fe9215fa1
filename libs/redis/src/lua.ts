import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface LuaScript {
  name: string;
  numberOfKeys: number;
  lua: string;
}

/**
 * Reads every `<name>-<numberOfKeys>.lua` file of a folder (BullMQ's convention: the key
 * count lives in the file name, the KEYS/ARGV contract in the file's header comment).
 * Callers register them once with `redis.defineCommand`, which runs EVALSHA and falls back to EVAL.
 */
export function readLuaScripts(dir: string): LuaScript[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".lua"))
    .map((file) => {
      const match = /^(.+)-(\d+)\.lua$/.exec(file);
      if (!match) throw new Error(`Lua script ${file} must be named <name>-<numberOfKeys>.lua`);
      return { name: match[1]!, numberOfKeys: Number(match[2]), lua: readFileSync(join(dir, file), "utf8") };
    });
}
