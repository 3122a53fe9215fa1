import { afterEach, describe, expect, it } from "vitest";
import type { AfterTakeKind, FaultConfigInput } from "./faults.js";
import { startHarness, type Harness } from "./sim-harness.test-support.js";

/**
 * The gateway takes the message, then the answer is lost: the client sees a failure, yet the
 * phone gets the message and the webhook its report. A client that resends here sends twice.
 */
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const PHONE = "01012345678";
const lose = (kind: AfterTakeKind, more: FaultConfigInput["afterTake"] = {}): FaultConfigInput => ({
  delivery: { minMs: 0, maxMs: 5 },
  afterTake: { rate: 1, kinds: [kind], ...more },
});

async function setup(faults: FaultConfigInput): Promise<Harness> {
  harness = await startHarness({ faults });
  return harness;
}

/** The message was taken exactly once: on the phone once, its report acknowledged once, the lost answer logged. */
function expectTakenOnce({ sim, hook }: Harness, refkey: string, kind: AfterTakeKind): void {
  const received = sim.received(PHONE).filter((r) => r.refkey === refkey);
  expect(received).toHaveLength(1);
  expect(received[0]!.deliveredAt).toEqual(expect.any(Number));
  expect(sim.pushes()).toEqual([{ seq: 1, refkey, messagekey: received[0]!.messagekey, phone: PHONE, result: "7000", at: expect.any(Number), attempt: 1 }]);
  expect(hook.reports.map((r) => r.REFKEY)).toEqual([refkey]);
  expect(sim.stats()).toMatchObject({ accepted: 1, afterTakeFaults: 1 });
  expect(sim.requests("/v3/message")).toEqual([expect.objectContaining({ status: 200, code: 1000, refkey, afterTake: kind })]);
}

describe("faults after the gateway took the message", () => {
  it.each([
    ["502-html", 502, "502 Bad Gateway"],
    ["504-html", 504, "504 Gateway Time-out"],
  ] as const)("%s: the client gets a proxy's HTML %i page; the phone still gets the message once", async (kind, status, title) => {
    const h = await setup(lose(kind));
    const res = await h.request("/v3/message", h.message(PHONE, "html"));
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain(title);
    await h.sim.idle();
    expectTakenOnce(h, "html", kind);
  });

  it("reset: the client sees ECONNRESET; the phone still gets the message once", async () => {
    const h = await setup(lose("reset"));
    const err = await h.request("/v3/message", h.message(PHONE, "reset")).then(
      () => undefined,
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    expect(err?.cause?.code).toBe("ECONNRESET");
    await h.sim.idle();
    expectTakenOnce(h, "reset", "reset");
  });

  it("timeout: no answer until the client gives up; the phone still gets the message once", async () => {
    const h = await setup(lose("timeout"));
    await expect(h.request("/v3/message", h.message(PHONE, "silent"), AbortSignal.timeout(300))).rejects.toMatchObject({ name: "TimeoutError" });
    await h.sim.idle();
    expectTakenOnce(h, "silent", "timeout");
  });

  it("timeout: a client that waits longer is cut off unanswered after holdMs", async () => {
    const h = await setup(lose("timeout", { holdMs: 50 }));
    await expect(h.request("/v3/message", h.message(PHONE, "patient"))).rejects.toThrow();
    await h.sim.idle();
    expectTakenOnce(h, "patient", "timeout");
  });

  it("close() does not wait for a held socket; the waiting client is cut off", async () => {
    // A hold far longer than the test timeout: close() must release it, not outwait it.
    const h = await setup(lose("timeout", { holdMs: 3_600_000 }));
    const waiting = h.request("/v3/message", h.message(PHONE, "held"));
    // Until the simulator holds it and has delivered it (0-5 ms later: close() would cancel a
    // delivery still due, and waiting on the hold alone raced it); the test's timeout bounds the wait.
    while (h.sim.stats().afterTakeFaults === 0 || h.sim.received(PHONE).length === 0) await new Promise((r) => setTimeout(r, 10));
    await h.sim.close();
    await expect(waiting).rejects.toThrow();
    expect(h.sim.received(PHONE).map((r) => r.refkey)).toEqual(["held"]);
  });

  it("a client that resends after the lost answer is caught: the phone receives the message twice", async () => {
    const h = await setup(lose("502-html"));
    expect((await h.request("/v3/message", h.message(PHONE, "naive"))).status).toBe(502);
    h.sim.configure({ delivery: { minMs: 0, maxMs: 5 } });
    expect((await h.post("/v3/message", h.message(PHONE, "naive"))).body.code).toBe(1000);
    await h.sim.idle();
    expect(h.sim.received(PHONE).map((r) => r.refkey)).toEqual(["naive", "naive"]);
  });

  it("only taken messages: a rejected message and a recipient outside the phone pattern are answered as usual", async () => {
    const h = await setup(lose("502-html", { phone: "0000$" }));
    expect(await h.post("/v3/message", { account: "acct", type: "at" })).toMatchObject({ status: 400, body: { code: 2000 } });
    expect((await h.at(PHONE, "other")).body.code).toBe(1000);
    expect((await h.request("/v3/message", h.message("01012340000", "matched"))).status).toBe(502);
    expect(h.sim.stats().afterTakeFaults).toBe(1);
  });

  it("/v2/report: the re-push is scheduled, then the answer is lost; the report still reaches the webhook", async () => {
    const h = await setup({ delivery: { minMs: 0, maxMs: 5 }, dropRate: 1 });
    const { body } = await h.at(PHONE, "asked");
    await h.sim.idle();
    expect(h.sim.pushes()).toEqual([]);
    h.sim.configure(lose("504-html", { paths: ["/v2/report"] }));
    expect((await h.request("/v2/report", { account: "acct", messagekey: body.messagekey })).status).toBe(504);
    await h.sim.idle();
    expect(h.sim.pushes()).toEqual([expect.objectContaining({ refkey: "asked", messagekey: body.messagekey, attempt: 1, requested: true })]);
    expect(h.hook.reports.map((r) => r.REFKEY)).toEqual(["asked"]);
    expect(h.sim.requests("/v2/report")).toEqual([expect.objectContaining({ status: 200, code: 1000, afterTake: "504-html" })]);
  });
});
