import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./sim-harness.test-support.js";
import type { SimulatorOptions } from "./simulator.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setup(options: SimulatorOptions): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

const phone = (i: number) => `010${String(10_000_000 + i)}`;

describe("bizppurio simulator", () => {
  it("delivers concurrently accepted messages out of order (the seed's bug), seeded", async () => {
    const { sim, at } = await setup({ seed: 42, faults: { delivery: { minMs: 0, maxMs: 100 } } });
    const phones = Array.from({ length: 200 }, (_, i) => phone(i));
    // The naive sender: step 2 right after step 1 was accepted.
    await Promise.all(
      phones.map(async (p) => {
        expect((await at(p, `${p}-1`)).body.code).toBe(1000);
        expect((await at(p, `${p}-2`)).body.code).toBe(1000);
      }),
    );
    await sim.idle();
    const reversed = phones.filter((p) => sim.received(p)[0]?.refkey === `${p}-2`).length;
    expect(phones.every((p) => sim.received(p).length === 2)).toBe(true);
    expect(reversed).toBeGreaterThan(20);
    expect(reversed).toBeLessThan(180);
  });

  it("fails numbers matching a rule with its code; fails over to the SMS fallback when there is one", async () => {
    const { sim, hook, at } = await setup({ faults: { delivery: { minMs: 0, maxMs: 5 }, rules: [{ phone: "0000$", result: "7308" }] } });
    await at("01012340000", "plain");
    await at("01056780000", "withfb", "T1", true);
    await at("01012341111", "ok");
    await sim.idle();
    const by = (refkey: string) => hook.reports.find((r) => r.REFKEY === refkey);
    expect(by("plain")).toMatchObject({ MEDIA: "KAT", RESULT: "7308", PHONE: "01012340000" });
    expect(by("withfb")).toMatchObject({ MEDIA: "SMS", RESULT: "4100", KAORES: "7308", RESEND_FLAG: "Y" });
    expect(by("ok")).toMatchObject({ MEDIA: "KAT", RESULT: "7000" });
    expect(sim.received("01012340000")).toEqual([]);
    expect(sim.received("01056780000").map((r) => r.text)).toEqual(["sms withfb"]);
  });

  it("fails a template at the configured rate", async () => {
    const { sim, hook, at } = await setup({ seed: 7, faults: { delivery: { minMs: 0, maxMs: 5 }, rules: [{ template: "FLAKY", rate: 0.5, result: "7204" }] } });
    for (let i = 0; i < 200; i++) await at(phone(i), `r${i}`, "FLAKY");
    await sim.idle();
    const failed = hook.reports.filter((r) => r.RESULT === "7204").length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    expect(hook.reports).toHaveLength(200);
  });

  it("pushes duplicates, drops pushes (recoverable by /v2/report), and retries a down webhook", async () => {
    const { sim, hook, at, post } = await setup({ faults: { delivery: { minMs: 0, maxMs: 5 }, duplicateRate: 1, webhook: { retries: 3, retryDelayMs: 10 } } });
    await at(phone(1), "dup");
    await sim.idle();
    expect(hook.reports.map((r) => r.REFKEY)).toEqual(["dup", "dup"]);

    sim.configure({ delivery: { minMs: 0, maxMs: 5 }, dropRate: 1 });
    const { body } = await at(phone(2), "dropped");
    await sim.idle();
    expect(hook.reports.some((r) => r.REFKEY === "dropped")).toBe(false);
    expect(sim.stats().droppedPushes).toBe(1);
    expect((await post("/v2/report", { account: "acct", messagekey: body.messagekey })).body.code).toBe(1000);
    await sim.idle();
    expect(hook.reports.filter((r) => r.REFKEY === "dropped")).toHaveLength(1);

    sim.configure({ delivery: { minMs: 0, maxMs: 5 }, webhook: { retries: 3, retryDelayMs: 10 } });
    hook.failFirst = 2;
    const attemptsBefore = sim.stats().pushAttempts;
    await at(phone(3), "down");
    await sim.idle();
    expect(hook.reports.filter((r) => r.REFKEY === "down")).toHaveLength(1);
    expect(sim.stats().pushAttempts - attemptsBefore).toBe(3);
  });

  it("answers the documented error codes: bad body 2000, bad token 401/3002, unknown messagekey 3012", async () => {
    const { sim, post } = await setup({});
    expect(await post("/v3/message", { account: "acct", type: "at" })).toMatchObject({ status: 400, body: { code: 2000 } });
    expect(await post("/v2/report", { account: "acct", messagekey: "x" })).toMatchObject({ status: 400, body: { code: 3012 } });
    sim.expireTokens();
    expect(await post("/v2/report", { account: "acct", messagekey: "x" })).toMatchObject({ status: 401, body: { code: 3002 } });
    const phones = await (await fetch(`${sim.url}/sim/requests?path=/v3/message`)).json();
    expect(phones).toHaveLength(1);
  });
});
