import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { stateFile } from "./paths.js";

/** How a component is provided: found running (never stopped by us), started by us locally, or by docker compose. */
export type Mode = "external" | "local" | "docker";

export interface InfraState {
  kafka: { mode: Mode; brokers: string[]; pid?: number; version?: string };
  redis: { mode: Mode; url: string; pid?: number };
}

export function readState(): InfraState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile, "utf8")) as InfraState;
  } catch {
    return undefined;
  }
}

export function writeState(state: InfraState): void {
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearState(): void {
  rmSync(stateFile, { force: true });
}
