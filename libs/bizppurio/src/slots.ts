/**
 * A counting semaphore over the HTTP agent's sockets. Taking a slot before claiming a send
 * means the request is written as soon as it is claimed, instead of waiting in the agent's
 * queue for a socket while the ledger already says "may have been sent".
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
