import type { Consumer } from "kafkajs";
import type { OffsetTracker } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";

/** How long finished commands wait to share one commit. */
const COMMIT_INTERVAL_MS = 50;

export interface OffsetCommits {
  /** A command finished: commit soon, together with the ones finishing meanwhile. */
  schedule(): void;
  /** Commits what is committable now (at shutdown). */
  flush(): Promise<void>;
}

/** Commits only up to the oldest command whose result is not yet produced (the tracker knows which). */
export function createOffsetCommits(consumer: Consumer, tracker: OffsetTracker, log: Logger): OffsetCommits {
  let timer: NodeJS.Timeout | undefined;

  async function commit(): Promise<void> {
    timer = undefined;
    const offsets = tracker.takeCommittable();
    if (offsets.length === 0) return;
    try {
      await consumer.commitOffsets(offsets);
    } catch (err) {
      // A rebalance took the partition away: its next owner replays from the last commit.
      log.warn({ err: (err as Error).message }, "offset commit failed");
    }
  }

  return {
    schedule() {
      timer ??= setTimeout(() => void commit(), COMMIT_INTERVAL_MS);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await commit();
    },
  };
}
