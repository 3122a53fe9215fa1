import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Manifest, Workspace } from "./image-plan.js";

export const readManifest = (path: string): Manifest => JSON.parse(readFileSync(path, "utf8")) as Manifest;

/** The repository's workspaces from the root's `workspaces` globs (only the `dir/*` form is used here). */
export function readWorkspaces(repoRoot: string): Workspace[] {
  const root = readManifest(join(repoRoot, "package.json"));
  return (root.workspaces ?? []).flatMap((pattern) => {
    const parent = pattern.replace(/\/\*$/, "");
    return readdirSync(join(repoRoot, parent))
      .map((name) => `${parent}/${name}`)
      .filter((dir) => existsSync(join(repoRoot, dir, "package.json")))
      .map((dir) => ({ dir, manifest: readManifest(join(repoRoot, dir, "package.json")) }));
  });
}
