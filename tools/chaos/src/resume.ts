import { describeResult } from "@sunseo/contracts";

/**
 * Time to resume after a kill, measured at the gateway. For each SIGKILL of a sequencer,
 * dispatcher or webhook-ingest at time K: take every delivery report webhook-ingest
 * acknowledged in [K, K + 2 s] (the simulator's push log, the first acknowledged push of its
 * refkey, a delivered RESULT, a step with a next step); its gap is the time from that
 * acknowledgement to the first /v3/message call of the flow's next step (the simulator's
 * request log), less the next step's own configured delay. The kill's resume time is its
 * longest gap. A report whose flow never sent its next step counts as never resumed (Infinity:
 * the flow stalled) unless the flow was cancelled or had ended before the report came.
 */
export const RESUME_WINDOW_MS = 2_000;

export interface KillAt {
  at: number;
  label: string;
}

export interface ResumeInput {
  kills: readonly KillAt[];
  /**
   * When each report was there, oldest first: webhook-ingest's acknowledgement of the push (the
   * promise), or the delivery on the phone (which also counts pushes the gateway gave up on).
   */
  reports: readonly { refkey: string; result: string; at: number }[];
  /** /v3/message calls. */
  sends: readonly { refkey?: string; at: number }[];
  /** For an instance: the configured delay of each step (its length is the step count), and how and when it ended. */
  flowOf(instanceId: string): { delaysMs: readonly number[]; cancelled: boolean; endedAt?: number } | undefined;
}

export interface KillResume {
  label: string;
  at: number;
  /** Reports in the window that had a next step to wait for. */
  samples: number;
  /** The longest gap (ms); undefined without samples, Infinity when a flow never resumed. */
  resumeMs?: number;
  /** The report behind the longest gap. */
  worst?: { refkey: string; nextSendAt?: number };
}

export const parseRefkey = (refkey: string) => {
  const match = /^(.+)-(\d+)-(\d+)$/.exec(refkey);
  return match ? { instanceId: match[1]!, step: Number(match[2]) } : undefined;
};

export function resumeAfterKills({ kills, reports, sends, flowOf }: ResumeInput): KillResume[] {
  const firstReport = new Map<string, { refkey: string; result: string; at: number }>();
  for (const report of reports) if (!firstReport.has(report.refkey)) firstReport.set(report.refkey, report);
  const firstSendOfStep = new Map<string, number>();
  for (const send of sends) {
    const ref = send.refkey === undefined ? undefined : parseRefkey(send.refkey);
    if (!ref) continue;
    const key = `${ref.instanceId}-${ref.step}`;
    if (!firstSendOfStep.has(key)) firstSendOfStep.set(key, send.at);
  }
  return kills.map(({ at, label }) => {
    const result: KillResume = { label, at, samples: 0 };
    for (const report of firstReport.values()) {
      if (report.at < at || report.at > at + RESUME_WINDOW_MS || !describeResult(report.result).delivered) continue;
      const ref = parseRefkey(report.refkey);
      const flow = ref && flowOf(ref.instanceId);
      if (!ref || !flow || ref.step + 1 >= flow.delaysMs.length) continue;
      const nextSendAt = firstSendOfStep.get(`${ref.instanceId}-${ref.step + 1}`);
      if (nextSendAt === undefined && (flow.cancelled || (flow.endedAt !== undefined && flow.endedAt < report.at))) continue;
      const gap = nextSendAt === undefined ? Infinity : Math.max(0, nextSendAt - report.at - flow.delaysMs[ref.step + 1]!);
      result.samples += 1;
      if (result.resumeMs === undefined || gap > result.resumeMs) {
        result.resumeMs = gap;
        result.worst = { refkey: report.refkey, ...(nextSendAt === undefined ? {} : { nextSendAt }) };
      }
    }
    return result;
  });
}
