import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Check } from "./judge.js";
import { startLoad } from "./load.js";
import { campaignPlan, loadSpanMs } from "./load-plan.js";
import { pollReadiness, unreadyAfter } from "./readiness.js";
import { startRig } from "./rig.js";
import { buildSchedule, type Profile } from "./schedule.js";

export interface VolatileOptions {
  repoRoot: string;
  flows: number;
  seed: number;
  profile: Profile;
  log: (line: string) => void;
}

export interface MemberReadiness {
  label: string;
  /** Uses Redis, so must notice the loss (webhook-ingest does not, and stays ready). */
  judged: boolean;
  readyBefore: boolean;
  /** Unready for good this long after the loss; undefined if it ended the observation ready. */
  unreadyAfterMs?: number;
}

export interface VolatileResult {
  runDir: string;
  flows: number;
  seed: number;
  /** Flows started when Redis lost its data (the load is cut short then: the data is gone). */
  startedBeforeLoss: number;
  lossAt: number;
  members: MemberReadiness[];
  checks: Check[];
}

export const UNREADY_PROMISE_MS = 5_000;
const USES_REDIS = new Set(["sequencer", "dispatcher", "alerter"]);

/**
 * `npm run chaos -- --mode volatile`: Redis without persistence, restarted empty during the
 * load. Nothing can survive that; the promise is that every service keeping state in Redis
 * notices and turns unready within 5 s, so an operator (and a load balancer) knows. Every
 * /readyz is polled every 100 ms; the run stops after the observation, nothing else is judged.
 */
export async function runVolatile(o: VolatileOptions): Promise<VolatileResult> {
  const rig = await startRig({ repoRoot: o.repoRoot, seed: o.seed, redisMode: "none", label: "volatile", log: o.log });
  const [lossAfterMs, observeMs] = o.profile === "quick" ? [10_000, 12_000] : [20_000, 20_000];
  const plan = campaignPlan({ flows: o.flows, seed: o.seed });
  // The persistent campaign's pace, cut short by the loss.
  const load = startLoad({ client: rig.client, plan, spanMs: loadSpanMs(buildSchedule({ seed: o.seed, profile: o.profile }).lengthMs) });
  // Cut short below, never awaited: the run ends with the data gone, not with the load done.
  load.done.catch((err: unknown) => o.log(`load    ${err instanceof Error ? err.message : String(err)}`));
  const poller = pollReadiness(rig.stack.services);
  try {
    await new Promise((r) => setTimeout(r, lossAfterMs));
    const lossAt = Date.now();
    const startedBeforeLoss = load.issued();
    await rig.infra.redis.restart();
    await rig.infra.redis.waitReady();
    o.log(`fault   Redis SIGKILLed and started again without its data (${startedBeforeLoss} flows started so far); watching /readyz for ${observeMs / 1000} s`);
    await new Promise((r) => setTimeout(r, observeMs));
    load.stop();
    const samples = await poller.stop();
    const members = rig.stack.services.map((m): MemberReadiness => {
      const verdict = unreadyAfter(samples.get(m.label) ?? [], lossAt);
      return {
        label: m.label,
        judged: USES_REDIS.has(m.service),
        readyBefore: verdict.readyBefore,
        ...(verdict.unreadySince === undefined ? {} : { unreadyAfterMs: verdict.unreadySince - lossAt }),
      };
    });
    const checks = members
      .filter((m) => m.judged)
      .map(
        (m): Check => ({
          promise: `${m.label} unready within ${UNREADY_PROMISE_MS / 1000} s of the Redis loss`,
          figure: m.unreadyAfterMs === undefined ? "still ready" : `${(m.unreadyAfterMs / 1000).toFixed(1)} s`,
          held: m.readyBefore && m.unreadyAfterMs !== undefined && m.unreadyAfterMs <= UNREADY_PROMISE_MS,
          examples: m.readyBefore ? [] : [`${m.label} was not ready before the loss`],
        }),
      );
    const result: VolatileResult = { runDir: rig.runDir, flows: o.flows, seed: o.seed, startedBeforeLoss, lossAt, members, checks };
    writeFileSync(join(rig.runDir, "verdict.json"), JSON.stringify({ ...result, samples: Object.fromEntries(samples) }, null, 2));
    return result;
  } finally {
    load.stop();
    await poller.stop();
    o.log("stop    stopping the stack, the broker and Redis ...");
    await rig.stop();
  }
}
