#!/usr/bin/env node
/**
 * Build-stage step of the Dockerfile: writes the production image's workspace into <out>
 * (see image-plan.ts), after `turbo run build`. Usage, from the repository root:
 *   node tools/deploy/dist/prepare-image.js <out> services/sequencer services/dispatcher ...
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { planImage } from "./image-plan.js";
import { readManifest, readWorkspaces } from "./workspaces.js";

const [out, ...services] = process.argv.slice(2);
if (!out || services.length === 0) {
  process.stderr.write("usage: prepare-image <out-dir> <service dir>...\n");
  process.exit(2);
}
const repoRoot = process.cwd();
const plan = planImage(readManifest(join(repoRoot, "package.json")), readWorkspaces(repoRoot), services);
const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

mkdirSync(out, { recursive: true });
writeJson(join(out, "package.json"), plan.root);
for (const { dir, manifest } of plan.workspaces) {
  mkdirSync(join(out, dir), { recursive: true });
  writeJson(join(out, dir, "package.json"), manifest);
}
for (const path of plan.copies) cpSync(join(repoRoot, path), join(out, path), { recursive: true });
process.stdout.write(`image workspace in ${out}: ${plan.workspaces.map((w) => w.dir).join(", ")}\n`);
