import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { SHUTDOWN_GRACE_MS } from "@sunseo/runtime";
import { parseDockerfile } from "./dockerfile.js";
import { SERVICES } from "./metric-catalog.js";
import { readRepoFile, repoRoot } from "./repo.js";

/**
 * The example manifests against the image and the code: one Deployment per service, its
 * image a Dockerfile target, probes on the port the service serves /healthz on, a
 * termination grace longer than the services' own drain limit, and a disruption budget.
 */
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  volumeMounts?: { mountPath: string }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: { template?: { spec: { terminationGracePeriodSeconds?: number; containers: Container[] } } };
}

const dir = "deploy/k8s";
const manifests = readdirSync(`${repoRoot}${dir}`)
  .filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")
  .flatMap((f) => parseAllDocuments(readRepoFile(`${dir}/${f}`)).map((d) => d.toJS() as Manifest));
const deployments = new Map(manifests.filter((m) => m.kind === "Deployment").map((m) => [m.metadata.name, m]));
const budgets = new Set(manifests.filter((m) => m.kind === "PodDisruptionBudget").map((m) => m.metadata.name));

/** HEALTH_PORT of each Dockerfile target: the port its /healthz is served on. */
const healthPorts = new Map(
  parseDockerfile(readRepoFile("Dockerfile")).flatMap((stage) => {
    const env = stage.instructions.find((i) => i.keyword === "ENV" && i.args.startsWith("HEALTH_PORT="));
    return stage.name && env ? [[stage.name, Number(env.args.slice("HEALTH_PORT=".length))] as const] : [];
  }),
);

describe.each(SERVICES)("deploy/k8s: %s", (service) => {
  const deployment = deployments.get(service);
  const pod = deployment?.spec.template?.spec;
  const container = pod?.containers[0];
  const portOf = (probe: Probe | undefined) => {
    const port = probe?.httpGet?.port;
    return typeof port === "number" ? port : container?.ports?.find((p) => p.name === port)?.containerPort;
  };

  it("has a Deployment running its Dockerfile target", () => {
    expect(container?.image).toBe(`sunseo/${service}`);
    expect(healthPorts.has(service)).toBe(true);
  });

  it("probes /healthz (startup, liveness) and /readyz (readiness) on the port the image serves them on", () => {
    const opsPort = healthPorts.get(service);
    expect([container?.startupProbe, container?.livenessProbe].map((p) => p?.httpGet?.path)).toEqual(["/healthz", "/healthz"]);
    expect(container?.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect([container?.startupProbe, container?.livenessProbe, container?.readinessProbe].map(portOf)).toEqual([opsPort, opsPort, opsPort]);
    // The services with a public port of their own serve /healthz on a second one.
    const opsEnv = service === "webhook-ingest" || service === "console" ? "OPS_PORT" : "PORT";
    expect(container?.env?.find((e) => e.name === opsEnv)?.value).toBe(String(opsPort));
  });

  it("gives the drain longer than the services allow themselves", () => {
    const preStop = container?.lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(pod?.terminationGracePeriodSeconds ?? 30).toBeGreaterThan(SHUTDOWN_GRACE_MS / 1000 + preStop);
  });

  it("has a PodDisruptionBudget", () => {
    expect(budgets.has(service)).toBe(true);
  });
});

describe("deploy/k8s: sequencer catalog", () => {
  it("is mounted where SUNSEO_FLOWS_FILE points", () => {
    const container = deployments.get("sequencer")?.spec.template?.spec.containers[0];
    const file = container?.env?.find((e) => e.name === "SUNSEO_FLOWS_FILE")?.value ?? "";
    expect(container?.volumeMounts?.some((m) => file.startsWith(`${m.mountPath}/`))).toBe(true);
  });
});
