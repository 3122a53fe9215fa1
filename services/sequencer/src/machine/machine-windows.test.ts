import { describe, expect, it } from "vitest";
import { emptyPhoneState, refkeyFor, type PhoneState } from "@sunseo/flow-state";
import type { SendWindow } from "@sunseo/flows";
import type { Command, MachineEvent } from "./events.js";
import { apply } from "./machine.js";
import { ctxAt, start, steps } from "./fixtures.test-support.js";

/** Send windows, scheduled starts, expiry and stale starts, each at a clock the test sets. */

const at = (iso: string) => Date.parse(iso);
const SEOUL: SendWindow = { from: "08:00", to: "21:00", timeZone: "Asia/Seoul", days: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] };

function stepper(initial: PhoneState = emptyPhoneState()) {
  let state = initial;
  const commands: Command[] = [];
  const ignored: string[] = [];
  return {
    apply(event: MachineEvent, now: number) {
      const t = apply(state, event, ctxAt(now));
      state = t.state;
      commands.push(...t.commands);
      if (t.ignored) ignored.push(t.ignored);
      return t;
    },
    get state() {
      return state;
    },
    commands,
    ignored,
  };
}

const sends = (commands: Command[]) => commands.flatMap((c) => (c.type === "dispatch" && c.dispatch.kind === "send" ? [c.dispatch] : []));
const timers = (commands: Command[]) => commands.flatMap((c) => (c.type === "schedule" ? [c.timer] : []));
const events = (commands: Command[]) => commands.flatMap((c) => (c.type === "flow-event" ? [c.event] : []));
const timerEvent = (instanceId: string, kind: "window" | "start" | "expiry" | "delay", step = 0, attempt = 1): MachineEvent => ({
  type: "timer",
  instanceId,
  step,
  attempt,
  kind,
});
const delivered = (id: string, step: number): MachineEvent => ({ type: "report", refkey: refkeyFor(id, step, 1), result: "7000", media: "KAT" });

describe("send windows", () => {
  it("holds a step due at 03:12 KST until 08:00 KST, then sends it; its timeout counts from the send", () => {
    const w = stepper();
    w.apply(start("f1", 1, { steps: steps(1, { window: SEOUL }) }), at("2026-11-27T18:12:00Z"));
    expect(sends(w.commands)).toEqual([]);
    expect(timers(w.commands)).toEqual([expect.objectContaining({ kind: "window", dueAt: at("2026-11-27T23:00:00Z"), attempt: 1 })]);
    expect(w.state.flows.f1!.history[0]).toMatchObject({ send: "none", waiting: "window", waitingUntil: at("2026-11-27T23:00:00Z") });
    w.apply(timerEvent("f1", "window"), at("2026-11-27T23:00:01Z"));
    expect(sends(w.commands)).toHaveLength(1);
    expect(timers(w.commands).at(-1)).toMatchObject({ kind: "timeout", dueAt: at("2026-11-27T23:00:01Z") + 600_000 });
    expect(w.state.flows.f1!.history[0]!.waiting).toBeUndefined();
  });

  it("waits again when the window timer comes after the window closed", () => {
    const w = stepper();
    w.apply(start("f1", 1, { steps: steps(1, { window: SEOUL }) }), at("2026-11-27T18:12:00Z"));
    w.apply(timerEvent("f1", "window"), at("2026-11-28T12:30:00Z")); // 21:30 KST: a lagging poller
    expect(sends(w.commands)).toEqual([]);
    expect(timers(w.commands).at(-1)).toMatchObject({ kind: "window", dueAt: at("2026-11-28T23:00:00Z") });
  });

  it("applies the window after the delay, and ignores a second copy of the delay timer", () => {
    const w = stepper();
    w.apply(
      start("f1", 2, { steps: steps(2, { window: SEOUL, delayMs: 0 }).map((s, i) => (i === 1 ? { ...s, delayMs: 3_600_000 } : s)) }),
      at("2026-11-27T10:00:00Z"),
    );
    w.apply(delivered("f1", 0), at("2026-11-27T10:00:05Z")); // 19:00:05 KST: step 1 delayed to 20:00:05
    w.apply(timerEvent("f1", "delay", 1), at("2026-11-27T12:00:05Z")); // fired late, 21:00:05 KST: closed
    expect(sends(w.commands).map((s) => s.step)).toEqual([0]);
    expect(timers(w.commands).at(-1)).toMatchObject({ kind: "window", step: 1, dueAt: at("2026-11-27T23:00:00Z") });
    w.apply(timerEvent("f1", "window", 1), at("2026-11-27T23:00:00Z"));
    w.apply(timerEvent("f1", "window", 1), at("2026-11-27T23:00:02Z"));
    expect(sends(w.commands).map((s) => s.step)).toEqual([0, 1]);
    expect(w.ignored).toEqual(["stale-timer"]);
  });
  it("tells the dispatcher when the window closes (sendBy), and none for a step without a window", () => {
    const w = stepper();
    w.apply(start("f1", 1, { steps: steps(1, { window: { ...SEOUL, latestStart: "20:50" } }) }), at("2026-11-27T05:00:00Z"));
    w.apply(start("f2", 1, { steps: steps(1), lane: "none" }), at("2026-11-27T05:00:00Z"));
    const [windowed, plain] = sends(w.commands);
    expect(windowed).toMatchObject({ instanceId: "f1", sendBy: at("2026-11-27T11:50:00Z") });
    expect(plain!.sendBy).toBeUndefined();
  });

  it("holds a send the dispatcher could not write before the window closed for the next opening, as a new attempt", () => {
    const w = stepper();
    w.apply(start("f1", 2, { steps: steps(2, { window: SEOUL }) }), at("2026-11-27T11:59:00Z")); // 20:59 KST
    expect(sends(w.commands)).toHaveLength(1);
    w.apply({ type: "window-closed", refkey: refkeyFor("f1", 0, 1) }, at("2026-11-27T12:00:03Z")); // 21:00:03 KST
    expect(w.state.flows.f1!.history[0]).toMatchObject({ send: "none", waiting: "window", waitingUntil: at("2026-11-27T23:00:00Z") });
    expect(w.commands).toContainEqual({ type: "unschedule", timer: expect.objectContaining({ kind: "timeout", attempt: 1 }) });
    expect(timers(w.commands).at(-1)).toMatchObject({ kind: "window", step: 0, attempt: 2, dueAt: at("2026-11-27T23:00:00Z") });
    w.apply({ type: "window-closed", refkey: refkeyFor("f1", 0, 1) }, at("2026-11-27T12:00:04Z"));
    expect(w.ignored).toEqual(["stale-result"]);
    w.apply(timerEvent("f1", "window", 0, 2), at("2026-11-27T23:00:00Z"));
    expect(sends(w.commands).map((s) => [s.step, s.attempt])).toEqual([
      [0, 1],
      [0, 2],
    ]);
    w.apply({ type: "report", refkey: refkeyFor("f1", 0, 2), result: "7000", media: "KAT" }, at("2026-11-27T23:00:05Z"));
    expect(sends(w.commands).map((s) => s.step)).toEqual([0, 0, 1]);
  });
});

