import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Command, MachineEvent } from "./events.js";
import { apply } from "./machine.js";
import { emptyPhoneState, TERMINAL, type PhoneState } from "./state.js";
import { ctxAt, steps } from "./fixtures.test-support.js";

/**
 * A simulated gateway and clock around the machine: every event may arrive in any order,
 * any number of times; reports may come before acceptances, late, or never. Whatever
 * happens, the guarantees of sunseo must hold.
 */
type Fate = "delivered" | "fallback" | "failed" | "rejected" | "lost-then-repushed" | "lost" | "ambiguous" | "report-first";

const flowArb = fc.record({
  steps: fc.integer({ min: 1, max: 3 }),
  lane: fc.constantFrom("recipient", "recipient", "recipient", "none") as fc.Arbitrary<"recipient" | "none">,
  awaitAccepted: fc.boolean(),
  continueOnTimeout: fc.boolean(),
  delayed: fc.boolean(),
  idempotencyKey: fc.option(fc.constantFrom("k1", "k2", "k3"), { nil: undefined }),
});

const scenarioArb = fc.record({
  flows: fc.array(flowArb, { minLength: 1, maxLength: 5 }),
  fates: fc.array(fc.constantFrom<Fate>("delivered", "delivered", "delivered", "fallback", "failed", "rejected", "lost-then-repushed", "lost", "ambiguous", "report-first"), { minLength: 15, maxLength: 15 }),
  choices: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
});

function simulate({ flows, fates, choices }: fc.RecordValue<typeof scenarioArb>) {
  let pick = 0;
  const random = (n: number) => choices[pick++ % choices.length]! % n;
  let state: PhoneState = emptyPhoneState();
  let now = 0;
  const pending: MachineEvent[] = [];
  const timers: Extract<Command, { type: "schedule" }>["timer"][] = [];
  const log: { command: Command; state: PhoneState }[] = [];
  const startOrder: string[] = [];
  const fateOf = new Map<string, Fate>();

  flows.forEach((f, i) => {
    const flowSteps = steps(f.steps, { await: f.awaitAccepted ? "accepted" : "delivered", onTimeout: f.continueOnTimeout ? "continue" : "halt" });
    if (f.delayed && flowSteps[1]) flowSteps[1].delayMs = 5_000;
    const event: MachineEvent = { type: "start", instanceId: `flow${i}`, flow: "f", lane: f.lane, steps: flowSteps, ...(f.idempotencyKey ? { idempotencyKey: f.idempotencyKey } : {}) };
    pending.push(event, ...(random(3) === 0 ? [event] : []));
  });
  const gateway = (refkey: string, messagekey: string): MachineEvent[] => {
    const fate = fates[(fateOf.size + refkey.length) % fates.length]!;
    fateOf.set(refkey, fate);
    const accepted: MachineEvent = { type: "accepted", refkey, messagekey };
    const report = (result: string, media = "KAT"): MachineEvent => ({ type: "report", refkey, result, media });
    switch (fate) {
      case "delivered":
      case "report-first":
        return [accepted, report("7000")];
      case "fallback":
        return [accepted, report("4100", "SMS")];
      case "failed":
        return [accepted, report("7308")];
      case "rejected":
        return [{ type: "rejected", refkey, code: "3005", description: "bad template" }];
      case "lost-then-repushed":
      case "lost":
        return [accepted];
      case "ambiguous":
        return [{ type: "ambiguous", refkey, reason: "crash" }];
    }
  };

  for (let round = 0; round < 2_000; round++) {
    let event: MachineEvent;
    if (pending.length > 0) {
      event = pending.splice(random(pending.length), 1)[0]!;
      if (random(5) === 0) pending.push(event); // a replay or duplicate push
    } else if (timers.length > 0) {
      timers.sort((a, b) => a.dueAt - b.dueAt);
      const timer = timers.shift()!;
      now = Math.max(now, timer.dueAt);
      event = { type: "timer", instanceId: timer.instanceId, step: timer.step, attempt: timer.attempt, kind: timer.kind };
    } else {
      break;
    }
    if (event.type === "start" && !startOrder.includes(event.instanceId)) startOrder.push(event.instanceId);
    now += 1;
    const t = apply(state, event, { ...ctxAt(now), reportGraceMs: 60_000 });
    state = t.state;
    for (const command of t.commands) {
      log.push({ command, state });
      if (command.type === "schedule") timers.push(command.timer);
      if (command.type === "dispatch" && command.dispatch.kind === "send") pending.push(...gateway(command.dispatch.refkey, `m-${command.dispatch.refkey}`));
      if (command.type === "dispatch" && command.dispatch.kind === "report-request" && fateOf.get(command.dispatch.refkey) === "lost-then-repushed") {
        pending.push({ type: "report", refkey: command.dispatch.refkey, result: "7000", media: "KAT" });
      }
    }
  }
  return { state, log, startOrder };
}

