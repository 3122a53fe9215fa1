/**
 * How fast a consumer group gets over a member's death, in one place for every service.
 *
 * - The session timeout is how long a silent member is presumed alive (the broker refuses
 *   less than its group.min.session.timeout.ms, 6 s by default).
 * - Heartbeats every second: a live member learns of a rebalance within a second and rejoins.
 * - A short rebalance timeout: when a crashed member's replacement joins (a supervisor
 *   restarts it within a second or two), the group does not wait out the dead member's
 *   session; it drops whoever has not rejoined within this, so partitions move in about
 *   3 s instead of 6. A live member rejoins well within it (its handlers never block the
 *   fetch loop for long); one that does not is dropped and simply joins again.
 */
export function groupTimings(sessionTimeoutMs: number): { sessionTimeout: number; heartbeatInterval: number; rebalanceTimeout: number } {
  return {
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: Math.max(300, Math.min(1_000, Math.floor(sessionTimeoutMs / 6))),
    rebalanceTimeout: 3_000,
  };
}
