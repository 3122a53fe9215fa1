/**
 * What the production image holds, decided from the manifests alone: the services it runs,
 * the workspaces they need at run time (their `dependencies`, followed transitively), each
 * as its package.json without devDependencies plus its built dist/ (or what its `files` names,
 * e.g. the console's static/). No tools/, no src/.
 * `npm install --omit=dev` in that directory then installs exactly the production tree,
 * because no test helper, simulator or build tool is a workspace or a dependency there.
 */
export interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[];
  [field: string]: unknown;
}

export interface Workspace {
  /** Directory relative to the repository root, e.g. `services/sequencer`. */
  dir: string;
  manifest: Manifest;
}

export interface ImagePlan {
  /** The image's root package.json: its workspaces are exactly the shipped packages. */
  root: Manifest;
  /** Shipped workspaces, their manifests without devDependencies or scripts. */
  workspaces: Workspace[];
  /** Paths copied from the built repository as they are (relative, same place in the image). */
  copies: string[];
}

export class UnknownWorkspaceError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} is not a workspace of this repository`);
  }
}

export function planImage(root: Manifest, all: readonly Workspace[], serviceDirs: readonly string[]): ImagePlan {
  const byName = new Map(all.map((w) => [w.manifest.name, w]));
  const byDir = new Map(all.map((w) => [w.dir, w]));
  const kept = new Map<string, Workspace>();
  const visit = (w: Workspace): void => {
    if (kept.has(w.dir)) return;
    kept.set(w.dir, w);
    for (const dep of Object.keys(w.manifest.dependencies ?? {})) {
      const sibling = byName.get(dep);
      if (sibling) visit(sibling);
    }
  };
  for (const dir of serviceDirs) {
    const service = byDir.get(dir);
    if (!service) throw new UnknownWorkspaceError(dir);
    visit(service);
  }
  const workspaces = [...kept.values()]
    .sort((a, b) => a.dir.localeCompare(b.dir))
    .map(({ dir, manifest }) => {
      const { devDependencies: _dev, scripts: _scripts, ...runtime } = manifest;
      return { dir, manifest: runtime };
    });
  return {
    root: { name: root.name, private: true, type: root.type, engines: root.engines, workspaces: workspaces.map((w) => w.dir) },
    workspaces,
    copies: ["package-lock.json", ...workspaces.flatMap((w) => shipped(w.manifest).map((path) => `${w.dir}/${path}`))],
  };
}

/** What a package ships besides its manifest: its `files` list (npm's own field for it), or dist/. */
function shipped(manifest: Manifest): string[] {
  const files = manifest.files;
  return Array.isArray(files) && files.every((f) => typeof f === "string") ? files : ["dist"];
}
