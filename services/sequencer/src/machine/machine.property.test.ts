import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TERMINAL } from "@sunseo/flow-state";
import { WEEKDAYS, describeWindow, isOpen, type SendWindow, type Weekday } from "@sunseo/flows";
import { simulateWorld, type Fate, type FlowSpec, type WorldSpec } from "./world.test-support.js";

/**
 * Whatever the world does (events late, twice, reordered; a dispatcher backlog longer than
 * a step's timeout; crashes before and after the gateway call; lost, late and early
 * reports; cancels at any moment; `onTimeout: continue`; send windows in any zone, scheduled
 * starts, starts seen late, flows expiring while they wait; any clock), sunseo's guarantees
 * hold on what the phone received and on what the machine decided.
 */
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Any window: minutes wide to nearly a day, spanning midnight or not, on some days, in zones with and without DST. */
const windowArb: fc.Arbitrary<SendWindow> = fc
  .record({
    from: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 1, max: 1380 }),
    timeZone: fc.constantFrom("Asia/Seoul", "UTC", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"),
    days: fc.subarray<Weekday>([...WEEKDAYS], { minLength: 1 }),
  })
  .map(({ from, length, timeZone, days }) => ({ from: hhmm(from), to: hhmm((from + length) % 1440), timeZone, days }));

/** The value in one world out of `oneIn`, undefined in the others (so the older hazards keep their share of the runs). */
const sometimes = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });

const flowArb: fc.Arbitrary<FlowSpec> = fc.record({
  steps: fc.integer({ min: 1, max: 3 }),
  lane: fc.constantFrom<"recipient" | "none">("recipient", "recipient", "recipient", "none"),
  awaitAccepted: fc.boolean(),
  continueOnTimeout: fc.boolean(),
  delayed: fc.boolean(),
  idempotencyKey: fc.option(fc.constantFrom("k1", "k2", "constructor", "__proto__", "toString"), { nil: undefined }),
  cancelAfterMs: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: undefined, freq: 4 }),
  window: sometimes(windowArb, 2),
  startAfterMs: sometimes(fc.oneof(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 3 * 86_400_000 })), 4),
  requestedAgoMs: sometimes(fc.constantFrom(0, 59_000, 61_000, 86_400_000), 4),
  maxDurationMs: sometimes(fc.oneof(fc.integer({ min: 1_000, max: 60_000 }), fc.integer({ min: 60_000, max: 2 * 86_400_000 })), 4),
});

const fateArb = fc.constantFrom<Fate>(
  "delivered",
  "delivered",
  "delivered",
  "fallback",
  "failed",
  "rejected",
  "lost",
  "lost-then-repushed",
  "report-first",
  "late-report",
  "crash-after-write",
  "crash-before-write",
);

const worldArb: fc.Arbitrary<WorldSpec> = fc.record({
  // 2001 .. 2037, on a minute or not: a window's boundaries are hit as well as missed.
  epoch: fc.oneof(
    fc.integer({ min: 978_307_200, max: 2_114_380_800 }).map((s) => s * 1_000),
    fc.integer({ min: 16_305_120, max: 35_239_680 }).map((m) => m * 60_000),
  ),
  flows: fc.array(flowArb, { minLength: 1, maxLength: 5 }),
  fates: fc.array(fateArb, { minLength: 15, maxLength: 15 }),
  choices: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
});

const RUNS = { numRuns: 500 };

