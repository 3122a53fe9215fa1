import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { bundleJs, bundleTypes } from "./bundle.js";
import { PackageManifestError, publishedManifest, type WorkspaceManifest } from "./manifest.js";

const run = promisify(execFile);

/** libs/flow-client, from src/package (tests) or dist/package (the command). */
const clientDir = fileURLToPath(new URL("../../", import.meta.url));
const repoRoot = resolve(clientDir, "../..");

const readManifest = async (path: string): Promise<WorkspaceManifest> => JSON.parse(await readFile(path, "utf8")) as WorkspaceManifest;

async function workspaceManifests(): Promise<WorkspaceManifest[]> {
  const manifests: WorkspaceManifest[] = [];
  for (const group of ["libs", "services", "tools"]) {
    for (const dir of await readdir(join(repoRoot, group))) {
      manifests.push(await readManifest(join(repoRoot, group, dir, "package.json")));
    }
  }
  return manifests;
}

/** The environment for npm run from inside `npm test` or `npm run`, without the outer npm's settings (a -w, a --prefix). */
export function cleanNpmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

/**
 * Builds the @sunseo/flow-client tarball a service outside this repository installs: the
 * built client and the internal libraries it uses in one ESM file with one .d.ts, the
 * package's README, the repository's LICENSE and NOTICE. Needs `npm run build` first.
 * Returns the tarball's path in `outDir`.
 */
export async function packFlowClient(outDir: string): Promise<string> {
  const workspace = await workspaceManifests();
  const internal = new Set(workspace.map((m) => m.name));
  const staging = await mkdtemp(join(tmpdir(), "sunseo-flow-client-pack-"));
  try {
    const imports = await bundleJs({ entry: join(clientDir, "dist/index.js"), outfile: join(staging, "index.js"), internal, libsDir: join(repoRoot, "libs") });
    const dts = bundleTypes({ entry: join(clientDir, "src/index.ts"), tsconfig: join(clientDir, "tsconfig.json"), internal });
    const leftover = [...internal].find((name) => dts.includes(`"${name}"`));
    if (leftover) throw new PackageManifestError(`index.d.ts still imports the workspace package ${leftover}`);
    await writeFile(join(staging, "index.d.ts"), dts);
    const manifest = publishedManifest({
      client: await readManifest(join(clientDir, "package.json")),
      root: await readManifest(join(repoRoot, "package.json")),
      workspace,
      imports,
    });
    await writeFile(join(staging, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await copyFile(join(clientDir, "README.md"), join(staging, "README.md"));
    for (const file of ["LICENSE", "NOTICE"]) await copyFile(join(repoRoot, file), join(staging, file));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", resolve(outDir)], { cwd: staging, env: cleanNpmEnv() });
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    if (!packed) throw new Error(`npm pack printed no tarball: ${stdout}`);
    return join(resolve(outDir), packed.filename);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