describe("scheduled starts", () => {
  it("accepts at once, holds nobody in the lane, and joins the lane at startAt", () => {
    const w = stepper();
    const startAt = at("2026-11-28T23:00:00Z");
    w.apply(start("later", 1, { startAt, idempotencyKey: "k" }), at("2026-11-27T10:00:00Z"));
    expect(events(w.commands)).toEqual([expect.objectContaining({ type: "scheduled", instanceId: "later", startAt })]);
    expect(w.state.flows.later!.status).toBe("scheduled");
    expect(timers(w.commands)).toEqual([expect.objectContaining({ kind: "start", dueAt: startAt })]);
    w.apply(start("now", 1), at("2026-11-27T10:00:01Z"));
    expect(sends(w.commands).map((s) => s.instanceId)).toEqual(["now"]);
    // A copy of the scheduled start is a duplicate, even by its idempotency key.
    w.apply(start("other-id", 1, { idempotencyKey: "k", startAt }), at("2026-11-27T10:00:02Z"));
    expect(w.ignored).toEqual(["duplicate-start"]);
    w.apply(timerEvent("later", "start"), startAt);
    expect(w.state.queue).toEqual(["later"]);
    expect(events(w.commands).at(-1)).toMatchObject({ type: "queued", instanceId: "later" });
    w.apply(delivered("now", 0), startAt + 1);
    expect(sends(w.commands).map((s) => s.instanceId)).toEqual(["now", "later"]);
  });

  it("is cancelled before its start without sending anything, and its start timer is then stale", () => {
    const w = stepper();
    w.apply(start("later", 1, { startAt: 10_000 }), 1_000);
    w.apply({ type: "cancel", instanceId: "later" }, 2_000);
    w.apply(timerEvent("later", "start"), 10_000);
    expect(sends(w.commands)).toEqual([]);
    expect(w.state.flows.later!.status).toBe("cancelled");
    expect(w.ignored).toEqual(["stale-timer"]);
  });

  it("starts at once when startAt has already passed", () => {
    const w = stepper();
    w.apply(start("f1", 1, { startAt: 500 }), 1_000);
    expect(sends(w.commands)).toHaveLength(1);
  });
});

