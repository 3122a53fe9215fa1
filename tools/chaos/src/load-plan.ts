import { seededRandom } from "@sunseo/bizppurio-sim";
import { planLoad, type PlannedStart } from "@sunseo/demo";

/**
 * The demo's seeded load, in a seeded order: the demo lists its mix (shared phones, wrong
 * numbers, fallbacks, cancels) first, and a campaign that starts flows over minutes must
 * meet every kind of flow in every fault, not only in the first one.
 */
export function campaignPlan({ flows, seed }: { flows: number; seed: number }): PlannedStart[] {
  const plan = planLoad({ flows, seed });
  const random = seededRandom(seed * 7 + 3);
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return plan;
}

/** The load ends a little before the faults do, so the last faults still meet running flows. */
export const loadSpanMs = (scheduleLengthMs: number): number => Math.max(scheduleLengthMs - 20_000, scheduleLengthMs * 0.7);
