import type { OutgoingMessage, SerialProducer } from "./serial-producer.js";

/** One write to Kafka, for metrics and health: how many messages, how long, whether acknowledged. */
export interface BatchOutcome {
  size: number;
  seconds: number;
  ok: boolean;
  error?: unknown;
}

export interface BatchingOptions {
  /** Most messages in one write; the rest go in the next. */
  maxBatch?: number;
  /** Called once per write. */
  onBatch?(outcome: BatchOutcome): void;
}

export interface SendOptions {
  /**
   * Aborting rejects the call at once with the signal's reason. Its messages not yet in a
   * write are never sent; ones already in a write stay in it (Kafka may still store them).
   */
  signal?: AbortSignal;
}

interface Entry {
  message: OutgoingMessage;
  settled: boolean;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit: callers that produce while a write is in flight share the next write. The
 * serial producer does one acks=all request at a time; without this, concurrent callers
 * (the dispatcher's phones, the sequencer's partition numbers, the ingest's pushes) would
 * queue behind each other's round trips. Each caller still resolves only after its own
 * messages are acknowledged, so per-key order and commit-after-produce hold. Under load the
 * batches grow by themselves; a lone message goes out after the current turn.
 */
export class BatchingProducer {
  private queue: Entry[] = [];
  private flushing = false;
  private idleWaiters: (() => void)[] = [];
  private readonly maxBatch: number;
  private readonly onBatch: ((outcome: BatchOutcome) => void) | undefined;

  constructor(
    private readonly producer: Pick<SerialProducer, "send">,
    { maxBatch = 1_000, onBatch }: BatchingOptions = {},
  ) {
    this.maxBatch = maxBatch;
    this.onBatch = onBatch;
  }

  /** Resolves once every one of these messages is acknowledged; they keep their order. */
  async send(messages: readonly OutgoingMessage[], { signal }: SendOptions = {}): Promise<void> {
    if (messages.length === 0) return;
    signal?.throwIfAborted();
    const entries: Entry[] = [];
    const acknowledged = Promise.all(
      messages.map(
        (message) =>
          new Promise<void>((resolve, reject) => {
            const entry: Entry = {
              message,
              settled: false,
              resolve() {
                entry.settled = true;
                resolve();
              },
              reject(err) {
                entry.settled = true;
                reject(err);
              },
            };
            entries.push(entry);
          }),
      ),
    );
    this.queue.push(...entries);
    const giveUp = () => {
      for (const e of entries) if (!e.settled) e.reject(signal?.reason);
    };
    signal?.addEventListener("abort", giveUp, { once: true });
    if (!this.flushing) {
      this.flushing = true;
      // After this turn: other callers' messages of the same turn join the first write.
      queueMicrotask(() => void this.flush());
    }
    try {
      await acknowledged;
    } finally {
      signal?.removeEventListener("abort", giveUp);
    }
  }

  /** Resolves once everything sent so far is acknowledged or failed (for shutdown). */
  idle(): Promise<void> {
    if (!this.flushing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async flush(): Promise<void> {
    for (;;) {
      // A caller that gave up (its signal aborted) does not want its messages sent.
      this.queue = this.queue.filter((e) => !e.settled);
      if (this.queue.length === 0) break;
      const batch = this.queue.splice(0, this.maxBatch);
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        await this.producer.send(batch.map((b) => b.message));
        this.onBatch?.({ size: batch.length, seconds: seconds(), ok: true });
        for (const b of batch) b.resolve();
      } catch (error) {
        this.onBatch?.({ size: batch.length, seconds: seconds(), ok: false, error });
        for (const b of batch) b.reject(error);
      }
    }
    this.flushing = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
