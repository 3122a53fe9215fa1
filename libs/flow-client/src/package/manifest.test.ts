import { describe, expect, it } from "vitest";
import { PackageManifestError, publishedManifest, type WorkspaceManifest } from "./manifest.js";

const client: WorkspaceManifest = { name: "@sunseo/flow-client", version: "0.3.1", dependencies: { "@sunseo/kafka": "*", kafkajs: "2.2.4" } };
const root: WorkspaceManifest = { name: "sunseo", version: "0.0.0", license: "Apache-2.0", engines: { node: ">=20.19" } };
const workspace: WorkspaceManifest[] = [client, { name: "@sunseo/kafka", version: "0.1.0", dependencies: { zod: "^4.1.0", yaml: "^2.9.1" } }];

describe("the published package.json", () => {
  it("depends on exactly what the bundle imports, with the workspace's ranges; kafkajs is the caller's", () => {
    const manifest = publishedManifest({ client, root, workspace, imports: ["zod", "kafkajs"] });
    expect(manifest).toMatchObject({
      name: "@sunseo/flow-client",
      version: "0.3.1",
      license: "Apache-2.0",
      type: "module",
      engines: { node: ">=20.19" },
      exports: { ".": { types: "./index.d.ts", default: "./index.js" } },
      types: "./index.d.ts",
      dependencies: { zod: "^4.1.0" },
      peerDependencies: { kafkajs: "^2.2.4" },
    });
    expect(manifest).not.toHaveProperty("private");
    expect(manifest.files).toEqual(expect.arrayContaining(["index.js", "index.d.ts", "LICENSE"]));
  });

  it("refuses a workspace package left outside the bundle, which no one outside could install", () => {
    expect(() => publishedManifest({ client, root, workspace, imports: ["@sunseo/kafka"] })).toThrow(PackageManifestError);
    expect(() => publishedManifest({ client, root, workspace, imports: ["@sunseo/kafka"] })).toThrow(/must be bundled/);
  });

  it("refuses an import no workspace package declares: its version would be a guess", () => {
    expect(() => publishedManifest({ client, root, workspace, imports: ["left-pad"] })).toThrow(/left-pad, which no workspace package depends on/);
  });
});
