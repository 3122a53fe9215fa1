import { existsSync, readFileSync } from "node:fs";

/** The last lines of a server's log, for the message of a server that died while starting. */
export function logTail(file: string, lines = 15): string {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").slice(-lines).join("\n") : "";
}
