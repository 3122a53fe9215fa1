/**
 * What the phones saw, judged: the only ground truth the demo trusts. Every refkey (ours
 * and the naive sender's) reads `<flow instance>-<step>-<attempt>`.
 */
export interface Delivered {
  refkey: string;
  templateCode: string;
  media: string;
  /** Its flow serialises with the phone's other recipient-lane flows. */
  sharesLane: boolean;
}

export interface PhoneVerdict {
  /** Messages that reached phones. */
  delivered: number;
  /** Delivered through the SMS/LMS fallback instead of AlimTalk. */
  fallbacks: number;
  /** A step reached the phone before an earlier step of its flow (or without it). */
  orderViolations: number;
  /** The same refkey reached a phone more than once (a step sent twice). */
  duplicates: number;
  /** Phones where two flows of the recipient lane interleaved. */
  interleavedPhones: number;
  /** The first few order violations, for a person to look at. */
  examples: { phone: string; flow: string; received: string[] }[];
}

const parse = (refkey: string) => {
  const match = /^(.+)-(\d+)-(\d+)$/.exec(refkey);
  return match ? { flow: match[1]!, step: Number(match[2]) } : undefined;
};

export function judgePhones(phones: ReadonlyMap<string, readonly Delivered[]>): PhoneVerdict {
  const verdict: PhoneVerdict = { delivered: 0, fallbacks: 0, orderViolations: 0, duplicates: 0, interleavedPhones: 0, examples: [] };
  for (const [phone, received] of phones) {
    const nextStep = new Map<string, number>();
    const finishedLaneFlows = new Set<string>();
    let laneFlow: string | undefined;
    let interleaved = false;
    const seen = new Set<string>();
    for (const message of received) {
      verdict.delivered += 1;
      if (seen.has(message.refkey)) {
        verdict.duplicates += 1;
        continue;
      }
      seen.add(message.refkey);
      if (message.media !== "KAT") verdict.fallbacks += 1;
      const ref = parse(message.refkey);
      if (!ref) continue;
      if (ref.step !== (nextStep.get(ref.flow) ?? 0)) {
        verdict.orderViolations += 1;
        if (verdict.examples.length < 3 && !verdict.examples.some((e) => e.flow === ref.flow)) {
          const ofFlow = received.filter((m) => parse(m.refkey)?.flow === ref.flow).map((m) => `${m.templateCode} (${m.refkey})`);
          verdict.examples.push({ phone, flow: ref.flow, received: ofFlow });
        }
      }
      nextStep.set(ref.flow, Math.max(nextStep.get(ref.flow) ?? 0, ref.step + 1));
      if (message.sharesLane) {
        if (laneFlow !== undefined && laneFlow !== ref.flow) finishedLaneFlows.add(laneFlow);
        if (finishedLaneFlows.has(ref.flow)) interleaved = true;
        laneFlow = ref.flow;
      }
    }
    if (interleaved) verdict.interleavedPhones += 1;
  }
  return verdict;
}
