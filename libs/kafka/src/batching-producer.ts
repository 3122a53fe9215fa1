import type { OutgoingMessage, SerialProducer } from "./serial-producer.js";

/**
 * Group commit: callers that produce while a write is in flight share the next write. The
 * serial producer does one acks=all request at a time; without this, concurrent callers
 * (the dispatcher's phones, the sequencer's partition numbers) would queue behind each
 * other's round trips. Each caller still resolves only after its own messages are
 * acknowledged, so per-key order and commit-after-produce hold.
 */
export class BatchingProducer {
  private queue: { message: OutgoingMessage; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private flushing = false;

  constructor(
    private readonly producer: SerialProducer,
    private readonly maxBatch = 1_000,
  ) {}

  /** Resolves once every one of these messages is acknowledged; they keep their order. */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const acknowledged = Promise.all(messages.map((message) => new Promise<void>((resolve, reject) => this.queue.push({ message, resolve, reject }))));
    if (!this.flushing && messages.length > 0) {
      this.flushing = true;
      // After this turn: other callers' messages of the same turn join the first write.
      queueMicrotask(() => void this.flush());
    }
    await acknowledged;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.producer.send(batch.map((b) => b.message));
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.flushing = false;
  }
}
