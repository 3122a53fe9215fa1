/**
 * Runs tasks one at a time per key, concurrently across keys. kafkajs hands different
 * topic-partitions to eachBatch concurrently; keyed by partition number, this applies one
 * phone's events one at a time whichever topic they came from.
 */
export class KeyedSerializer<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when every task run so far has settled. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }
}
