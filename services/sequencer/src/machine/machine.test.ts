import { describe, expect, it } from "vitest";
import { emptyPhoneState, type PhoneState } from "@sunseo/flow-state";
import type { Command, MachineEvent } from "./events.js";
import { apply } from "./machine.js";
import { refkeyFor } from "@sunseo/flow-state";
import { ctxAt, PHONE, start, steps } from "./fixtures.test-support.js";

/** Applies events in order at increasing times; returns the final state and every command. */
function play(events: MachineEvent[], initial: PhoneState = emptyPhoneState()) {
  let state = initial;
  const commands: Command[] = [];
  const ignored: string[] = [];
  events.forEach((event, i) => {
    const t = apply(state, event, ctxAt(1_000 + i));
    state = t.state;
    commands.push(...t.commands);
    if (t.ignored) ignored.push(t.ignored);
  });
  return { state, commands, ignored };
}

const sends = (commands: Command[]) =>
  commands.flatMap((c) => (c.type === "dispatch" && c.dispatch.kind === "send" ? [`${c.dispatch.instanceId}#${c.dispatch.step}`] : []));
const eventTypes = (commands: Command[]) => commands.flatMap((c) => (c.type === "flow-event" ? [c.event.type] : []));
const alerts = (commands: Command[]) => commands.flatMap((c) => (c.type === "alert" ? [c.alert] : []));
const rk = (id: string, step: number) => refkeyFor(id, step, 1);
const delivered = (id: string, step: number, media = "KAT"): MachineEvent => ({
  type: "report",
  refkey: rk(id, step),
  result: media === "KAT" ? "7000" : "4100",
  media,
});

