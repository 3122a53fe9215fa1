import { describe, expect, it } from "vitest";
import { buildSchedule, type FaultAction } from "./schedule.js";

const kills = (faults: { atMs: number; action: FaultAction }[]) =>
  faults.filter((f): f is { atMs: number; action: Extract<FaultAction, { kind: "kill" }> } => f.action.kind === "kill");

describe("buildSchedule", () => {
  it("replays the same schedule from the same seed, and another from another seed", () => {
    expect(buildSchedule({ seed: 7, profile: "full" })).toEqual(buildSchedule({ seed: 7, profile: "full" }));
    expect(buildSchedule({ seed: 8, profile: "full" }).faults).not.toEqual(buildSchedule({ seed: 7, profile: "full" }).faults);
  });

  it.each([1, 7, 42])("full, seed %i: 20 kills of every service kind, both members of both groups within 6 s, and every other fault", (seed) => {
    const { faults, lengthMs } = buildSchedule({ seed, profile: "full" });
    const killed = kills(faults);
    expect(killed.length).toBeGreaterThanOrEqual(20);
    expect(new Set(killed.map((k) => k.action.service))).toEqual(new Set(["sequencer", "dispatcher", "webhook-ingest", "alerter"]));
    for (const service of ["sequencer", "dispatcher"]) {
      const both = killed.some((a) =>
        killed.some(
          (b) =>
            a.action.service === service && b.action.service === service && a.action.member !== b.action.member && b.atMs > a.atMs && b.atMs - a.atMs < 6_000,
        ),
      );
      expect(both, service).toBe(true);
    }
    const kinds = new Set(faults.map((f) => f.action.kind));
    for (const kind of ["broker-stop", "broker-start", "redis-restart", "redis-cut", "redis-stall", "redis-heal", "after-take", "webhook", "pause", "resume"])
      expect(kinds.has(kind as FaultAction["kind"]), kind).toBe(true);
    const pause = faults.find((f) => f.action.kind === "pause")!;
    const resume = faults.find((f) => f.action.kind === "resume")!;
    expect(resume.atMs - pause.atMs).toBeGreaterThan(30_000);
    expect(lengthMs).toBeLessThan(6 * 60_000);
  });

  it.each(["full", "quick"] as const)("%s: every fault that opens a window is closed later by its own end", (profile) => {
    const { faults } = buildSchedule({ seed: 3, profile });
    const closes = (a: FaultAction): ((b: FaultAction) => boolean) | undefined => {
      if (a.kind === "broker-stop") return (b) => b.kind === "broker-start";
      if (a.kind === "redis-cut" || a.kind === "redis-stall") return (b) => b.kind === "redis-heal" && b.path === a.path;
      if (a.kind === "pause") return (b) => b.kind === "resume" && b.member === a.member;
      if (a.kind === "after-take" && a.on) return (b) => b.kind === "after-take" && !b.on;
      if (a.kind === "webhook" && a.mode !== "pass") return (b) => b.kind === "webhook" && b.mode === "pass";
      return undefined;
    };
    faults.forEach((f, i) => {
      const isEnd = closes(f.action);
      if (isEnd)
        expect(
          faults.slice(i + 1).some((later) => isEnd(later.action)),
          JSON.stringify(f.action),
        ).toBe(true);
    });
    const outage = faults.filter((f) => f.action.kind === "broker-stop" || f.action.kind === "broker-start").map((f) => f.atMs);
    expect(outage[1]! - outage[0]!).toBe(profile === "full" ? 15_000 : 8_000);
  });

  it("quick: a few kills including two sequencers within 6 s, a Redis restart, a broker stop, after-take faults and a webhook window, in under two and a half minutes", () => {
    const { faults, lengthMs } = buildSchedule({ seed: 7, profile: "quick" });
    const sequencers = kills(faults).filter((k) => k.action.service === "sequencer");
    expect(sequencers).toHaveLength(2);
    expect(sequencers[1]!.atMs - sequencers[0]!.atMs).toBeLessThan(6_000);
    const kinds = faults.map((f) => f.action.kind);
    for (const kind of ["redis-restart", "broker-stop", "after-take", "webhook"] as const) expect(kinds).toContain(kind);
    expect(lengthMs).toBeLessThan(150_000);
  });
});
