/**
 * Percentiles from Prometheus histograms, as two scrapes of /metrics see them: the counts
 * of the later scrape less the earlier one, so only what happened between them counts.
 * Linear within a bucket, as Prometheus' histogram_quantile does.
 */
export type Buckets = Map<number, number>;

/** The cumulative bucket counts of one histogram series: `name` with exactly these labels (le aside). */
export function readBuckets(metricsText: string, name: string, labels: Record<string, string> = {}): Buckets {
  const buckets: Buckets = new Map();
  for (const line of metricsText.split("\n")) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    const match = /^[^{]+\{([^}]*)\}\s+([0-9.eE+-]+)/.exec(line);
    if (!match) continue;
    const pairs = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const { le, ...rest } = pairs;
    if (le === undefined || Object.keys(rest).length !== Object.keys(labels).length || Object.entries(labels).some(([k, v]) => rest[k] !== v)) continue;
    buckets.set(le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), Number(match[2]));
  }
  return buckets;
}

export function subtract(after: Buckets, before: Buckets): Buckets {
  return new Map([...after].map(([le, count]) => [le, count - (before.get(le) ?? 0)]));
}

/** The q-quantile (0..1) in the histogram's unit, or NaN for an empty one. */
export function quantile(buckets: Buckets, q: number): number {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Number.POSITIVE_INFINITY) ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bound of bounds) {
    const count = buckets.get(bound)!;
    if (count >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return lower;
      return lower + ((bound - lower) * (rank - below)) / Math.max(1, count - below);
    }
    lower = bound;
    below = count;
  }
  return lower;
}
