import type { Injection } from "./inject.js";
import type { Death, Member } from "./supervisor.js";

/** A member that died on its own: a crash (exit code, signal) the campaign did not inject. */
export type UninjectedDeath = Death;

/**
 * The deaths since `since` (the first start) that no SIGKILL of the campaign explains: worth a
 * look in the member's log, even when every promise held.
 */
export function uninjectedDeaths(members: readonly Member[], injections: readonly Injection[], since: number): UninjectedDeath[] {
  const kills = injections.flatMap((i) => (i.action.kind === "kill" ? [{ label: `${i.action.service}-${i.action.member}`, at: i.at }] : []));
  return members
    .flatMap((m) => m.deaths())
    .filter((d) => d.at >= since && !(d.signal === "SIGKILL" && kills.some((k) => k.label === d.label && d.at >= k.at && d.at - k.at < 2_000)))
    .sort((a, b) => a.at - b.at);
}
