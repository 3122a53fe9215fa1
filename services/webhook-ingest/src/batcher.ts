import type { OutgoingMessage } from "@sunseo/kafka";

/** Kafka did not acknowledge in time; the caller answers 503 and the gateway pushes again. */
export class ProduceTimeoutError extends Error {
  override readonly name = "ProduceTimeoutError";
  readonly code = "PRODUCE_TIMEOUT";
  readonly retriable = true;
  constructor(readonly timeoutMs: number) {
    super(`Kafka did not acknowledge within ${timeoutMs} ms`);
  }
}

/** The produce call failed; nothing of its batch may be treated as stored. */
export class ProduceFailedError extends Error {
  override readonly name = "ProduceFailedError";
  readonly code = "PRODUCE_FAILED";
  readonly retriable = true;
  constructor(override readonly cause: unknown) {
    super(`Kafka write failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface BatcherOptions {
  send(messages: OutgoingMessage[]): Promise<void>;
  maxBatch: number;
  timeoutMs: number;
  /** Called once per produce call, for metrics and readiness. */
  onBatch?(outcome: { size: number; seconds: number; ok: boolean; error?: unknown }): void;
}

export interface Batcher {
  /** Resolves only once Kafka acknowledged the message; rejects with a retriable error otherwise. */
  add(message: OutgoingMessage): Promise<void>;
  /** Resolves when everything added so far has been sent or failed. */
  drain(): Promise<void>;
}

interface Entry {
  message: OutgoingMessage;
  settled: boolean;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Micro-batching without a fixed linger: one produce call is in flight at a time, and
 * whatever arrives meanwhile goes out together in the next call. Under load the batches
 * grow by themselves; a lone request is sent on the next turn of the event loop.
 */
export function createBatcher({ send, maxBatch, timeoutMs, onBatch }: BatcherOptions): Batcher {
  let queue: Entry[] = [];
  let busy = false;
  let scheduled = false;
  let idle: (() => void)[] = [];

  const schedule = () => {
    if (busy || scheduled) return;
    scheduled = true;
    setImmediate(run);
  };

  const run = () => {
    scheduled = false;
    // A request that already got its 503 is not sent: the gateway will push it again.
    queue = queue.filter((e) => !e.settled);
    if (queue.length === 0) {
      for (const wake of idle) wake();
      idle = [];
      return;
    }
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    busy = true;
    const started = performance.now();
    send(batch.map((e) => e.message)).then(
      () => {
        onBatch?.({ size: batch.length, seconds: (performance.now() - started) / 1000, ok: true });
        for (const e of batch) e.resolve();
      },
      (error: unknown) => {
        onBatch?.({ size: batch.length, seconds: (performance.now() - started) / 1000, ok: false, error });
        const failure = new ProduceFailedError(error);
        for (const e of batch) e.reject(failure);
      },
    ).finally(() => {
      busy = false;
      schedule();
    });
  };

  return {
    add(message) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => entry.reject(new ProduceTimeoutError(timeoutMs)), timeoutMs);
        const entry: Entry = {
          message,
          settled: false,
          resolve() {
            if (entry.settled) return;
            entry.settled = true;
            clearTimeout(timer);
            resolve();
          },
          reject(err) {
            if (entry.settled) return;
            entry.settled = true;
            clearTimeout(timer);
            reject(err);
          },
        };
        queue.push(entry);
        schedule();
      });
    },
    drain() {
      if (!busy && !scheduled && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idle.push(resolve);
        schedule();
      });
    },
  };
}
