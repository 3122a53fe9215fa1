import type { Logger } from "@sunseo/logger";
import type { RawMessage } from "./input.js";
import type { SequencerMetrics } from "./metrics.js";

export interface PartitionWorkOptions {
  processBatch: (messages: RawMessage[]) => Promise<void>;
  /** Partition numbers applied at once. */
  concurrency: number;
  metrics: SequencerMetrics;
  logger: Logger;
  isFatal: (err: unknown) => boolean;
  onFatal: (err: Error) => void;
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
}

interface Queued {
  topic: string;
  partition: number;
  messages: RawMessage[];
}

/** One round applies at most this many messages: one Redis load, one save, one produce. */
const ROUND = 1_000;
/** Queued messages of one partition number beyond which its topics stop being fetched, and below which they resume. */
const PAUSE_AT = 4 * ROUND;
const RESUME_AT = ROUND;
const RETRY_MAX_MS = 5_000;

/**
 * The work of each partition number, queued as it is fetched and applied one round at a
 * time: one phone's events, whatever topic they came from, are applied one after another,
 * and everything queued for the partition number goes into the next round together.
 * A round that fails (Redis or Kafka away) is retried in place; what was applied is
 * handed out for committing.
 */
export class PartitionWork {
  private readonly queues = new Map<number, Queued[]>();
  private readonly queuedCount = new Map<number, number>();
  private readonly paused = new Map<number, Set<string>>();
  private readonly active = new Set<number>();
  private readonly waiting: number[] = [];
  private readonly loops = new Set<Promise<void>>();
  /** topic/partition -> the next offset to read, once applied; and what was committed. */
  private readonly applied = new Map<string, { topic: string; partition: number; next: bigint; committed: bigint }>();
  private generation = 0;
  private halted = false;

  constructor(private readonly o: PartitionWorkOptions) {}

  add(partition: number, topic: string, messages: RawMessage[]): void {
    if (this.halted) return;
    const queue = this.queues.get(partition) ?? [];
    for (let i = 0; i < messages.length; i += ROUND) queue.push({ topic, partition, messages: messages.slice(i, i + ROUND) });
    this.queues.set(partition, queue);
    const count = (this.queuedCount.get(partition) ?? 0) + messages.length;
    this.queuedCount.set(partition, count);
    if (count >= PAUSE_AT) {
      const paused = this.paused.get(partition) ?? new Set<string>();
      if (!paused.has(topic)) {
        paused.add(topic);
        this.o.pause(topic, partition);
      }
      this.paused.set(partition, paused);
    }
    this.schedule(partition);
  }

  /** After a rebalance kafkajs fetches every assigned partition again from its committed offset: what is queued would come twice. */
  restart(): void {
    this.generation += 1;
    this.queues.clear();
    this.queuedCount.clear();
    this.applied.clear();
    for (const [partition, topics] of this.paused) for (const topic of topics) this.o.resume(topic, partition);
    this.paused.clear();
  }

  halt(): void {
    this.halted = true;
    this.queues.clear();
  }

  /** Offsets to commit now (the next offset to read of each topic-partition applied since the last call). */
  takeCommittable(): { topic: string; partition: number; offset: string }[] {
    const out: { topic: string; partition: number; offset: string }[] = [];
    for (const entry of this.applied.values()) {
      if (entry.next <= entry.committed) continue;
      out.push({ topic: entry.topic, partition: entry.partition, offset: String(entry.next) });
      entry.committed = entry.next;
    }
    return out;
  }

  /** Resolves when nothing is being applied (new work is not started once stopping). */
  async drain(): Promise<void> {
    this.halted = true;
    await Promise.allSettled([...this.loops]);
  }

  private schedule(partition: number): void {
    if (this.active.has(partition) || this.waiting.includes(partition)) return;
    if (this.active.size >= this.o.concurrency) {
      this.waiting.push(partition);
      return;
    }
    this.active.add(partition);
    const loop = this.run(partition).finally(() => {
      this.loops.delete(loop);
      this.active.delete(partition);
      const next = this.waiting.shift();
      if (next !== undefined) this.schedule(next);
    });
    this.loops.add(loop);
  }

  private async run(partition: number): Promise<void> {
    for (;;) {
      if (this.halted) return;
      const round = this.takeRound(partition);
      if (round.length === 0) return;
      const generation = this.generation;
      const messages = round.flatMap((q) => q.messages);
      const startedAt = Date.now();
      for (const m of messages) this.o.metrics.stageSeconds.observe({ stage: "queue" }, Math.max(0, startedAt - (m.fetchedAt ?? startedAt)) / 1000);
      if (!(await this.apply(messages, partition))) return;
      if (generation !== this.generation) continue;
      for (const q of round) this.record(q);
      this.resumeIfDrained(partition);
    }
  }

  private takeRound(partition: number): Queued[] {
    const queue = this.queues.get(partition) ?? [];
    const round: Queued[] = [];
    let size = 0;
    while (queue.length > 0 && (round.length === 0 || size + queue[0]!.messages.length <= ROUND)) {
      const next = queue.shift()!;
      round.push(next);
      size += next.messages.length;
    }
    this.queuedCount.set(partition, Math.max(0, (this.queuedCount.get(partition) ?? 0) - size));
    return round;
  }

  /** Applies a round, retrying in place; false when the work stops (halted, or an error no retry cures). */
  private async apply(messages: RawMessage[], partition: number): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      if (this.halted) return false;
      try {
        await this.o.processBatch(messages);
        return true;
      } catch (err) {
        if (this.o.isFatal(err)) {
          this.o.onFatal(err as Error);
          return false;
        }
        this.o.metrics.transientErrors.inc();
        if (attempt === 1 || attempt % 20 === 0) this.o.logger.warn({ err: (err as Error).message, partition, attempt }, "round failed; retrying in place");
        await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, 100 * 2 ** Math.min(attempt - 1, 6))));
      }
    }
  }

  private record({ topic, partition, messages }: Queued): void {
    const id = `${topic}/${partition}`;
    const next = BigInt(messages[messages.length - 1]!.offset) + 1n;
    const entry = this.applied.get(id);
    if (entry) entry.next = next > entry.next ? next : entry.next;
    else this.applied.set(id, { topic, partition, next, committed: -1n });
  }

  private resumeIfDrained(partition: number): void {
    const paused = this.paused.get(partition);
    if (!paused || (this.queuedCount.get(partition) ?? 0) > RESUME_AT) return;
    for (const topic of paused) this.o.resume(topic, partition);
    this.paused.delete(partition);
  }
}
