/**
 * sunseo's own time per step, measured where the user feels it, at the gateway and on its
 * clock: from the moment webhook-ingest acknowledged step N's delivery report to the moment
 * step N+1's request reached the gateway. Refkeys read `<instance>-<step>-<attempt>`.
 */
export interface AckedPush {
  refkey: string;
  /** When the webhook answered 2xx (the simulator's clock). */
  at: number;
}

export interface GatewayRequest {
  refkey: string;
  /** When the request reached the gateway. */
  at: number;
  templateCode?: string;
}

const parse = (refkey: string) => {
  const match = /^(.+)-(\d+)-(\d+)$/.exec(refkey);
  return match ? { flow: match[1]!, step: Number(match[2]) } : undefined;
};

/**
 * The gap of every step that has a next step which was sent, in ms (only the first push and
 * the first request of a refkey count), less the delay the catalog sets before the next step.
 */
export function stepGaps(
  pushes: readonly AckedPush[],
  requests: readonly GatewayRequest[],
  delayBefore: (templateCode: string | undefined) => number = () => 0,
): number[] {
  const firstPush = new Map<string, number>();
  for (const p of pushes) if (!firstPush.has(p.refkey) || p.at < firstPush.get(p.refkey)!) firstPush.set(p.refkey, p.at);
  const sentAt = new Map<string, number>();
  for (const r of requests) {
    const ref = parse(r.refkey);
    if (!ref) continue;
    const key = `${ref.flow}#${ref.step}`;
    const at = r.at - delayBefore(r.templateCode);
    if (!sentAt.has(key) || at < sentAt.get(key)!) sentAt.set(key, at);
  }
  const gaps: number[] = [];
  for (const [refkey, pushedAt] of firstPush) {
    const ref = parse(refkey);
    const next = ref && sentAt.get(`${ref.flow}#${ref.step + 1}`);
    if (next !== undefined) gaps.push(next - pushedAt);
  }
  return gaps;
}

/** Deliveries per second between the first and the last acknowledged report of a load. */
export function deliveriesPerSecond(pushes: readonly AckedPush[]): number {
  const firsts = new Map<string, number>();
  for (const p of pushes) if (!firsts.has(p.refkey)) firsts.set(p.refkey, p.at);
  const times = [...firsts.values()].sort((a, b) => a - b);
  if (times.length < 2) return Number.NaN;
  return ((times.length - 1) * 1000) / (times[times.length - 1]! - times[0]!);
}