describe("flow state machine properties", () => {
  it("holds every guarantee under any event order, duplicates and lost reports", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { state, log } = simulate(scenario);
        const sent = new Set<string>();
        const terminalAt = new Map<string, number>();
        log.forEach(({ command, state: after }, index) => {
          if (command.type === "flow-event" && TERMINAL.has(command.event.type as never)) terminalAt.set(command.event.instanceId, index);
          if (command.type !== "dispatch" || command.dispatch.kind !== "send") return;
          const { instanceId, step, refkey } = command.dispatch;
          // one dispatch per (flow, step, attempt), however often events repeat
          expect(sent.has(refkey), `second send of ${refkey}`).toBe(false);
          sent.add(refkey);
          // nothing after a flow ended
          expect(terminalAt.has(instanceId), `${refkey} sent after its flow ended`).toBe(false);
          // step N+1 only after step N delivered (or accepted / timed out, where the step says so)
          if (step > 0) {
            const flow = after.flows[instanceId]!;
            const previous = flow.history[step - 1]!;
            const definition = flow.steps[step - 1]!;
            const allowed = previous.outcome === "delivered" || (previous.outcome === "accepted" && definition.await === "accepted") || (previous.outcome === "timed_out" && definition.onTimeout === "continue");
            expect(allowed, `${refkey} sent while step ${step - 1} was ${previous.outcome}`).toBe(true);
          }
          // the recipient lane holds one running flow at a time
          const running = Object.values(after.flows).filter((f) => f.lane === "recipient" && f.status === "running");
          expect(running.length).toBeLessThanOrEqual(1);
        });
        // every flow ends once its timers have fired
        for (const flow of Object.values(state.flows)) expect(TERMINAL.has(flow.status), `${flow.id} is ${flow.status}`).toBe(true);
        expect(state.active).toBeNull();
        expect(state.queue).toEqual([]);
        // a halted flow raised exactly one alert, and every failure or timeout of a halting step is alerted
        for (const flow of Object.values(state.flows)) {
          const alertsOf = log.filter(({ command }) => command.type === "alert" && command.alert.instanceId === flow.id);
          if (flow.status === "failed" || flow.status === "timed_out") expect(alertsOf.length).toBeGreaterThanOrEqual(1);
          const ids = alertsOf.map(({ command }) => (command.type === "alert" ? command.alert.alertId : ""));
          expect(new Set(ids).size).toBe(ids.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("starts recipient-lane flows in the order their starts arrived", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { log, startOrder } = simulate(scenario);
        const started = log.flatMap(({ command }) => (command.type === "flow-event" && command.event.type === "started" ? [command.event.instanceId] : []));
        const laneFlows = new Set(scenario.flows.flatMap((f, i) => (f.lane === "recipient" ? [`flow${i}`] : [])));
        const acceptedStarts = new Set(started);
        const expected = startOrder.filter((id) => laneFlows.has(id) && acceptedStarts.has(id));
        expect(started.filter((id) => laneFlows.has(id))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
