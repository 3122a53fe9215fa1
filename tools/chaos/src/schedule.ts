import { seededRandom } from "@sunseo/bizppurio-sim";

/**
 * When each fault is injected, decided by the seed alone (pure: no I/O, no clock), so a
 * seed replays the same campaign. Faults come in episodes laid end to end in a seeded order;
 * each episode keeps the stack to itself for its footprint (the fault plus time to recover),
 * so a kill's resume time is not blurred by a broker outage next to it. Only the gateway's
 * after-take faults run in the background, at a seeded time within the run.
 */

export type ServiceKind = "sequencer" | "dispatcher" | "webhook-ingest" | "alerter";
/** Whose connections to Redis go through which proxy. */
export type RedisPath = "sequencer" | "dispatcher";
export type WebhookMode = "pass" | "refuse" | "forward-then-503";

export type FaultAction =
  | { kind: "kill"; service: ServiceKind; member: number }
  | { kind: "pause"; service: "dispatcher"; member: number }
  | { kind: "resume"; service: "dispatcher"; member: number }
  | { kind: "broker-stop" }
  | { kind: "broker-start" }
  /** Cluster: SIGKILL the node coordinating the sequencers' group (the one whose loss costs the most). */
  | { kind: "node-kill" }
  /** Cluster: start the killed node again. */
  | { kind: "node-start" }
  | { kind: "redis-restart" }
  /** Resets every open connection and refuses new ones until redis-heal. */
  | { kind: "redis-cut"; path: RedisPath }
  /** Holds every byte both ways until redis-heal. */
  | { kind: "redis-stall"; path: RedisPath }
  | { kind: "redis-heal"; path: RedisPath }
  /** The gateway loses the answer to this share of the calls it took (on), or stops doing so (off). */
  | { kind: "after-take"; on: true; rate: number }
  | { kind: "after-take"; on: false }
  | { kind: "webhook"; mode: WebhookMode };

export interface ScheduledFault {
  /** From the start of the load. */
  atMs: number;
  action: FaultAction;
}

export interface Schedule {
  faults: ScheduledFault[];
  /** When the last episode's footprint ends. */
  lengthMs: number;
}

/**
 * full: the campaign (`npm run chaos`); quick: a compressed one that fits in `npm test`;
 * cluster: one node of a three-node cluster killed and started again (`--mode cluster`).
 */
export type Profile = "full" | "quick" | "cluster";

/** How long the cluster profile's node stays dead: the outside report's 20 s. */
export const NODE_OUTAGE_MS = 20_000;

/** Two members of each group that can be killed; webhook-ingest and the alerter run alone. */
export const MEMBERS: Record<ServiceKind, number> = { sequencer: 2, dispatcher: 2, "webhook-ingest": 1, alerter: 1 };

interface Episode {
  steps: { offsetMs: number; action: FaultAction }[];
  footprintMs: number;
  /** Runs across the other episodes instead of between them (placed at a seeded time within the run). */
  background?: true;
}

type Random = () => number;
const between = (random: Random, min: number, max: number) => Math.round(min + random() * (max - min));
const anyMember = (random: Random, service: ServiceKind) => 1 + Math.floor(random() * MEMBERS[service]);

/**
 * Resume after a kill is judged from reports in the 2 s after it, against a 10 s promise: the
 * next episode waits that long, so a figure within the promise is the kill's alone (one above
 * it was above it before the next fault began).
 */
const KILL_FOOTPRINT_MS = 2_000 + 10_000;
const kill = (random: Random, service: ServiceKind, footprintMs = KILL_FOOTPRINT_MS): Episode => ({
  steps: [{ offsetMs: 0, action: { kind: "kill", service, member: anyMember(random, service) } }],
  footprintMs,
});

/** Both members of one group dead within one session timeout (6 s): nobody is left to take the partitions over. */
const killBoth = (random: Random, service: "sequencer" | "dispatcher"): Episode => {
  const first = anyMember(random, service);
  const gap = between(random, 1_500, 4_000);
  return {
    steps: [
      { offsetMs: 0, action: { kind: "kill", service, member: first } },
      { offsetMs: gap, action: { kind: "kill", service, member: 3 - first } },
    ],
    footprintMs: gap + KILL_FOOTPRINT_MS,
  };
};

const window = (on: FaultAction, off: FaultAction, lastsMs: number, recoveryMs: number): Episode => ({
  steps: [
    { offsetMs: 0, action: on },
    { offsetMs: lastsMs, action: off },
  ],
  footprintMs: lastsMs + recoveryMs,
});

const brokerOutage = (lastsMs: number, recoveryMs: number) => window({ kind: "broker-stop" }, { kind: "broker-start" }, lastsMs, recoveryMs);
const redisRestart = (): Episode => ({ steps: [{ offsetMs: 0, action: { kind: "redis-restart" } }], footprintMs: 12_000 });
const redisCut = (path: RedisPath, lastsMs: number) => window({ kind: "redis-cut", path }, { kind: "redis-heal", path }, lastsMs, 4_000);
const redisStall = (path: RedisPath, lastsMs: number) => window({ kind: "redis-stall", path }, { kind: "redis-heal", path }, lastsMs, 4_000);
const webhook = (mode: WebhookMode, lastsMs: number) => window({ kind: "webhook", mode }, { kind: "webhook", mode: "pass" }, lastsMs, 3_000);
/** In the background (other episodes run while it lasts), or alone, so that a short one meets enough calls. */
const afterTake = (lastsMs: number, { rate, background }: { rate: number; background: boolean }): Episode => {
  const episode = window({ kind: "after-take", on: true, rate }, { kind: "after-take", on: false }, lastsMs, 0);
  return background ? { ...episode, background } : episode;
};

