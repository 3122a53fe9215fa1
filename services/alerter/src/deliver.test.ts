import { describe, expect, it } from "vitest";
import { deliver } from "./deliver.js";
import type { ChatMessage } from "./format.js";
import type { PostOutcome, Sink } from "./sink.js";

const message: ChatMessage = { title: "t", fields: [], severity: "error", at: 0 };
const policy = { attempts: 4, baseMs: 100, maxMs: 1_000 };

/** A sink that answers from a script and counts posts. */
function scripted(...outcomes: PostOutcome[]) {
  const sink: Sink & { posts: number } = {
    name: "test",
    posts: 0,
    post: async () => outcomes[Math.min(sink.posts++, outcomes.length - 1)]!,
  };
  return sink;
}

const recordSleeps = () => {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      return true;
    },
  };
};

const busy: PostOutcome = { ok: false, retriable: true, status: 503, reason: "HTTP 503" };
const ok: PostOutcome = { ok: true, status: 204 };

describe("deliver", () => {
  it("waits what a 429 asks, then succeeds", async () => {
    const { waits, sleep } = recordSleeps();
    const sink = scripted({ ok: false, retriable: true, status: 429, reason: "HTTP 429", retryAfterMs: 700 }, ok);
    expect(await deliver(sink, message, policy, sleep)).toEqual({ ok: true, attempts: 2 });
    expect(waits).toEqual([700]);
  });

  it("backs off exponentially after 5xx and gives up after its attempts", async () => {
    const { waits, sleep } = recordSleeps();
    const sink = scripted(busy);
    expect(await deliver(sink, message, policy, sleep)).toEqual({ ok: false, attempts: 4, reason: "test: HTTP 503 after 4 attempts", stopped: false });
    expect(waits).toEqual([100, 200, 400]);
    expect(sink.posts).toBe(4);
  });

  it("caps the backoff at maxMs", async () => {
    const { waits, sleep } = recordSleeps();
    await deliver(scripted(busy), message, { attempts: 6, baseMs: 400, maxMs: 1_000 }, sleep);
    expect(waits).toEqual([400, 800, 1_000, 1_000, 1_000]);
  });

  it("gives up at once when Retry-After is longer than the limit", async () => {
    const { waits, sleep } = recordSleeps();
    const sink = scripted({ ok: false, retriable: true, status: 429, reason: "HTTP 429", retryAfterMs: 5_000 });
    const result = await deliver(sink, message, policy, sleep);
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(waits).toEqual([]);
  });

  it("does not retry a 4xx", async () => {
    const { sleep } = recordSleeps();
    const sink = scripted({ ok: false, retriable: false, status: 404, reason: "HTTP 404" });
    expect(await deliver(sink, message, policy, sleep)).toEqual({ ok: false, attempts: 1, reason: "test: HTTP 404 (not retriable)", stopped: false });
  });

  it("makes no further attempt once a wait is cut short by shutdown, and says so", async () => {
    const sink = scripted(busy);
    const result = await deliver(sink, message, policy, async () => false);
    expect(result).toMatchObject({ ok: false, attempts: 1, stopped: true });
    expect(sink.posts).toBe(1);
  });

  it("passes the shutdown signal to the sink and stops when it aborted the request", async () => {
    const controller = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    const sink: Sink = {
      name: "test",
      post: async (_message, signal) => {
        seen.push(signal);
        controller.abort();
        return { ok: false, retriable: true, reason: "AbortError" };
      },
    };
    const { waits, sleep } = recordSleeps();
    expect(await deliver(sink, message, policy, sleep, controller.signal)).toMatchObject({ ok: false, attempts: 1, stopped: true });
    expect(seen).toEqual([controller.signal]);
    expect(waits).toEqual([]);
  });
});