describe("stale starts and expiry", () => {
  it("records a start seen later than maxStartDelay as expired, sends nothing, and dead-letters it", () => {
    const w = stepper();
    const t = w.apply(
      start("f1", 1, { requestedAt: at("2026-11-25T10:00:00Z"), maxStartDelayMs: 7_200_000, idempotencyKey: "signup" }),
      at("2026-11-27T10:00:00Z"),
    );
    expect(t.ignored).toBe("stale-start");
    expect(sends(w.commands)).toEqual([]);
    expect(events(w.commands)).toEqual([expect.objectContaining({ type: "expired", reason: expect.stringContaining("STALE_START") })]);
    expect(w.state.flows.f1).toMatchObject({ status: "expired" });
    expect(w.state.active).toBeNull();
    w.apply(start("f1", 1, { requestedAt: at("2026-11-27T10:00:00Z"), maxStartDelayMs: 7_200_000, idempotencyKey: "signup" }), at("2026-11-27T10:00:01Z"));
    expect(w.ignored).toEqual(["stale-start", "duplicate-start"]);
  });

  it("starts a start within maxStartDelay", () => {
    const w = stepper();
    w.apply(start("f1", 1, { requestedAt: 1_000, maxStartDelayMs: 5_000 }), 6_000);
    expect(sends(w.commands)).toHaveLength(1);
  });

  it("expires a flow still waiting for its window, with an alert naming the window; the lane passes on", () => {
    const w = stepper();
    w.apply(start("f1", 1, { steps: steps(1, { window: SEOUL }), maxDurationMs: 3_600_000 }), at("2026-11-27T18:12:00Z"));
    w.apply(start("f2", 1), at("2026-11-27T18:12:01Z"));
    expect(timers(w.commands).filter((t) => t.kind === "expiry")).toEqual([expect.objectContaining({ instanceId: "f1", dueAt: at("2026-11-27T19:12:00Z") })]);
    w.apply(timerEvent("f1", "expiry"), at("2026-11-27T19:12:00Z"));
    expect(w.state.flows.f1!.status).toBe("expired");
    const alert = w.commands.flatMap((c) => (c.type === "alert" ? [c.alert] : []));
    expect(alert).toEqual([
      expect.objectContaining({
        kind: "flow-expired",
        instanceId: "f1",
        detail: expect.stringContaining("the send window of step 0 (step-0), 08:00-21:00 Asia/Seoul"),
      }),
    ]);
    expect(sends(w.commands).map((s) => s.instanceId)).toEqual(["f2"]);
    // The window timer that comes later is stale.
    w.apply(timerEvent("f1", "window"), at("2026-11-27T23:00:00Z"));
    expect(w.ignored).toEqual(["stale-timer"]);
  });

  it("expires a flow queued behind another past its expiresAt, naming the lane's holder", () => {
    const w = stepper();
    w.apply(start("f1", 1), 1_000);
    w.apply(start("f2", 1, { expiresAt: 5_000 }), 2_000);
    w.apply(timerEvent("f2", "expiry"), 5_000);
    expect(w.state.queue).toEqual([]);
    expect(w.commands.flatMap((c) => (c.type === "alert" ? [c.alert.detail] : []))).toEqual([expect.stringContaining("the recipient lane, held by flow f1")]);
  });

  it("lets a step already sent finish, but sends no later step after the expiry", () => {
    const w = stepper();
    w.apply(start("f1", 2, { expiresAt: 5_000 }), 1_000);
    w.apply(timerEvent("f1", "expiry"), 5_000);
    expect(w.state.flows.f1!.status).toBe("running");
    w.apply(delivered("f1", 0), 6_000);
    expect(sends(w.commands).map((s) => s.step)).toEqual([0]);
    expect(w.state.flows.f1).toMatchObject({ status: "expired", reason: expect.stringContaining("the result of step 0 before step 1") });
  });

  it("drops the expiry timer of a flow that completed in time", () => {
    const w = stepper();
    w.apply(start("f1", 1, { maxDurationMs: 60_000 }), 1_000);
    w.apply(delivered("f1", 0), 2_000);
    expect(w.commands.flatMap((c) => (c.type === "unschedule" ? [c.timer.kind] : []))).toContain("expiry");
  });

  it("counts maxDuration from a scheduled flow's start, and expires it before its start when expiresAt comes first", () => {
    const w = stepper();
    w.apply(start("a", 1, { startAt: 100_000, maxDurationMs: 10_000 }), 1_000);
    expect(w.state.flows.a!.expiresAt).toBe(110_000);
    w.apply(start("b", 1, { startAt: 100_000, expiresAt: 50_000 }), 1_000);
    w.apply(timerEvent("b", "expiry"), 50_000);
    expect(w.state.flows.b).toMatchObject({ status: "expired", reason: expect.stringContaining("its scheduled start at") });
  });
});