/**
 * A dispatcher frozen for longer than a step's timeout (30 s), so its group moves on without
 * it and it wakes up holding claims. The alerter is killed meanwhile: it has no part in the
 * dispatch path, so its kills cost the campaign no extra time.
 */
const pauseDispatcher = (random: Random, alerterKills: number): Episode => {
  const member = anyMember(random, "dispatcher");
  const lastsMs = 40_000;
  const kills = Array.from({ length: alerterKills }, (_, i) => ({
    offsetMs: Math.round(((i + 1) * lastsMs) / (alerterKills + 1)) + between(random, -1_500, 1_500),
    action: { kind: "kill", service: "alerter", member: 1 } as FaultAction,
  }));
  return {
    steps: [
      { offsetMs: 0, action: { kind: "pause", service: "dispatcher", member } },
      ...kills,
      { offsetMs: lastsMs, action: { kind: "resume", service: "dispatcher", member } },
    ],
    footprintMs: lastsMs + 6_000,
  };
};

function episodes(profile: Profile, random: Random): Episode[] {
  // Recovery long enough for every step delayed by the outage (the 20 s step timeout included) to show.
  if (profile === "cluster") return [window({ kind: "node-kill" }, { kind: "node-start" }, NODE_OUTAGE_MS, 40_000)];
  if (profile === "quick") {
    return [
      killBoth(random, "sequencer"),
      kill(random, "dispatcher"),
      kill(random, "webhook-ingest"),
      kill(random, "alerter", 4_000),
      redisRestart(),
      // A higher rate than the campaign's 5 %: the short window must meet a few such calls.
      afterTake(20_000, { rate: 0.15, background: false }),
      webhook("refuse", 6_000),
      brokerOutage(8_000, 12_000),
      redisCut("dispatcher", 2_000),
    ];
  }
  const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make);
  return [
    killBoth(random, "sequencer"),
    killBoth(random, "dispatcher"),
    ...times(4, () => kill(random, "sequencer")),
    ...times(4, () => kill(random, "dispatcher")),
    ...times(4, () => kill(random, "webhook-ingest")),
    pauseDispatcher(random, 4),
    brokerOutage(15_000, 15_000),
    redisRestart(),
    redisCut("sequencer", 3_000),
    redisCut("dispatcher", 3_000),
    redisStall("sequencer", 4_000),
    redisStall("dispatcher", 4_000),
    webhook("refuse", 10_000),
    webhook("forward-then-503", 10_000),
    afterTake(60_000, { rate: 0.05, background: true }),
  ];
}

export function buildSchedule({ seed, profile }: { seed: number; profile: Profile }): Schedule {
  const random = seededRandom(seed * 31 + 17);
  const all = episodes(profile, random);
  const list = all.filter((e) => !e.background);
  // Fisher-Yates with the seed: the order of episodes changes with it, the set does not.
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  // The cluster's warm-up lets flows reach later steps, so the outage meets every kind of wait.
  const warmUpMs = profile === "quick" ? 10_000 : profile === "cluster" ? 30_000 : 15_000;
  const faults: ScheduledFault[] = [];
  let at = warmUpMs;
  for (const episode of list) {
    for (const step of episode.steps) faults.push({ atMs: at + step.offsetMs, action: step.action });
    at += Math.max(episode.footprintMs, ...episode.steps.map((s) => s.offsetMs));
  }
  const lengthMs = at;
  for (const episode of all.filter((e) => e.background)) {
    const lastsMs = Math.max(...episode.steps.map((s) => s.offsetMs));
    const startMs = warmUpMs + Math.round(random() * Math.max(0, lengthMs - warmUpMs - lastsMs));
    for (const step of episode.steps) faults.push({ atMs: startMs + step.offsetMs, action: step.action });
  }
  faults.sort((a, b) => a.atMs - b.atMs);
  return { faults, lengthMs };
}

/** How a fault reads in the log and the report. */
export function describeFault(action: FaultAction): string {
  switch (action.kind) {
    case "kill":
      return `SIGKILL ${action.service}-${action.member}`;
    case "pause":
      return `SIGSTOP ${action.service}-${action.member}`;
    case "resume":
      return `SIGCONT ${action.service}-${action.member}`;
    case "broker-stop":
      return "Kafka broker stopped";
    case "broker-start":
      return "Kafka broker started";
    case "node-kill":
      return "Kafka node SIGKILLed";
    case "node-start":
      return "Kafka node started again";
    case "redis-restart":
      return "Redis SIGKILLed and started again";
    case "redis-cut":
      return `Redis connections of the ${action.path}s cut, new ones refused`;
    case "redis-stall":
      return `Redis connections of the ${action.path}s stalled`;
    case "redis-heal":
      return `Redis path of the ${action.path}s healed`;
    case "after-take":
      return action.on
        ? `gateway loses ${Math.round(action.rate * 100)} % of answers after taking the call (502/504 HTML, reset, timeout)`
        : "gateway answers again";
    case "webhook":
      return action.mode === "pass" ? "webhook-ingest reachable again" : `webhook-ingest answers 503 (${action.mode})`;
  }
}
