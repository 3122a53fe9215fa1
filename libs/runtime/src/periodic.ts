import type { Logger } from "@sunseo/logger";

/** How often the services refresh the gauges that need a query (Kafka offsets, Redis): about one scrape interval. */
export const GAUGE_INTERVAL_MS = 15_000;

export interface Periodic {
  stop(): Promise<void>;
}

/**
 * Runs `task` now and then every `intervalMs` after the previous run ended, until stopped.
 * A failed run is logged and the next one tries again: a gauge left at its last value for an
 * interval is better than a service that stops over a metric.
 */
export function startPeriodic(name: string, intervalMs: number, task: () => Promise<void>, logger: Logger): Periodic {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      await task().catch((err: unknown) => logger.warn({ err: (err as Error).message, task: name }, "periodic task failed; trying again next interval"));
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs).unref();
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
