import { describe, expect, it } from "vitest";
import { BatchingProducer, type BatchOutcome } from "./batching-producer.js";
import type { OutgoingMessage } from "./serial-producer.js";

const message = (n: number): OutgoingMessage => ({ topic: "t", key: `k${n}`, value: n });

/** A producer whose writes the test completes by hand. */
function manualProducer() {
  const calls: { messages: OutgoingMessage[]; resolve(): void; reject(err: Error): void }[] = [];
  const send = (messages: OutgoingMessage[]) => new Promise<void>((resolve, reject) => calls.push({ messages, resolve, reject }));
  return { calls, producer: { send } };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("BatchingProducer", () => {
  it("writes concurrent sends together and the ones arriving meanwhile in the next write", async () => {
    const { calls, producer } = manualProducer();
    const batching = new BatchingProducer(producer);
    const first = [1, 2, 3].map((n) => batching.send([message(n)]));
    await tick();
    expect(calls.map((c) => c.messages.length)).toEqual([3]);
    const second = batching.send([message(4), message(5)]);
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    await Promise.all(first);
    await tick();
    expect(calls[1]!.messages.map((m) => m.value)).toEqual([4, 5]);
    calls[1]!.resolve();
    await second;
  });

  it("caps a write at maxBatch and reports each write", async () => {
    const { calls, producer } = manualProducer();
    const outcomes: BatchOutcome[] = [];
    const batching = new BatchingProducer(producer, { maxBatch: 2, onBatch: (o) => outcomes.push(o) });
    const all = batching.send([message(1), message(2), message(3)]);
    await tick();
    calls[0]!.resolve();
    await tick();
    calls[1]!.resolve();
    await all;
    expect(calls.map((c) => c.messages.length)).toEqual([2, 1]);
    expect(outcomes.map((o) => [o.size, o.ok])).toEqual([
      [2, true],
      [1, true],
    ]);
  });

  it("rejects every caller of a failed write and goes on with the next", async () => {
    const { calls, producer } = manualProducer();
    const batching = new BatchingProducer(producer);
    const failed = Promise.allSettled([1, 2].map((n) => batching.send([message(n)])));
    await tick();
    const later = batching.send([message(3)]);
    calls[0]!.reject(new Error("broker down"));
    for (const r of await failed) expect(r).toMatchObject({ status: "rejected", reason: { message: "broker down" } });
    await tick();
    calls[1]!.resolve();
    await later;
  });

  it("an aborted send rejects at once and its queued messages are never written", async () => {
    const { calls, producer } = manualProducer();
    const batching = new BatchingProducer(producer);
    const first = batching.send([message(1)]);
    await tick();
    const abort = new AbortController();
    const waiting = batching.send([message(2)], { signal: abort.signal });
    abort.abort(new Error("too late"));
    await expect(waiting).rejects.toThrow("too late");
    calls[0]!.resolve();
    await first;
    await batching.idle();
    expect(calls).toHaveLength(1);
  });

  it("idle waits for the write in flight", async () => {
    const { calls, producer } = manualProducer();
    const batching = new BatchingProducer(producer);
    const sent = batching.send([message(1)]);
    let idle = false;
    const waiting = batching.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    calls[0]!.resolve();
    await Promise.all([sent, waiting]);
    expect(idle).toBe(true);
  });
});
