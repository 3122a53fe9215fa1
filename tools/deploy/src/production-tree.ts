/**
 * The packages `npm install --omit=dev` puts into node_modules for a set of workspaces,
 * read from package-lock.json (lockfile v3) without installing anything: each workspace's
 * `dependencies`, then every package's dependencies, optional ones and required peers,
 * resolved the way Node does (nearest node_modules first). Each package comes with the
 * chain that pulls it in, so a failure says why it ships.
 */
export interface LockPackage {
  name?: string;
  version?: string;
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockPackage>;
}

export class LockfileError extends Error {}

function resolve(lock: Lockfile, fromPath: string, name: string): string | undefined {
  let at = fromPath;
  for (;;) {
    const candidate = at === "" ? `node_modules/${name}` : `${at}/node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (at === "") return undefined;
    const nested = at.lastIndexOf("/node_modules/");
    at = nested >= 0 ? at.slice(0, nested) : "";
  }
}

function runtimeEdges(pkg: LockPackage): Array<{ name: string; optional: boolean }> {
  const peers = Object.keys(pkg.peerDependencies ?? {}).filter((n) => !pkg.peerDependenciesMeta?.[n]?.optional);
  return [
    ...Object.keys(pkg.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(pkg.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...peers.map((name) => ({ name, optional: false })),
  ];
}

/** Package name -> the dependency chain that ships it (workspace first). */
export function productionPackages(lock: Lockfile, workspaceDirs: readonly string[]): Map<string, string[]> {
  if (lock.lockfileVersion < 2) throw new LockfileError(`lockfile v${lock.lockfileVersion} has no "packages" map`);
  const shipped = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue: Array<{ path: string; chain: string[] }> = [];
  for (const dir of workspaceDirs) {
    const pkg = lock.packages[dir];
    if (!pkg) throw new LockfileError(`${dir} is not in package-lock.json: run npm install`);
    queue.push({ path: dir, chain: [pkg.name ?? dir] });
  }
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (seen.has(item.path)) continue;
    seen.add(item.path);
    const pkg = lock.packages[item.path]!;
    for (const edge of runtimeEdges(pkg)) {
      let path = resolve(lock, item.path, edge.name);
      if (!path) {
        if (edge.optional) continue;
        throw new LockfileError(`${item.chain.join(" > ")} needs ${edge.name}, which package-lock.json does not hold`);
      }
      const target = lock.packages[path]!;
      if (target.link && target.resolved) path = target.resolved;
      const chain = [...item.chain, edge.name];
      if (!shipped.has(edge.name)) shipped.set(edge.name, chain);
      queue.push({ path, chain });
    }
  }
  return shipped;
}
