/**
 * Which offset of each partition may be committed: messages finish out of order (phones
 * run concurrently), so only the offset below the oldest unfinished one is safe; a restart
 * replays from there and the refkey ledger absorbs the repeats.
 */
export class OffsetTracker {
  private readonly partitions = new Map<string, { pending: Set<number>; next: number; committed: number }>();

  private entry(topic: string, partition: number) {
    const id = `${topic}\u0000${partition}`;
    const known = this.partitions.get(id);
    if (known) return known;
    const created = { pending: new Set<number>(), next: -1, committed: -1 };
    this.partitions.set(id, created);
    return created;
  }

  begin(topic: string, partition: number, offset: number): void {
    const e = this.entry(topic, partition);
    e.pending.add(offset);
    e.next = Math.max(e.next, offset + 1);
  }

  /** A message of a partition that was revoked meanwhile is not recorded again: its next owner replays it. */
  finish(topic: string, partition: number, offset: number): void {
    this.partitions.get(`${topic}\u0000${partition}`)?.pending.delete(offset);
  }

  get inFlight(): number {
    let n = 0;
    for (const e of this.partitions.values()) n += e.pending.size;
    return n;
  }

  /** The offsets to commit now (Kafka's convention: the next offset to read), marked as committed. */
  takeCommittable(): { topic: string; partition: number; offset: string }[] {
    const out: { topic: string; partition: number; offset: string }[] = [];
    for (const [id, e] of this.partitions) {
      const safe = e.pending.size === 0 ? e.next : Math.min(...e.pending);
      if (safe > e.committed) {
        const [topic, partition] = id.split("\u0000") as [string, string];
        out.push({ topic, partition: Number(partition), offset: String(safe) });
        e.committed = safe;
      }
    }
    return out;
  }

  /** A revoked partition starts over from its committed offset with its next owner. */
  forget(topic: string, partition: number): void {
    this.partitions.delete(`${topic}\u0000${partition}`);
  }

  /** After a rebalance: forgets every partition of the topic not in the new assignment. */
  retain(topic: string, partitions: readonly number[]): void {
    const keep = new Set(partitions.map((p) => `${topic}\u0000${p}`));
    for (const id of this.partitions.keys()) if (id.startsWith(`${topic}\u0000`) && !keep.has(id)) this.partitions.delete(id);
  }
}
