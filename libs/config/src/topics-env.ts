import { z } from "zod";
import { topics } from "@sunseo/contracts";
import { parseDuration } from "./duration.js";
import { intEnv } from "./env.js";

const BASES: ReadonlySet<string> = new Set(Object.values(topics).map((t) => t.base));

/** "flow-start=3d,dlq=30d" -> { "flow-start": 259200000, dlq: 2592000000 }; every name must be a sunseo topic. */
export const retentionEnv = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const overrides: Record<string, number> = {};
    for (const entry of text
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const [base, duration, extra] = entry.split("=").map((part) => part.trim());
      if (!base || !duration || extra !== undefined) {
        ctx.addIssue({ code: "custom", message: `"${entry}" is not topic=duration (e.g. flow-start=3d)` });
        continue;
      }
      if (!BASES.has(base)) {
        ctx.addIssue({ code: "custom", message: `"${base}" is not a sunseo topic (one of ${[...BASES].join(", ")})` });
        continue;
      }
      try {
        overrides[base] = parseDuration(duration);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }
    return overrides;
  });

/**
 * How `npm run topics` creates the topics and what `sunseo topics check` compares them with.
 * The defaults are a cluster's: three copies, and acks=all succeeds with one broker down.
 */
export const topicsEnv = {
  SUNSEO_TOPIC_REPLICATION_FACTOR: intEnv(3, { min: 1, max: 16 }),
  SUNSEO_TOPIC_MIN_ISR: intEnv(2, { min: 1, max: 16 }),
  SUNSEO_TOPIC_RETENTION: retentionEnv,
};

/** min.insync.replicas above the replication factor refuses every acks=all produce. */
export const topicsEnvSchema = z.object(topicsEnv).refine((env) => env.SUNSEO_TOPIC_MIN_ISR <= env.SUNSEO_TOPIC_REPLICATION_FACTOR, {
  message: "SUNSEO_TOPIC_MIN_ISR must not exceed SUNSEO_TOPIC_REPLICATION_FACTOR (every acks=all produce would fail)",
  path: ["SUNSEO_TOPIC_MIN_ISR"],
});
