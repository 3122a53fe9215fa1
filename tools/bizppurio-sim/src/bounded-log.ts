/**
 * An append-only log numbered from 1, bounded for long benchmark runs: beyond `max` entries
 * the oldest half goes at once (cheaper than shifting). Numbers keep counting across clear(),
 * so a reader polling with since() never mistakes new entries for ones it has seen.
 */
export class BoundedLog<T extends { seq: number }> {
  private entries: T[] = [];
  private lastSeq = 0;

  constructor(private readonly max: number) {}

  append(entry: Omit<T, "seq">): void {
    this.entries.push({ seq: ++this.lastSeq, ...entry } as T);
    if (this.entries.length > this.max) this.entries = this.entries.slice(this.entries.length - Math.ceil(this.max / 2));
  }

  /** Entries numbered above `seq` (all kept entries without it), oldest first. */
  since(seq = 0): T[] {
    const first = this.entries[0]?.seq;
    // Kept numbers are consecutive, so the position of seq + 1 is known without searching.
    return first === undefined ? [] : this.entries.slice(Math.max(0, seq - first + 1));
  }

  clear(): void {
    this.entries = [];
  }
}
