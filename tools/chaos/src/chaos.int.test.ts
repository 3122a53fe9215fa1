import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCampaign } from "./campaign.js";
import { runVolatile } from "./volatile.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const explain = (check: { promise: string; figure: string; examples: string[] }) => `${check.promise}: ${check.figure}\n${check.examples.join("\n")}`;

/**
 * `npm run chaos` compressed: its own broker and Redis (the shared ones are not used), the
 * whole stack as processes, a short seeded schedule. Same promises as the full campaign.
 */
describe("the fault campaign, quick and seeded", () => {
  it(
    "keeps every promise through kills (both sequencers within 6 s), a Redis restart, a broker stop, after-take faults and a webhook 503 window",
    async () => {
      const result = await runCampaign({ repoRoot, flows: 250, seed: 11, profile: "quick", maxDurationMs: 5 * 60_000, log: () => undefined });
      const injected = new Set(result.injections.map((i) => i.action.kind));
      for (const kind of ["kill", "redis-restart", "broker-stop", "broker-start", "after-take", "webhook", "redis-cut"] as const)
        expect(injected, kind).toContain(kind);
      expect(result.sim.afterTakeFaults, "calls whose answer the gateway lost after taking them").toBeGreaterThan(0);
      for (const check of result.verdict.checks) expect(check.held, explain(check)).toBe(true);
      // The mix really ran: halted flows were alerted, cancels landed, the SMS fallback carried some.
      expect(result.verdict.ended.failed).toBeGreaterThan(0);
      expect(result.verdict.ended.cancelled).toBeGreaterThan(0);
      expect(result.verdict.phones.fallbacks).toBeGreaterThan(0);
      expect(result.verdict.resume.kills.some((k) => k.samples > 0)).toBe(true);
    },
    10 * 60_000,
  );

  it(
    "without persistence, every service that keeps state in Redis turns unready within 5 s of losing it",
    async () => {
      const result = await runVolatile({ repoRoot, flows: 250, seed: 11, profile: "quick", log: () => undefined });
      expect(result.checks.map((c) => c.promise)).toHaveLength(5);
      for (const check of result.checks) expect(check.held, explain(check)).toBe(true);
    },
    5 * 60_000,
  );
});
