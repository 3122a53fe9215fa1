import { isBuiltin } from "node:module";
import { build, type Plugin } from "esbuild";
import { generateDtsBundle } from "dts-bundle-generator";

/** "@scope/name/sub" -> "@scope/name", "name/sub" -> "name". */
const packageOf = (specifier: string): string =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

/**
 * Internal packages go into the bundle; every other package stays an import. Internal modules
 * (everything under the repository's libs/) are marked free of side effects, which they are:
 * they only declare. So what the client does not use of, say, @sunseo/kafka (its consumers,
 * the logger) is left out, and so are the imports only those parts need.
 */
function internalsInside(internal: ReadonlySet<string>, libsDir: string): Plugin {
  const isInternalModule = (path: string) => path.startsWith(libsDir) && !path.includes("/node_modules/");
  return {
    name: "internals-inside",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === "resolving" || args.kind === "entry-point") return undefined;
        const bare = /^[^./]/.test(args.path);
        if (bare && (isBuiltin(args.path) || !internal.has(packageOf(args.path)))) return { path: args.path, external: true };
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "resolving" });
        return isInternalModule(resolved.path) ? { ...resolved, sideEffects: false } : resolved;
      });
    },
  };
}

/** Bundles the built client (dist/index.js) into one ESM file; returns the packages it still imports. */
export async function bundleJs(options: { entry: string; outfile: string; internal: ReadonlySet<string>; libsDir: string }): Promise<string[]> {
  const result = await build({
    entryPoints: [options.entry],
    outfile: options.outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    metafile: true,
    logLevel: "silent",
    plugins: [internalsInside(options.internal, options.libsDir)],
  });
  const imports = Object.values(result.metafile.outputs).flatMap((o) =>
    o.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageOf(i.path)),
  );
  return [...new Set(imports)];
}

/** One .d.ts for the entry, with the types of internal packages written into it. */
export function bundleTypes(options: { entry: string; tsconfig: string; internal: ReadonlySet<string> }): string {
  const [dts] = generateDtsBundle([{ filePath: options.entry, libraries: { inlinedLibraries: [...options.internal] }, output: { noBanner: true } }], {
    preferredConfigPath: options.tsconfig,
  });
  if (dts === undefined) throw new Error("dts-bundle-generator wrote nothing");
  return dts;
}
