import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Lockfile } from "./production-tree.js";

/** The repository root, from this package's place in it (tools/deploy). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export const readRepoFile = (path: string): string => readFileSync(`${repoRoot}${path}`, "utf8");
export const readLockfile = (): Lockfile => JSON.parse(readRepoFile("package-lock.json")) as Lockfile;
