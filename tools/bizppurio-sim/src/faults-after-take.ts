import type { AfterTakeKind, AfterTakePath, FaultConfig } from "./faults.js";
import type { Random } from "./rng.js";

/**
 * Whether the answer to a call the gateway already took is lost, and how. Pure: the caller
 * has taken the call and applies the answer. Nothing is drawn unless the group applies to this
 * call, so a configuration without after-take faults replays the same seeded run as before.
 */
export function drawAfterTake(config: FaultConfig["afterTake"], path: AfterTakePath, phone: string, random: Random): AfterTakeKind | undefined {
  if (config.rate === 0 || !config.paths.includes(path)) return undefined;
  if (config.phone !== undefined && !new RegExp(config.phone).test(phone)) return undefined;
  if (random() >= config.rate) return undefined;
  return config.kinds[Math.floor(random() * config.kinds.length)];
}
