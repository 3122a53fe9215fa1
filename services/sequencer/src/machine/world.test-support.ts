import { emptyPhoneState, type PhoneState } from "@sunseo/flow-state";
import type { SendWindow } from "@sunseo/flows";
import type { Command, MachineEvent } from "./events.js";
import { apply } from "./machine.js";
import { ctxAt, steps } from "./fixtures.test-support.js";

/**
 * A simulated world around the pure machine, for the property tests: a clock, Kafka
 * delivering events late and twice, a dispatcher with a backlog and crashes that shares
 * the refkey ledger with the machine's abandonments (as the Redis adapter does), a gateway
 * whose fan-out delivers to the phone in its own time, loses reports and answers late,
 * and operators cancelling flows. What the phone received is the ground truth.
 */
export type Fate =
  | "delivered"
  | "fallback"
  | "failed"
  | "rejected"
  | "lost"
  | "lost-then-repushed"
  | "report-first"
  | "late-report"
  | "crash-after-write"
  | "crash-before-write";

export interface FlowSpec {
  steps: number;
  lane: "recipient" | "none";
  awaitAccepted: boolean;
  continueOnTimeout: boolean;
  delayed: boolean;
  idempotencyKey?: string | undefined;
  /** Cancel this long after the start, if set. */
  cancelAfterMs?: number | undefined;
  /** Every step of the flow is held to this window. */
  window?: SendWindow | undefined;
  /** startAt this long after the start is sent. */
  startAfterMs?: number | undefined;
  /** requestedAt this long before the start is sent; the flow allows MAX_START_DELAY_MS. */
  requestedAgoMs?: number | undefined;
  /** The flow's maxDuration. */
  maxDurationMs?: number | undefined;
}

export interface WorldSpec {
  /** The world's clock at its beginning (epoch ms): windows are read in real zones. */
  epoch?: number;
  flows: FlowSpec[];
  fates: Fate[];
  /** Raw random draws; the world consumes them in order (cycling). */
  choices: number[];
}

export const STEP_TIMEOUT_MS = 10_000;
export const MAX_START_DELAY_MS = 60_000;
export const REPORT_GRACE_MS = 6_000;

export interface Delivery {
  refkey: string;
  instanceId: string;
  step: number;
  at: number;
}

export interface WorldLog {
  state: PhoneState;
  /** Every command with the state right after the transition that emitted it. */
  log: { command: Command; state: PhoneState; at: number }[];
  /** What the phone received, in order. */
  phone: Delivery[];
  /** Requests written to the gateway, when. */
  written: Delivery[];
  /** Instance ids in the order they became due: their start applied, or (scheduled) their start timer. */
  startOrder: string[];
  specs: Map<string, FlowSpec>;
}

type Item = { at: number; seq: number; run: () => void };

