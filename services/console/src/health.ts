import type { Admin } from "kafkajs";
import { allTopicNames } from "@sunseo/contracts";
import { checkTopics, TopicCheckError } from "@sunseo/kafka";

export interface HealthReport {
  services: { name: string; ready: boolean; detail: string }[];
  gateway?: { requests: number; meanMs: number; errorRate: number; tokenRefreshes: number };
  lag: { group: string; lag: number; detail: string }[];
  topics: { topic: string; partitions: number | "missing"; ok: boolean }[];
}

export interface GatewayFigures {
  requests: number;
  meanMs: number;
  errorRate: number;
  tokenRefreshes: number;
}

/**
 * The dispatcher's gateway figures from its Prometheus text: request count and mean latency
 * from the request histogram, errors as non-2xx statuses, token refreshes.
 */
export function gatewayFigures(metrics: string): GatewayFigures | undefined {
  let count = 0;
  let sum = 0;
  let errors = 0;
  let tokenRefreshes = 0;
  let seen = false;
  for (const line of metrics.split("\n")) {
    const histogram = /^sunseo_dispatcher_gateway_request_seconds_(sum|count)\{([^}]*)\} (\S+)$/.exec(line);
    if (histogram) {
      seen = true;
      const value = Number(histogram[3]);
      if (histogram[1] === "sum") sum += value;
      else {
        count += value;
        if (!/status="2\d\d"/.test(histogram[2]!)) errors += value;
      }
      continue;
    }
    const refresh = /^sunseo_dispatcher_token_refreshes_total (\S+)$/.exec(line);
    if (refresh) tokenRefreshes = Number(refresh[1]);
  }
  if (!seen) return undefined;
  return { requests: count, meanMs: count === 0 ? Number.NaN : (sum / count) * 1000, errorRate: count === 0 ? 0 : errors / count, tokenRefreshes };
}

const fetchText = async (url: string): Promise<{ ok: boolean; text: string }> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return { ok: response.ok, text: await response.text() };
  } catch (err) {
    return { ok: false, text: (err as Error).message };
  }
};

export interface HealthSources {
  admin: Admin;
  topicPrefix: string;
  services: readonly { name: string; url: string }[];
  groups: readonly string[];
}

/** Every figure of the health page, each source asked once, all in parallel. */
export async function collectHealth({ admin, topicPrefix, services, groups }: HealthSources): Promise<HealthReport> {
  const names = allTopicNames(topicPrefix);
  const [ready, metrics, counts, lag] = await Promise.all([
    Promise.all(services.map(async (s) => ({ name: s.name, ...(await fetchText(`${s.url}/readyz`)) }))),
    Promise.all(services.map((s) => fetchText(`${s.url}/metrics`))),
    checkTopics(admin, names).catch((err: unknown) => {
      if (err instanceof TopicCheckError) return err.partitionCounts;
      throw err;
    }),
    Promise.all(groups.map((group) => groupLag(admin, group, names))),
  ]);
  const expected = Object.values(counts).find((c) => c !== "missing");
  const gateway = metrics.map((m) => (m.ok ? gatewayFigures(m.text) : undefined)).find((g) => g !== undefined);
  return {
    services: ready.map((r) => ({ name: r.name, ready: r.ok, detail: r.text.trim().slice(0, 120) })),
    ...(gateway ? { gateway } : {}),
    lag,
    topics: names.map((topic) => ({ topic, partitions: counts[topic] ?? "missing", ok: counts[topic] !== "missing" && counts[topic] === expected })),
  };
}

async function groupLag(admin: Admin, group: string, topics: readonly string[]): Promise<{ group: string; lag: number; detail: string }> {
  try {
    const committed = await admin.fetchOffsets({ groupId: group, topics: [...topics] });
    let lag = 0;
    const read: string[] = [];
    for (const topic of committed) {
      if (!topic.partitions.some((p) => Number(p.offset) >= 0)) continue;
      const ends = new Map((await admin.fetchTopicOffsets(topic.topic)).map((p) => [p.partition, Number(p.high)]));
      for (const p of topic.partitions) if (Number(p.offset) >= 0) lag += Math.max(0, (ends.get(p.partition) ?? 0) - Number(p.offset));
      read.push(topic.topic.slice(topic.topic.lastIndexOf(".") + 1));
    }
    return { group, lag, detail: read.length === 0 ? "no committed offsets" : read.join(", ") };
  } catch (err) {
    return { group, lag: 0, detail: `unavailable: ${(err as Error).message}` };
  }
}
