import type { Socket } from "node:net";

/** What a lane asks the proxy each time it moves bytes, so a fault switched at runtime applies at once. */
export interface LaneFaults {
  delayMs(): number;
  stalled(): boolean;
}

const HOLD_LIMIT = 1 << 20;

/**
 * One direction of a proxied TCP connection. Every chunk is held until its due time (arrival
 * plus the delay in force then) and leaves in arrival order; while stalled nothing leaves, and
 * the sender sees a peer that stopped answering, not a closed one. Held chunks are counted (a
 * test's proof that a command reached the proxy); past HOLD_LIMIT the source is paused, and
 * TCP's own flow control stalls the sender.
 */
export class Lane {
  private readonly queue: { chunk: Buffer; dueAt: number }[] = [];
  private heldBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private waitingForDrain = false;
  private sourceEnded = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly faults: LaneFaults,
  ) {
    from.on("data", (chunk: Buffer) => {
      this.queue.push({ chunk, dueAt: Date.now() + faults.delayMs() });
      this.heldBytes += chunk.length;
      if (this.heldBytes > HOLD_LIMIT) from.pause();
      this.pump();
    });
    from.on("end", () => {
      this.sourceEnded = true;
      this.pump();
    });
  }

  /** Did the source close gracefully (FIN)? Otherwise its close is passed on as abrupt. */
  get ended(): boolean {
    return this.sourceEnded;
  }

  held(): number {
    return this.queue.length;
  }

  /** Moves what is due; called on arrival, when a wait is over, and when the faults change. */
  pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.faults.stalled()) return;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const wait = head.dueAt - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      this.queue.shift();
      this.heldBytes -= head.chunk.length;
      if (this.to.destroyed) continue;
      if (!this.to.write(head.chunk) && !this.waitingForDrain) {
        this.waitingForDrain = true;
        this.to.once("drain", () => {
          this.waitingForDrain = false;
          this.pump();
        });
      }
    }
    if (this.sourceEnded) {
      if (!this.to.writableEnded) this.to.end();
    } else if (this.waitingForDrain || this.heldBytes > HOLD_LIMIT) this.from.pause();
    else this.from.resume();
  }

  /** Lets every held chunk go now, whatever its due time (heal). */
  release(): void {
    for (const item of this.queue) item.dueAt = 0;
    this.pump();
  }

  /** Drops what is held: its connection is gone. */
  dispose(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
    this.heldBytes = 0;
  }
}