export function simulateWorld({ epoch = 0, flows, fates, choices }: WorldSpec): WorldLog {
  let pick = 0;
  const random = (n: number) => (n <= 1 ? 0 : choices[pick++ % choices.length]! % n);
  const between = (min: number, max: number) => min + random(max - min + 1);

  let now = epoch;
  let seq = 0;
  const agenda: Item[] = [];
  const at = (time: number, run: () => void) => agenda.push({ at: Math.max(time, now), seq: seq++, run });

  let state: PhoneState = emptyPhoneState();
  const ledger = new Map<string, "claimed" | "abandoned" | "done">();
  const results = new Map<string, MachineEvent>();
  const taken = new Map<string, { report: MachineEvent; fate: Fate }>();
  const fateOf = new Map<string, Fate>();
  const log: WorldLog["log"] = [];
  const phone: Delivery[] = [];
  /** Requests written to the gateway, when. */
  const written: Delivery[] = [];
  const startOrder: string[] = [];
  const specs = new Map<string, FlowSpec>();

  /** Kafka: delivered a little later, sometimes twice, the copy possibly much later (a replay). */
  const input = (event: MachineEvent, delay = between(0, 300)) => {
    at(now + delay, () => handle(event));
    if (random(5) === 0) at(now + delay + between(0, 20_000), () => handle(event));
  };

  /** The Redis adapter: an abandonment the dispatcher beat is refused, and the machine runs again knowing it. */
  const handle = (event: MachineEvent) => {
    // Due: an unscheduled start when it is applied, a scheduled one when its start timer finds it still scheduled.
    const id = event.type === "start" || event.type === "timer" ? event.instanceId : "";
    const scheduled = event.type === "start" && event.startAt !== undefined && event.startAt > now;
    const due = (event.type === "start" && !scheduled) || (event.type === "timer" && event.kind === "start" && state.flows[id]?.status === "scheduled");
    if (due && !startOrder.includes(id)) startOrder.push(id);
    const claimed = new Set<string>();
    for (;;) {
      const t = apply(state, event, { ...ctxAt(now, claimed), reportGraceMs: REPORT_GRACE_MS });
      const abandons = t.commands.flatMap((c) => (c.type === "abandon" ? [c.refkey] : []));
      const refused = abandons.filter((refkey) => ledger.has(refkey) && ledger.get(refkey) !== "abandoned");
      if (refused.length > 0) {
        for (const refkey of refused) claimed.add(refkey);
        continue;
      }
      for (const refkey of abandons) ledger.set(refkey, "abandoned");
      state = t.state;
      for (const command of t.commands) {
        log.push({ command, state, at: now });
        carryOut(command);
      }
      return;
    }
  };

  const dropped = new Set<string>();
  const carryOut = (command: Command) => {
    if (command.type === "unschedule") dropped.add(JSON.stringify(command.timer));
    if (command.type === "schedule") {
      const { instanceId, step, attempt, kind, round, dueAt } = command.timer;
      const id = JSON.stringify(command.timer);
      // A dropped timer may still fire once (it was already on its way when it was dropped): the machine must not mind.
      const fire = () =>
        dropped.has(id) && random(4) !== 0 ? undefined : handle({ type: "timer", instanceId, step, attempt, kind, ...(round === undefined ? {} : { round }) });
      at(dueAt, fire);
      // The poller may deliver a timer twice (a crash between producing it and removing it).
      if (random(8) === 0) at(dueAt + between(0, 5_000), fire);
    } else if (command.type === "dispatch") {
      // The dispatch topic: usually prompt, sometimes a backlog longer than the step timeout, and now and then
      // one that ends right around the send's window closing (a dispatcher down for as long as it takes).
      const dispatch = command.dispatch;
      const closes = dispatch.kind === "send" ? dispatch.sendBy : undefined;
      const backlog =
        closes !== undefined && random(4) === 0
          ? Math.max(0, closes - now + between(-2_000, 2_000))
          : random(6) === 0
            ? between(8_000, 25_000)
            : between(0, 500);
      at(now + backlog, () => (dispatch.kind === "send" ? dispatcherSend(dispatch.refkey, dispatch.sendBy) : dispatcherReportRequest(dispatch.refkey)));
      if (random(8) === 0)
        at(now + backlog + between(0, 3_000), () => (dispatch.kind === "send" ? dispatcherSend(dispatch.refkey, dispatch.sendBy) : undefined));
    }
  };

  const parseRefkey = (refkey: string) => {
    const match = /^(.+)-(\d+)-(\d+)$/.exec(refkey)!;
    return { instanceId: match[1]!, step: Number(match[2]) };
  };

  /** One claim per refkey decides between the dispatcher's send and the machine's abandonment. */
  const dispatcherSend = (refkey: string, sendBy: number | undefined) => {
    const entry = ledger.get(refkey);
    if (entry === "abandoned") return;
    if (entry === "done") return input(results.get(refkey)!);
    if (entry === "claimed") return input({ type: "ambiguous", refkey, reason: "in flight after a crash" });
    ledger.set(refkey, "claimed");
    const fate = fates[fateOf.size % fates.length]!;
    fateOf.set(refkey, fate);
    const finish = (result: MachineEvent, delay = between(0, 200)) => {
      ledger.set(refkey, "done");
      results.set(refkey, result);
      input(result, delay);
    };
    if (fate === "rejected") return finish({ type: "rejected", refkey, code: "3005", description: "refused" });
    // Under its claim, right before the write: a backlog carried it past its window's close.
    if (sendBy !== undefined && now >= sendBy) return finish({ type: "window-closed", refkey });
    if (fate === "crash-before-write") return finish({ type: "ambiguous", refkey, reason: "crashed before writing" });
    written.push({ refkey, ...parseRefkey(refkey), at: now });
    // The gateway took it: the phone gets it (or not) in the fan-out's own time.
    const delivered = fate !== "failed";
    // report-first: the fan-out is so quick that the report overtakes the acceptance.
    const deliveredAt = now + (fate === "report-first" ? 10 : between(50, 1_500));
    const report: MachineEvent = {
      type: "report",
      refkey,
      result: fate === "failed" ? "7308" : fate === "fallback" ? "4100" : "7000",
      media: fate === "fallback" ? "SMS" : "KAT",
    };
    taken.set(refkey, { report, fate });
    if (delivered) at(deliveredAt, () => phone.push({ refkey, ...parseRefkey(refkey), at: now }));
    if (fate === "crash-after-write") finish({ type: "ambiguous", refkey, reason: "crashed after writing" });
    else finish({ type: "accepted", refkey, messagekey: `m-${refkey}` }, fate === "report-first" ? between(1_000, 2_000) : undefined);
    const reportAt = fate === "late-report" ? deliveredAt + 25_000 : deliveredAt + (fate === "report-first" ? 0 : between(0, 500));
    if (fate !== "lost" && fate !== "lost-then-repushed") at(reportAt, () => input(report, 0));
  };

  const dispatcherReportRequest = (refkey: string) => {
    const sent = taken.get(refkey);
    if (sent && sent.fate !== "lost") input(sent.report);
  };

  flows.forEach((f, i) => {
    const flowSteps = steps(f.steps, {
      await: f.awaitAccepted ? "accepted" : "delivered",
      onTimeout: f.continueOnTimeout ? "continue" : "halt",
      timeoutMs: STEP_TIMEOUT_MS,
    });
    if (f.delayed && flowSteps[1]) flowSteps[1].delayMs = 5_000;
    if (f.window) for (const step of flowSteps) step.window = f.window;
    const instanceId = `flow${i}`;
    specs.set(instanceId, f);
    const startAt = epoch + i * 50;
    const event: MachineEvent = {
      type: "start",
      instanceId,
      flow: "f",
      lane: f.lane,
      steps: flowSteps,
      ...(f.idempotencyKey ? { idempotencyKey: f.idempotencyKey } : {}),
      ...(f.startAfterMs === undefined ? {} : { startAt: startAt + f.startAfterMs }),
      ...(f.requestedAgoMs === undefined ? {} : { requestedAt: startAt - f.requestedAgoMs, maxStartDelayMs: MAX_START_DELAY_MS }),
      ...(f.maxDurationMs === undefined ? {} : { maxDurationMs: f.maxDurationMs }),
    };
    at(startAt, () => input(event, 0));
    if (f.cancelAfterMs !== undefined) at(startAt + f.cancelAfterMs, () => input({ type: "cancel", instanceId, reason: "operator" }));
  });

  for (let rounds = 0; agenda.length > 0 && rounds < 20_000; rounds++) {
    agenda.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = agenda.shift()!;
    now = next.at;
    next.run();
  }
  return { state, log, phone, written, startOrder, specs };
}
