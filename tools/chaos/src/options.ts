import { parseArgs } from "node:util";
import type { Profile } from "./schedule.js";

export type Mode = "persistent" | "volatile" | "cluster";

export interface ChaosArgs {
  mode: Mode;
  profile: Profile;
  flows: number;
  seed: number;
  /** From the first start to the verdict at most. */
  maxDurationMs: number;
  quiet: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run chaos -- [--flows N] [--seed S] [--duration D] [--mode persistent|volatile|cluster] [--quick] [--quiet]
  --flows N      flows of the demo's seeded mix, started evenly over the fault schedule (default 5000; 250 with --quick;
                 400 in cluster mode)
  --seed S       the load, the fault schedule and the simulator's draws (default 7)
  --duration D   the most the run may take from the first start to the verdict, e.g. 600s or 10m (default 10m);
                 flows still open then are judged as they are
  --mode M       persistent (default): Redis with AOF appendfsync always, every fault, every promise judged;
                 volatile: Redis without persistence restarted empty during the load, judged on /readyz alone;
                 cluster: a three-node Kafka cluster (topics with 3 replicas, min.insync.replicas 2), the node
                 coordinating the sequencers' group SIGKILLed for 20 s mid-run, every promise judged plus step waits
  --quick        a compressed schedule (a few kills incl. two sequencers within 6 s, a Redis restart, a broker
                 stop, after-take faults, a webhook 503 window): what npm test runs; writes no docs
  --quiet        only the verdict`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

const parseDuration = (text: string): number => {
  const match = /^(\d+)(s|m)?$/.exec(text);
  if (!match) throw new UsageError(`--duration must look like 600s or 10m, not ${text}`);
  return Number(match[1]) * (match[2] === "m" ? 60_000 : 1_000);
};

export function parseChaosArgs(argv: readonly string[]): ChaosArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      flows: { type: "string" },
      seed: { type: "string", default: "7" },
      duration: { type: "string", default: "10m" },
      mode: { type: "string", default: "persistent" },
      quick: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const profile: Profile = values.mode === "cluster" ? "cluster" : values.quick ? "quick" : "full";
  const flows = Number(values.flows ?? (profile === "quick" ? 250 : profile === "cluster" ? 400 : 5_000));
  const seed = Number(values.seed);
  if (values.mode !== "persistent" && values.mode !== "volatile" && values.mode !== "cluster")
    throw new UsageError(`--mode must be persistent, volatile or cluster, not ${values.mode}`);
  if (!Number.isInteger(flows) || flows < 20 || flows > 50_000) throw new UsageError("--flows must be an integer 20..50000");
  if (!Number.isInteger(seed)) throw new UsageError("--seed must be an integer");
  return { mode: values.mode, profile, flows, seed, maxDurationMs: parseDuration(values.duration), quiet: values.quiet, help: values.help };
}