describe("flow state machine in a hostile world", () => {
  it("the phone never gets a step twice, out of its flow's order, or interleaved with another flow of its lane", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { phone, specs } = simulateWorld(world);
        const seen = new Set<string>();
        const lastStep = new Map<string, number>();
        let laneFlow: string | undefined;
        const laneDone = new Set<string>();
        for (const d of phone) {
          expect(seen.has(d.refkey), `${d.refkey} reached the phone twice`).toBe(false);
          seen.add(d.refkey);
          const spec = specs.get(d.instanceId)!;
          const previous = lastStep.get(d.instanceId);
          // Steps that wait for delivery keep their order; `await: accepted` opts out of it.
          if (previous !== undefined && !spec.awaitAccepted) expect(d.step, `${d.instanceId} step ${d.step} after step ${previous}`).toBeGreaterThan(previous);
          lastStep.set(d.instanceId, Math.max(previous ?? -1, d.step));
          if (spec.lane === "recipient") {
            expect(laneDone.has(d.instanceId), `${d.refkey} reached the phone after another flow of its lane`).toBe(false);
            if (laneFlow !== undefined && laneFlow !== d.instanceId) laneDone.add(laneFlow);
            laneFlow = d.instanceId;
          }
        }
      }),
      RUNS,
    );
  });

  it("decides every step in order, ends every flow, frees the lane, and alerts each halted flow once", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { state, log } = simulateWorld(world);
        const sent = new Set<string>();
        const terminalAt = new Set<string>();
        const alertIds = new Set<string>();
        for (const { command, state: after } of log) {
          if (command.type === "flow-event" && TERMINAL.has(command.event.type as never)) {
            expect(terminalAt.has(command.event.instanceId), `${command.event.instanceId} ended twice`).toBe(false);
            terminalAt.add(command.event.instanceId);
          }
          if (command.type === "alert") {
            expect(alertIds.has(command.alert.alertId), `alert ${command.alert.alertId} raised twice`).toBe(false);
            alertIds.add(command.alert.alertId);
          }
          if (command.type !== "dispatch" || command.dispatch.kind !== "send") continue;
          const { instanceId, step, refkey } = command.dispatch;
          expect(sent.has(refkey), `second send of ${refkey}`).toBe(false);
          sent.add(refkey);
          expect(terminalAt.has(instanceId), `${refkey} sent after its flow ended`).toBe(false);
          if (step > 0) {
            const flow = after.flows[instanceId]!;
            const previous = flow.history[step - 1]!;
            const definition = flow.steps[step - 1]!;
            const allowed =
              previous.outcome === "delivered" ||
              (previous.outcome === "accepted" && definition.await === "accepted") ||
              (previous.outcome === "timed_out" && definition.onTimeout === "continue");
            expect(allowed, `${refkey} sent while step ${step - 1} was ${previous.outcome}`).toBe(true);
            // A step left on timeout is never still on its way: abandoned, or given up on after its rounds.
            if (previous.outcome === "timed_out") expect(["abandoned", "given-up"]).toContain(previous.send);
          }
          const running = Object.values(after.flows).filter((f) => f.lane === "recipient" && f.status === "running");
          expect(running.length).toBeLessThanOrEqual(1);
        }
        for (const flow of Object.values(state.flows)) {
          expect(TERMINAL.has(flow.status), `${flow.id} is ${flow.status}`).toBe(true);
          // A stale start never ran: it is dead-lettered, not alerted. Every other expiry is alerted.
          const halted = flow.status === "failed" || flow.status === "timed_out" || (flow.status === "expired" && !flow.reason?.startsWith("STALE_START"));
          if (halted) {
            expect(
              log.some(({ command }) => command.type === "alert" && command.alert.instanceId === flow.id),
              `${flow.id} ${flow.status} without an alert`,
            ).toBe(true);
          }
        }
        expect(state.active).toBeNull();
        expect(state.queue).toEqual([]);
      }),
      RUNS,
    );
  });

  it("never releases or writes a step outside its send window, at or after its flow's expiry, or before its scheduled start", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { log, written, state } = simulateWorld(world);
        // At the gateway too: a dispatcher backlog never carries a request past its window's close.
        for (const { refkey, instanceId, step, at } of written) {
          const window = state.flows[instanceId]?.steps[step]?.window;
          if (window) expect(isOpen(window, at), `${refkey} written at ${new Date(at).toISOString()}, outside ${describeWindow(window)}`).toBe(true);
        }
        for (const { command, state: after, at } of log) {
          if (command.type !== "dispatch" || command.dispatch.kind !== "send") continue;
          const flow = after.flows[command.dispatch.instanceId]!;
          const window = flow.steps[command.dispatch.step]!.window;
          if (window)
            expect(isOpen(window, at), `${command.dispatch.refkey} sent at ${new Date(at).toISOString()}, outside ${describeWindow(window)}`).toBe(true);
          if (flow.expiresAt !== undefined) expect(at, `${command.dispatch.refkey} sent after its flow expired`).toBeLessThan(flow.expiresAt);
          if (flow.startAt !== undefined) expect(at, `${command.dispatch.refkey} sent before its scheduled start`).toBeGreaterThanOrEqual(flow.startAt);
          if (flow.requestedAt !== undefined) expect(flow.createdAt - flow.requestedAt).toBeLessThanOrEqual(60_000);
        }
      }),
      RUNS,
    );
  });

  it("starts recipient-lane flows in the order they became due (their start, or a scheduled one's startAt)", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { log, startOrder, specs } = simulateWorld(world);
        const started = log.flatMap(({ command }) => (command.type === "flow-event" && command.event.type === "started" ? [command.event.instanceId] : []));
        const lane = (id: string) => specs.get(id)?.lane === "recipient";
        const startedSet = new Set(started);
        expect(started.filter(lane)).toEqual(startOrder.filter((id) => lane(id) && startedSet.has(id)));
      }),
      RUNS,
    );
  });
});
