import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { betweenMarkers } from "./markers.js";
import { metricsTable, processMetrics, serviceMetrics, seriesNames } from "./metric-catalog.js";
import { readRepoFile } from "./repo.js";

/**
 * The dashboard, the alert rules and the production guide name metrics by hand; these checks
 * hold them to what the services register (their metric factories), so a rename or a typo
 * fails here instead of leaving a panel empty or an alert that can never fire.
 */
interface Rule {
  alert?: string;
  expr: string;
}
interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

const metrics = serviceMetrics();
const known = new Set([...metrics, ...processMetrics()].flatMap(seriesNames));
const metricNames = (expr: string) => [...expr.matchAll(/\b(?:sunseo|process|nodejs)_[a-z0-9_]+/g)].map((m) => m[0]);

const rules = (parse(readRepoFile("deploy/prometheus/sunseo-alerts.yml")) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const dashboard = JSON.parse(readRepoFile("deploy/grafana/sunseo-dashboard.json")) as { panels: Panel[] };
const panels = (list: Panel[]): Panel[] => list.flatMap((p) => [p, ...panels(p.panels ?? [])]);
const guide = readRepoFile("docs/production.md");

describe("deploy/prometheus/sunseo-alerts.yml", () => {
  it.each(rules.map((r) => [r.alert ?? "(record)", r.expr] as const))("%s uses only registered metrics", (_alert, expr) => {
    expect(metricNames(expr).filter((name) => !known.has(name))).toEqual([]);
  });

  it("names a sunseo metric in every rule but the scrape check", () => {
    expect(rules.filter((r) => !r.expr.includes("sunseo_")).map((r) => r.alert)).toEqual(["SunseoServiceDown"]);
  });

  it("every alert is explained in docs/production.md", () => {
    expect(rules.map((r) => r.alert ?? "").filter((alert) => !guide.includes(alert))).toEqual([]);
  });
});

describe("deploy/grafana/sunseo-dashboard.json", () => {
  const targets = panels(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => [p.title ?? "", t.expr ?? ""] as const));

  it("has panels with queries", () => {
    expect(targets.length).toBeGreaterThan(10);
  });

  it.each(targets)("%s uses only registered metrics", (_title, expr) => {
    expect(metricNames(expr).filter((name) => !known.has(name))).toEqual([]);
  });
});

describe("the metrics", () => {
  it("follow sunseo_<service>_<name>, counters ending in _total", () => {
    const prefix = (service: string) => `sunseo_${service.replaceAll("-", "_")}_`;
    expect(metrics.filter((m) => !m.name.startsWith(prefix(m.service))).map((m) => m.name)).toEqual([]);
    expect(metrics.filter((m) => (m.type === "counter") !== m.name.endsWith("_total")).map((m) => m.name)).toEqual([]);
  });

  it("are all listed in docs/production.md as the registries describe them (npm run metrics-doc -w @sunseo/deploy)", () => {
    expect(betweenMarkers(guide, "metrics")).toBe(metricsTable(metrics));
  });
});
