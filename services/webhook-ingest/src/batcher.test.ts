import { describe, expect, it } from "vitest";
import type { OutgoingMessage } from "@sunseo/kafka";
import { createBatcher, ProduceFailedError, ProduceTimeoutError } from "./batcher.js";

const message = (n: number): OutgoingMessage => ({ topic: "t", key: `k${n}`, value: n });

/** A send whose calls the test completes by hand. */
function manualSend() {
  const calls: { messages: OutgoingMessage[]; resolve(): void; reject(err: Error): void }[] = [];
  const send = (messages: OutgoingMessage[]) =>
    new Promise<void>((resolve, reject) => calls.push({ messages, resolve, reject }));
  return { calls, send };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("createBatcher", () => {
  it("sends concurrent adds in one call and the ones arriving meanwhile in the next", async () => {
    const { calls, send } = manualSend();
    const batcher = createBatcher({ send, maxBatch: 100, timeoutMs: 10_000 });
    const first = [1, 2, 3].map((n) => batcher.add(message(n)));
    await tick();
    expect(calls.map((c) => c.messages.length)).toEqual([3]);
    const second = [4, 5].map((n) => batcher.add(message(n)));
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    await Promise.all(first);
    await tick();
    expect(calls[1]!.messages.map((m) => m.value)).toEqual([4, 5]);
    calls[1]!.resolve();
    await Promise.all(second);
  });

  it("caps a call at maxBatch", async () => {
    const { calls, send } = manualSend();
    const batcher = createBatcher({ send, maxBatch: 2, timeoutMs: 10_000 });
    const all = [1, 2, 3].map((n) => batcher.add(message(n)));
    await tick();
    calls[0]!.resolve();
    await tick();
    await tick();
    calls[1]!.resolve();
    await Promise.all(all);
    expect(calls.map((c) => c.messages.length)).toEqual([2, 1]);
  });

  it("rejects every message of a failed call with a retriable error", async () => {
    const { calls, send } = manualSend();
    const batcher = createBatcher({ send, maxBatch: 10, timeoutMs: 10_000 });
    const results = Promise.allSettled([1, 2].map((n) => batcher.add(message(n))));
    await tick();
    calls[0]!.reject(new Error("broker down"));
    const settled = await results;
    for (const r of settled) {
      expect(r.status).toBe("rejected");
      const reason = (r as PromiseRejectedResult).reason as ProduceFailedError;
      expect(reason).toBeInstanceOf(ProduceFailedError);
      expect(reason.retriable).toBe(true);
      expect(reason.message).toContain("broker down");
    }
  });

  it("times out a message that is not acknowledged in time and does not send it later", async () => {
    const { calls, send } = manualSend();
    const batcher = createBatcher({ send, maxBatch: 10, timeoutMs: 20 });
    const first = batcher.add(message(1));
    await tick();
    const waiting = batcher.add(message(2));
    await expect(first).rejects.toBeInstanceOf(ProduceTimeoutError);
    await expect(waiting).rejects.toBeInstanceOf(ProduceTimeoutError);
    calls[0]!.resolve();
    await batcher.drain();
    expect(calls).toHaveLength(1);
  });

  it("drain waits for the call in flight", async () => {
    const { calls, send } = manualSend();
    const batcher = createBatcher({ send, maxBatch: 10, timeoutMs: 10_000 });
    const added = batcher.add(message(1));
    let drained = false;
    const draining = batcher.drain().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    calls[0]!.resolve();
    await Promise.all([added, draining]);
    expect(drained).toBe(true);
  });
});
