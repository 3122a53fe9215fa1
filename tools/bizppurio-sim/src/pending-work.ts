/**
 * Deliveries and pushes still to come: `idle()` resolves once none is pending, so a test
 * (or the bench) can wait for the simulator to finish what it was given. Timers are kept
 * so close() can cancel what has not started.
 */
export class PendingWork {
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  get count(): number {
    return this.pending;
  }

  async track(work: () => Promise<unknown>): Promise<void> {
    this.pending += 1;
    try {
      await work();
    } finally {
      this.pending -= 1;
      if (this.pending === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    }
  }

  /** Runs work after ms; counted as pending from now, so idle() does not resolve in between. */
  later(ms: number, work: () => Promise<unknown>): void {
    this.pending += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pending -= 1;
      void this.track(work);
    }, ms);
    this.timers.add(timer);
  }

  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
