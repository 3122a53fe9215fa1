import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { copiesOf, parseDockerfile, type Stage, stageChain } from "./dockerfile.js";
import { planImage } from "./image-plan.js";
import { productionPackages } from "./production-tree.js";
import { readLockfile, readRepoFile, repoRoot } from "./repo.js";
import { readManifest, readWorkspaces } from "./workspaces.js";

/**
 * `docker build` cannot run here (no engine), so this reads the Dockerfile and the lockfile
 * and checks what each service's image would hold: a pinned base, a non-root user, a
 * HEALTHCHECK, no catalog, no tools/ or sources, and no development tool in node_modules.
 */
const DEV_TOOLS = [/^vitest$/, /^@vitest\//, /^vite$/, /^esbuild$/, /^@esbuild\//, /^rolldown$/, /^@rolldown\//, /^tsx$/, /^typescript$/];
DEV_TOOLS.push(/^@biomejs\//, /^testcontainers$/, /^playwright/, /^@playwright\//, /^fast-check$/, /^turbo/, /^concurrently$/, /^autocannon$/);

const stages = parseDockerfile(readRepoFile("Dockerfile"));
const workspaces = readWorkspaces(repoRoot);
const toolNames = new Set(workspaces.filter((w) => w.dir.startsWith("tools/")).map((w) => w.manifest.name));
const services = workspaces.filter((w) => w.dir.startsWith("services/")).map((w) => w.dir);
const stageNames = new Set(stages.map((s) => s.name));
const runs = (chain: Stage[]) => chain.flatMap((s) => s.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args));

/** The workspaces whose production dependencies end up in the stage a service image copies its files from. */
function installedWorkspaces(chain: Stage[]): string[] {
  const sources = new Set(chain.flatMap((s) => copiesOf(s).flatMap((c) => (c.from ? [c.from] : []))));
  return [...sources].flatMap((source) => {
    const sourceChain = stageChain(stages, source);
    const prepare = runs(sourceChain)
      .map((run) => /prepare-image\.js\s+(\S+)\s+([^&;]+)/.exec(run))
      .find((m) => m !== null);
    if (prepare) {
      const listed = prepare[2]!.trim().split(/\s+/);
      return planImage(readManifest(`${repoRoot}package.json`), workspaces, listed).workspaces.map((w) => w.dir);
    }
    // A stage that holds the whole checkout installs every workspace's dependencies.
    const wholeCheckout = sourceChain.some((s) => copiesOf(s).some((c) => !c.from && c.sources.includes(".")));
    return wholeCheckout ? workspaces.map((w) => w.dir) : [];
  });
}

describe.each(services)("the image of %s", (serviceDir) => {
  const chain = stageChain(stages, basename(serviceDir));
  const instructions = chain.flatMap((s) => s.instructions);

  it("has its own build target", () => {
    expect(chain.length, `no stage named ${basename(serviceDir)} in Dockerfile`).toBeGreaterThan(0);
  });

  it("starts from a Node image pinned to an exact version", () => {
    const base = chain.at(-1)?.base ?? "";
    expect(base).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/);
  });

  it("runs as a user other than root", () => {
    const user = instructions.find((i) => i.keyword === "USER")?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it("has a HEALTHCHECK on /healthz", () => {
    const healthcheck = instructions.find((i) => i.keyword === "HEALTHCHECK")?.args ?? "";
    expect(healthcheck).toContain("/healthz");
  });

  it("holds no flow catalog: a deployment that forgets its own fails at start", () => {
    const catalogEnv = instructions.filter((i) => i.keyword === "ENV" && i.args.includes("SUNSEO_FLOWS_FILE"));
    expect(catalogEnv).toEqual([]);
    const copied = chain.flatMap((s) => copiesOf(s).flatMap((c) => c.sources));
    expect(copied.filter((p) => /(^|\/)examples(\/|$)|flows\.ya?ml$/.test(p))).toEqual([]);
  });

  it("copies no tools/, no sources and nothing from the build context", () => {
    for (const copy of chain.flatMap(copiesOf)) {
      expect(copy.from, `COPY ${copy.sources.join(" ")} takes from the build context`).toBeDefined();
      expect(stageNames.has(copy.from), `COPY --from=${copy.from} is not a stage of this Dockerfile`).toBe(true);
      expect(copy.sources.filter((p) => /(^|\/)(tools|src)(\/|$)/.test(p))).toEqual([]);
    }
  });

  it("ships no development tool in node_modules", () => {
    const installed = installedWorkspaces(chain);
    expect(installed, "cannot tell which workspaces the image installs").not.toEqual([]);
    const shipped = productionPackages(readLockfile(), installed);
    const devTools = [...shipped]
      .filter(([name]) => toolNames.has(name) || DEV_TOOLS.some((pattern) => pattern.test(name)))
      .map(([, chain]) => chain.join(" > "));
    expect(devTools).toEqual([]);
  });
});

describe("the image workspace (prepare-image)", () => {
  const prepare = stages
    .flatMap((s) => s.instructions)
    .map((i) => /prepare-image\.js\s+\S+\s+([^&;]+)/.exec(i.args))
    .find((m) => m !== null);

  it("lists every service", () => {
    expect(prepare, "no RUN ... prepare-image.js in Dockerfile").toBeTruthy();
    expect(prepare![1]!.trim().split(/\s+/).sort()).toEqual([...services].sort());
  });

  it("copies built output (and a package's declared static files) and the lockfile only, no tools/ or sources", () => {
    const plan = planImage(readManifest(`${repoRoot}package.json`), workspaces, services);
    expect(plan.workspaces.filter((w) => w.dir.startsWith("tools/"))).toEqual([]);
    expect(plan.copies.filter((path) => !/^(package-lock\.json|(libs|services)\/[^/]+\/(dist|static))$/.test(path))).toEqual([]);
    expect(plan.workspaces.filter((w) => w.manifest.devDependencies)).toEqual([]);
  });
});
