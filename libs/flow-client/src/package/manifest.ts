/**
 * The package.json of the published @sunseo/flow-client: the workspace package's name and
 * version, and as dependencies exactly the packages the bundle still imports. The internal
 * libraries are inside the bundle, so none of them may be left as a dependency.
 */

export interface WorkspaceManifest {
  name: string;
  version: string;
  license?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
}

export interface PublishedManifest {
  name: string;
  version: string;
  description: string;
  license: string;
  type: "module";
  engines?: Record<string, string>;
  exports: { ".": { types: string; default: string } };
  types: string;
  files: string[];
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

/**
 * The caller builds its own kafkajs `Kafka` and hands it in: one kafkajs in the caller's tree,
 * so its types and ours are the same. Any 2.x from the one we test with on works.
 */
const PEERS = new Set(["kafkajs"]);

export class PackageManifestError extends Error {
  override readonly name = "PackageManifestError";
}

export function publishedManifest(options: {
  client: WorkspaceManifest;
  /** The repository's root package.json: license and engines. */
  root: WorkspaceManifest;
  /** Every workspace package.json: where the version range of an imported package comes from. */
  workspace: readonly WorkspaceManifest[];
  /** The bare packages the bundle imports (node built-ins excluded). */
  imports: readonly string[];
}): PublishedManifest {
  const { client, root, workspace, imports } = options;
  const internal = new Set(workspace.map((m) => m.name));
  const dependencies: Record<string, string> = {};
  const peerDependencies: Record<string, string> = {};
  for (const name of [...imports].sort()) {
    if (internal.has(name)) throw new PackageManifestError(`the bundle still imports the workspace package ${name}; it must be bundled`);
    const range = workspace.map((m) => m.dependencies?.[name]).find((r) => r !== undefined);
    if (range === undefined) throw new PackageManifestError(`the bundle imports ${name}, which no workspace package depends on`);
    if (PEERS.has(name)) peerDependencies[name] = /^\d/.test(range) ? `^${range}` : range;
    else dependencies[name] = range;
  }
  return {
    name: client.name,
    version: client.version,
    description: "Start and cancel sunseo flows from your service: validated flow-starts on Kafka, keyed by the canonical phone",
    license: root.license ?? "Apache-2.0",
    type: "module",
    ...(root.engines ? { engines: root.engines } : {}),
    exports: { ".": { types: "./index.d.ts", default: "./index.js" } },
    types: "./index.d.ts",
    files: ["index.js", "index.d.ts", "README.md", "LICENSE", "NOTICE"],
    dependencies,
    peerDependencies,
  };
}
