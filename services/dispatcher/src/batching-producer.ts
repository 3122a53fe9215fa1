import type { OutgoingMessage, SerialProducer } from "@sunseo/kafka";

/**
 * Group commit for results: callers that produce while a write is in flight share the next
 * write. The serial producer does one acks=all request at a time; without this, concurrent
 * phones would queue behind each other's round trips. Each caller still resolves only
 * after its own message is acknowledged, so per-phone order and commit-after-produce hold.
 */
export class BatchingProducer {
  private queue: { message: OutgoingMessage; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private flushing = false;

  constructor(
    private readonly producer: SerialProducer,
    private readonly maxBatch = 1_000,
  ) {}

  send(message: OutgoingMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
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