describe("flow state machine", () => {
  it("sends step 2 only after step 1 is delivered, then completes", () => {
    const { state, commands } = play([start("f1"), { type: "accepted", refkey: rk("f1", 0), messagekey: "m0" }]);
    expect(sends(commands)).toEqual(["f1#0"]);
    const after = play([delivered("f1", 0), { type: "accepted", refkey: rk("f1", 1), messagekey: "m1" }, delivered("f1", 1)], state);
    expect(sends(after.commands)).toEqual(["f1#1"]);
    expect(after.state.flows.f1!.status).toBe("completed");
    expect(after.state.active).toBeNull();
    expect(eventTypes(after.commands)).toEqual(["step-delivered", "step-dispatched", "step-accepted", "step-delivered", "completed"]);
  });

  it("applies a report that arrives before the gateway's acceptance", () => {
    const { state, commands } = play([start("f1"), delivered("f1", 0), { type: "accepted", refkey: rk("f1", 0), messagekey: "m0" }]);
    expect(sends(commands)).toEqual(["f1#0", "f1#1"]);
    expect(state.flows.f1!.history[0]).toMatchObject({ outcome: "delivered", messagekey: "m0" });
  });

  it("halts on a failed report with one alert naming the result code", () => {
    const { state, commands } = play([start("f1", 3), { type: "report", refkey: rk("f1", 0), result: "7308", media: "KAT" }]);
    expect(sends(commands)).toEqual(["f1#0"]);
    expect(state.flows.f1!.status).toBe("failed");
    expect(alerts(commands)).toEqual([
      expect.objectContaining({ kind: "step-failed", resultCode: "7308", step: 0, templateCode: "TPL_0", phone: PHONE, alertId: "f1:0:step-failed" }),
    ]);
    expect(state.flows.f1!.reason).toContain("전화번호 오류");
  });

  it("halts when the gateway rejects a send", () => {
    const { state, commands } = play([start("f1"), { type: "rejected", refkey: rk("f1", 0), code: "3005", description: "invalid template" }]);
    expect(state.flows.f1!.status).toBe("failed");
    expect(alerts(commands)).toHaveLength(1);
    expect(alerts(commands)[0]).toMatchObject({ kind: "step-rejected", resultCode: "3005" });
  });

  it("marks a delivery through the SMS fallback", () => {
    const { commands } = play([start("f1", 1), delivered("f1", 0, "SMS")]);
    const deliveredEvent = commands.find((c) => c.type === "flow-event" && c.event.type === "step-delivered");
    expect(deliveredEvent).toMatchObject({ event: { fallback: true, resultCode: "4100" } });
  });

  it("recognises duplicate reports by refkey and result, and keeps a different later result", () => {
    const { state, ignored } = play([
      start("f1"),
      delivered("f1", 0),
      delivered("f1", 0),
      { type: "report", refkey: rk("f1", 0), result: "7305", media: "KAT" },
    ]);
    expect(ignored).toEqual(["duplicate-report", "late-report"]);
    expect(state.flows.f1!.history[0]!.results).toEqual(["7000", "7305"]);
  });

  it("ignores reports for unknown refkeys and duplicate starts", () => {
    const { ignored, commands } = play([
      { type: "report", refkey: "nope-0-1", result: "7000", media: "KAT" },
      start("f1", 1, { idempotencyKey: "k" }),
      start("f2", 1, { idempotencyKey: "k" }),
      start("f1", 1),
    ]);
    expect(ignored).toEqual(["unknown-refkey", "duplicate-start", "duplicate-start"]);
    expect(sends(commands)).toEqual(["f1#0"]);
  });

  it("serialises flows in the recipient lane and lets lane-none flows run", () => {
    const first = play([start("a", 1), start("b", 1), start("c", 1, { lane: "none" })]);
    expect(sends(first.commands)).toEqual(["a#0", "c#0"]);
    expect(first.state.queue).toEqual(["b"]);
    const next = play([delivered("a", 0)], first.state);
    expect(sends(next.commands)).toEqual(["b#0"]);
    expect(next.state.active).toBe("b");
  });

  it("passes the lane on when a flow fails or is cancelled", () => {
    const { state, commands } = play([
      start("a"),
      start("b"),
      start("c"),
      { type: "cancel", instanceId: "b" },
      { type: "report", refkey: rk("a", 0), result: "7204", media: "KAT" },
    ]);
    expect(sends(commands)).toEqual(["a#0", "c#0"]);
    expect(state.flows.b!.status).toBe("cancelled");
    expect(state.active).toBe("c");
  });

  it("cancels by idempotency key and refuses to cancel twice", () => {
    const { state, ignored } = play([
      start("a", 2, { idempotencyKey: "signup-42" }),
      { type: "cancel", idempotencyKey: "signup-42" },
      { type: "cancel", instanceId: "a" },
      delivered("a", 0),
    ]);
    expect(state.flows.a!.status).toBe("cancelled");
    expect(ignored).toEqual(["already-finished", "late-report"]);
  });

  const timer = (id: string, step: number, kind: "timeout" | "report-grace", round?: number): MachineEvent => ({
    type: "timer",
    instanceId: id,
    step,
    attempt: 1,
    kind,
    ...(round === undefined ? {} : { round }),
  });
  const requests = (commands: Command[]) => commands.filter((c) => c.type === "dispatch" && c.dispatch.kind === "report-request");
  const abandons = (commands: Command[]) => commands.flatMap((c) => (c.type === "abandon" ? [c.refkey] : []));

  it("on timeout asks for the report again in rounds, then times out with one alert", () => {
    const { state, commands, ignored } = play([
      start("f1"),
      { type: "accepted", refkey: rk("f1", 0), messagekey: "m0" },
      timer("f1", 0, "timeout"),
      timer("f1", 0, "timeout"),
      timer("f1", 0, "report-grace", 1),
      timer("f1", 0, "report-grace", 1),
      timer("f1", 0, "report-grace", 2),
      timer("f1", 0, "report-grace", 3),
    ]);
    expect(requests(commands)).toHaveLength(3);
    expect(requests(commands)[0]).toMatchObject({ dispatch: { messagekey: "m0", refkey: rk("f1", 0) } });
    expect(ignored).toEqual(["stale-timer", "stale-timer"]);
    expect(state.flows.f1!.status).toBe("timed_out");
    expect(state.flows.f1!.history[0]!.send).toBe("given-up");
    expect(alerts(commands).map((a) => a.kind)).toEqual(["step-timed-out"]);
  });

  it("drops a step's timeout timer when its report comes first: exactly the timer it scheduled", () => {
    const { commands } = play([start("f1", 1), { type: "accepted", refkey: rk("f1", 0), messagekey: "m0" }, delivered("f1", 0)]);
    const scheduled = commands.flatMap((c) => (c.type === "schedule" ? [c.timer] : []));
    const unscheduled = commands.flatMap((c) => (c.type === "unschedule" ? [c.timer] : []));
    expect(unscheduled).toEqual(scheduled);
    expect(JSON.stringify(unscheduled[0])).toBe(JSON.stringify(scheduled[0]));
  });

  it("a re-pushed report within the grace period completes the step", () => {
    const { state } = play([
      start("f1", 1),
      { type: "accepted", refkey: rk("f1", 0), messagekey: "m0" },
      timer("f1", 0, "timeout"),
      delivered("f1", 0),
      timer("f1", 0, "report-grace", 1),
    ]);
    expect(state.flows.f1!.status).toBe("completed");
  });

  it("takes back a step still queued for the dispatcher at its timeout: never sent, the lane moves on", () => {
    const { state, commands } = play([start("a"), start("b"), timer("a", 0, "timeout")]);
    expect(abandons(commands)).toEqual([rk("a", 0)]);
    expect(state.flows.a!.history[0]!.send).toBe("abandoned");
    expect(state.flows.a!.status).toBe("timed_out");
    expect(sends(commands)).toEqual(["a#0", "b#0"]);
  });

  it("waits for a step the dispatcher claimed before the timeout, and keeps the lane until it resolves", () => {
    const claimed = new Set([rk("a", 0)]);
    let state = play([start("a"), start("b")]).state;
    const t = apply(state, timer("a", 0, "timeout"), ctxAt(5_000, claimed));
    expect(abandons(t.commands)).toEqual([]);
    expect(t.state.flows.a!.history[0]!.send).toBe("claimed");
    expect(t.state.flows.a!.status).toBe("running");
    // The claimed send is accepted late and delivered: the flow goes on, b still waits.
    const later = play([{ type: "accepted", refkey: rk("a", 0), messagekey: "m0" }, delivered("a", 0)], t.state);
    expect(sends(later.commands)).toEqual(["a#1"]);
    state = later.state;
    expect(state.active).toBe("a");
  });

  it("gives up on a claimed send that never answers, after the grace, and only then passes the lane", () => {
    const claimed = new Set([rk("a", 0)]);
    const { state } = play([start("a"), start("b")]);
    const t = apply(state, timer("a", 0, "timeout"), ctxAt(5_000, claimed));
    const rounds = play([timer("a", 0, "report-grace", 1), timer("a", 0, "report-grace", 2)], t.state);
    expect(sends(rounds.commands)).toEqual([]);
    expect(requests(rounds.commands)).toEqual([]);
    const last = play([timer("a", 0, "report-grace", 3)], rounds.state);
    expect(last.state.flows.a!.status).toBe("timed_out");
    expect(alerts(last.commands).map((a) => a.kind)).toEqual(["step-timed-out"]);
    expect(sends(last.commands)).toEqual(["b#0"]);
  });

  it("a cancelled flow whose step is out keeps the lane until the step's report, then hands it on", () => {
    const { state, commands } = play([start("a"), start("b"), { type: "accepted", refkey: rk("a", 0), messagekey: "m0" }, { type: "cancel", instanceId: "a" }]);
    expect(state.flows.a!.status).toBe("cancelled");
    expect(abandons(commands)).toEqual([]);
    expect(sends(commands)).toEqual(["a#0"]);
    const after = play([delivered("a", 0)], state);
    expect(sends(after.commands)).toEqual(["b#0"]);
  });

  it("a cancelled flow whose step is still queued takes it back and hands the lane on at once", () => {
    const { state, commands } = play([start("a"), start("b"), { type: "cancel", instanceId: "a" }]);
    expect(abandons(commands)).toEqual([rk("a", 0)]);
    expect(sends(commands)).toEqual(["a#0", "b#0"]);
    expect(state.active).toBe("b");
  });

  it("a last step awaiting acceptance completes the flow at acceptance but keeps the lane until its report", () => {
    const { state, commands } = play([
      start("a", 1, { steps: steps(1, { await: "accepted" }) }),
      start("b", 1),
      { type: "accepted", refkey: rk("a", 0), messagekey: "m0" },
    ]);
    expect(state.flows.a!.status).toBe("completed");
    expect(sends(commands)).toEqual(["a#0"]);
    expect(sends(play([delivered("a", 0)], state).commands)).toEqual(["b#0"]);
  });

  it("continues after a timeout only once the step can no longer leave", () => {
    const flowSteps = steps(2);
    flowSteps[0]!.onTimeout = "continue";
    const begin: MachineEvent = { type: "start", instanceId: "f1", flow: "x", lane: "recipient", steps: flowSteps };
    const taken = play([begin, timer("f1", 0, "timeout")]);
    expect(abandons(taken.commands)).toEqual([rk("f1", 0)]);
    expect(sends(taken.commands)).toEqual(["f1#0", "f1#1"]);
    expect(taken.state.flows.f1!.history[0]!.outcome).toBe("timed_out");
    const ambiguous = play([begin, { type: "ambiguous", refkey: rk("f1", 0), reason: "crashed mid-call" }, timer("f1", 0, "timeout")]);
    expect(sends(ambiguous.commands)).toEqual(["f1#0"]);
    const over = play(
      [1, 2, 3].map((round) => timer("f1", 0, "report-grace", round)),
      ambiguous.state,
    );
    expect(sends(over.commands)).toEqual(["f1#1"]);
    expect(over.state.flows.f1!.status).toBe("running");
  });

  it("takes idempotency keys and instance ids named like Object's own properties as plain keys", () => {
    for (const key of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const { state, commands, ignored } = play([start("f1", 1, { idempotencyKey: key }), start("f2", 1, { idempotencyKey: key })]);
      expect(sends(commands), key).toEqual(["f1#0"]);
      expect(ignored, key).toEqual(["duplicate-start"]);
      expect(Object.keys(state.idempotency), key).toEqual([key]);
      const roundTrip = JSON.parse(JSON.stringify(state)) as PhoneState;
      expect(play([{ type: "cancel", idempotencyKey: key }], roundTrip).state.flows.f1!.status, key).toBe("cancelled");
    }
    const stray = play([
      { type: "cancel", instanceId: "constructor" },
      { type: "report", refkey: "constructor", result: "7000", media: "KAT" },
    ]);
    expect(stray.ignored).toEqual(["unknown-instance", "unknown-refkey"]);
  });

  it("waits for a step's delay timer before sending it", () => {
    const flowSteps = steps(2);
    flowSteps[1]!.delayMs = 30_000;
    const { commands } = play([{ type: "start", instanceId: "f1", flow: "x", lane: "recipient", steps: flowSteps }, delivered("f1", 0)]);
    expect(sends(commands)).toEqual(["f1#0"]);
    const schedule = commands.filter((c) => c.type === "schedule").map((c) => (c.type === "schedule" ? c.timer.kind : ""));
    expect(schedule).toEqual(["timeout", "delay"]);
    const { state, commands: later } = play(
      [
        { type: "timer", instanceId: "f1", step: 1, attempt: 1, kind: "delay" },
        { type: "timer", instanceId: "f1", step: 1, attempt: 1, kind: "delay" },
      ],
      play([{ type: "start", instanceId: "f1", flow: "x", lane: "recipient", steps: flowSteps }, delivered("f1", 0)]).state,
    );
    expect(sends(later)).toEqual(["f1#1"]);
    expect(state.flows.f1!.history[1]!.send).toBe("dispatched");
  });

  it("a step awaiting only acceptance moves on at acceptance and alerts on a later failure", () => {
    const { state, commands } = play([
      start("f1", 2, { steps: steps(2, { await: "accepted" }) }),
      { type: "accepted", refkey: rk("f1", 0), messagekey: "m0" },
      { type: "report", refkey: rk("f1", 0), result: "7421", media: "KAT" },
    ]);
    expect(sends(commands)).toEqual(["f1#0", "f1#1"]);
    expect(alerts(commands)).toEqual([expect.objectContaining({ kind: "step-failed", step: 0, resultCode: "7421" })]);
    expect(state.flows.f1!.status).toBe("running");
  });

  it("forgets finished flows after the retention, with their refkeys and idempotency keys", () => {
    const { state } = play([start("f1", 1, { idempotencyKey: "k" }), delivered("f1", 0)]);
    const later = apply(state, { type: "report", refkey: rk("f1", 0), result: "7000", media: "KAT" }, { ...ctxAt(1_000 + 8 * 86_400_000) });
    expect(later.ignored).toBe("unknown-refkey");
    const restart = apply(state, start("f9", 1, { idempotencyKey: "k" }), { ...ctxAt(1_000 + 8 * 86_400_000) });
    expect(restart.state.flows.f1).toBeUndefined();
    expect(restart.state.idempotency.k).toBe("f9");
  });

  it("never modifies the state it was given", () => {
    const initial = play([start("f1")]).state;
    const frozen = structuredClone(initial);
    apply(initial, delivered("f1", 0), ctxAt(5_000));
    expect(initial).toEqual(frozen);
  });
});
