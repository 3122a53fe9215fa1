/**
 * Decides which alerts go out one by one and which are folded into a summary: at most
 * `limit` individual messages in any sliding `windowMs`; the rest wait for the next
 * summary. Pure (the clock is passed in); the alerter sends what `takeFolded` returns.
 */
export interface BurstFolder<T> {
  admit(item: T, now: number): "send" | "fold";
  /** Folds an item without counting it against the window (one folded before, now redelivered). */
  fold(item: T): void;
  /** The folded items, emptied; the caller sends them as one summary. */
  takeFolded(): T[];
}

export function createBurstFolder<T>({ limit, windowMs }: { limit: number; windowMs: number }): BurstFolder<T> {
  let sentAt: number[] = [];
  let folded: T[] = [];
  return {
    admit(item, now) {
      sentAt = sentAt.filter((t) => t > now - windowMs);
      if (sentAt.length < limit) {
        sentAt.push(now);
        return "send";
      }
      folded.push(item);
      return "fold";
    },
    fold(item) {
      folded.push(item);
    },
    takeFolded() {
      const out = folded;
      folded = [];
      return out;
    },
  };
}
