import { createBizppurioClient, toBizppurioRequest } from "@sunseo/bizppurio";
import { findFlow, renderFlow, type Catalog } from "@sunseo/flows";
import type { Logger } from "@sunseo/logger";
import type { Redis } from "@sunseo/redis";
import type { PlannedStart } from "./plan.js";
import { SIM_ACCOUNT, SIM_PASSWORD } from "./stack.js";

/**
 * The seed's first approach, for comparison: send step N+1 as soon as the gateway
 * *accepted* step N (its `.then()` chain), never waiting for the delivery report. The
 * gateway fans out to Kakao in parallel, so the phone sometimes gets N+1 first.
 */
export async function runNaiveSender(o: {
  plan: readonly PlannedStart[];
  catalog: Catalog;
  simUrl: string;
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  onStep: () => void;
  concurrency?: number;
}): Promise<{ sent: number; refused: number }> {
  const client = createBizppurioClient({
    baseUrl: o.simUrl,
    account: SIM_ACCOUNT,
    password: SIM_PASSWORD,
    redis: o.redis,
    keyPrefix: `${o.redisPrefix}naive:`,
    logger: o.logger,
    ratePerSecond: 0,
  });
  let next = 0;
  let sent = 0;
  let refused = 0;
  const worker = async () => {
    while (next < o.plan.length) {
      const index = next++;
      const start = o.plan[index]!;
      const steps = renderFlow(o.catalog, findFlow(o.catalog, start.flow), start.variables);
      for (const [step, rendered] of steps.entries()) {
        if (step > 0 && rendered.delayMs > 0) await new Promise((r) => setTimeout(r, rendered.delayMs));
        const dispatch = {
          kind: "send" as const,
          phone: start.phone,
          refkey: `n${index}-${step}-1`,
          instanceId: `n${index}`,
          flow: start.flow,
          step,
          attempt: 1,
          message: rendered.message,
          createdAt: Date.now(),
        };
        const outcome = await client.send(toBizppurioRequest(SIM_ACCOUNT, dispatch)).catch(() => undefined);
        if (outcome?.kind !== "accepted") {
          refused += 1;
          break;
        }
        sent += 1;
        o.onStep();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency ?? 64 }, worker));
  } finally {
    client.close();
  }
  return { sent, refused };
}
