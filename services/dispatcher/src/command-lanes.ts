import type { KafkaMessage } from "kafkajs";
import { KeyedSerializer, type OffsetTracker } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import { RedisDataLostError } from "@sunseo/redis";
import { DispatcherStopping } from "./infra-retry.js";
import type { DispatcherMetrics } from "./metrics.js";
import type { OffsetCommits } from "./offset-commits.js";
import type { StoppableWait } from "./stoppable-wait.js";

export interface CommandLanesDeps {
  dispatchTopic: string;
  tracker: OffsetTracker;
  commits: OffsetCommits;
  process(partition: number, message: KafkaMessage, fetchedAt: number): Promise<void>;
  waits: StoppableWait;
  maxInFlight: number;
  metrics: DispatcherMetrics;
  log: Logger;
  /** Redis lost our data: the dispatcher stops taking work. */
  onDataLoss(err: RedisDataLostError): void;
}

/**
 * Commands run one after another per phone and concurrently across phones, so a slow
 * gateway answer for one phone never holds up the others. At most `maxInFlight` run at
 * once; beyond that the fetch loop waits (and keeps heartbeating).
 */
export function createCommandLanes({ dispatchTopic, tracker, commits, process, waits, maxInFlight, metrics, log, onDataLoss }: CommandLanesDeps) {
  const lanes = new KeyedSerializer<string>();
  let capacityWaiter: (() => void) | undefined;

  /** Runs after the phone's previous command. Only stopping or a Redis data loss leave a command unfinished. */
  function enqueue(partition: number, message: KafkaMessage): void {
    const offset = Number(message.offset);
    const fetchedAt = Date.now();
    metrics.stageSeconds.observe({ stage: "fetch" }, Math.max(0, fetchedAt - Number(message.timestamp)) / 1000);
    tracker.begin(dispatchTopic, partition, offset);
    void lanes.run(message.key?.toString() ?? "", async () => {
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            await process(partition, message, fetchedAt);
            break;
          } catch (err) {
            if (err instanceof DispatcherStopping) return;
            if (err instanceof RedisDataLostError) return onDataLoss(err);
            // A bug, not an outage: retrying (the ledger keeps it from sending twice) beats stranding the offset.
            log.error({ err, partition, offset, attempt }, "dispatch command failed unexpectedly; retrying");
            if (!(await waits.wait(Math.min(30_000, 1_000 * attempt)))) return;
          }
        }
        tracker.finish(dispatchTopic, partition, offset);
        commits.schedule();
      } finally {
        capacityWaiter?.();
      }
    });
  }

  async function waitForCapacity(heartbeat: () => Promise<void>): Promise<void> {
    while (tracker.inFlight >= maxInFlight && !waits.isStopping()) {
      await Promise.race([new Promise<void>((resolve) => (capacityWaiter = resolve)), new Promise((r) => setTimeout(r, 1_000))]);
      // A full pipeline must not cost the member its partitions.
      await heartbeat();
    }
  }

  return {
    enqueue,
    waitForCapacity,
    /** Resolves once every lane is done (after stopping, commands give up at their next wait). */
    async drain(): Promise<void> {
      capacityWaiter?.();
      await lanes.idle();
    },
  };
}
