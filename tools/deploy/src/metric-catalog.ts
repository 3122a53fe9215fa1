import { collectDefaultMetrics, Registry } from "prom-client";
import { createAlerterMetrics } from "@sunseo/alerter";
import { createConsoleMetrics } from "@sunseo/console";
import { createDispatcherMetrics } from "@sunseo/dispatcher";
import { createSequencerMetrics } from "@sunseo/sequencer";
import { createIngestMetrics } from "@sunseo/webhook-ingest";

/**
 * Every metric the services register, read from the services' own metric factories: the
 * one list that the production guide's table and the checks of deploy/ come from.
 */
export interface MetricInfo {
  service: string;
  name: string;
  type: string;
  labels: readonly string[];
  help: string;
}

const factories: Record<string, (registry: Registry) => unknown> = {
  "webhook-ingest": createIngestMetrics,
  sequencer: createSequencerMetrics,
  dispatcher: createDispatcherMetrics,
  alerter: createAlerterMetrics,
  console: createConsoleMetrics,
};

export const SERVICES = Object.keys(factories);

export function serviceMetrics(): MetricInfo[] {
  return Object.entries(factories).flatMap(([service, create]) => {
    const registry = new Registry();
    create(registry);
    return registry.getMetricsAsArray().map((m) => ({
      service,
      name: m.name,
      type: String(m.type),
      labels: (m as { labelNames?: readonly string[] }).labelNames ?? [],
      help: m.help,
    }));
  });
}

/** Node's process metrics, which every service also serves under prom-client's own names. */
export function processMetrics(): { name: string; type: string }[] {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry.getMetricsAsArray().map((m) => ({ name: m.name, type: String(m.type) }));
}

/** The series names a metric is scraped as (a histogram's buckets, sum and count). */
export function seriesNames(metric: { name: string; type: string }): string[] {
  return metric.type === "histogram" ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`] : [metric.name];
}

export function metricsTable(metrics: readonly MetricInfo[]): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const rows = metrics.map((m) => `| \`${m.name}\` | ${m.type} | ${m.labels.map((l) => `\`${l}\``).join(", ")} | ${cell(m.help)} |`);
  return ["| metric | type | labels | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
