import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./sim-harness.test-support.js";
import type { PushLogEntry } from "./state.js";

/** The push log: every report push the webhook answered 2xx, and nothing else. */
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const PHONE = "01012345678";

describe("push log", () => {
  it("records only acknowledged pushes: refused attempts and given-up pushes are not in it", async () => {
    harness = await startHarness({ faults: { delivery: { minMs: 0, maxMs: 5 }, webhook: { retries: 2, retryDelayMs: 10 } } });
    const h = harness;
    h.hook.failFirst = 2;
    await h.at(PHONE, "late");
    await h.sim.idle();
    h.hook.failFirst = 3;
    await h.at(PHONE, "lost");
    await h.sim.idle();

    expect(h.sim.stats()).toMatchObject({ pushAttempts: 6, pushes: 1, pushFailures: 1 });
    expect(h.sim.pushes()).toEqual([
      { seq: 1, refkey: "late", messagekey: expect.any(String), phone: PHONE, result: "7000", at: expect.any(Number), attempt: 3 },
    ]);
    expect(h.sim.received(PHONE).map((r) => r.refkey)).toEqual(["late", "lost"]);
  });

  it("marks the gateway's duplicate push, and GET /sim/pushes?since= returns the later entries", async () => {
    harness = await startHarness({ faults: { delivery: { minMs: 0, maxMs: 5 }, duplicateRate: 1 } });
    const h = harness;
    await h.at(PHONE, "twice");
    await h.sim.idle();
    expect(h.sim.pushes()).toEqual([
      expect.objectContaining({ seq: 1, refkey: "twice", attempt: 1 }),
      expect.objectContaining({ seq: 2, refkey: "twice", attempt: 1, duplicate: true }),
    ]);
    expect(h.sim.pushes()[0]).not.toHaveProperty("duplicate");

    const since = async (query: string) => {
      const res = await fetch(`${h.sim.url}/sim/pushes${query}`);
      return { status: res.status, body: (await res.json()) as PushLogEntry[] };
    };
    expect((await since("")).body).toEqual(h.sim.pushes());
    expect((await since("?since=1")).body.map((p) => p.seq)).toEqual([2]);
    expect((await since("?since=2")).body).toEqual([]);
    expect((await since("?since=x")).status).toBe(400);
  });
});
