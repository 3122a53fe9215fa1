import type { Alert } from "@sunseo/contracts";
import type { ChannelPost } from "./alert-sink.js";

/**
 * The channel's posts read as a person reads them (the alerter's format.ts shapes): an
 * alert's own embed names its flow in the "Instance" field and its kind in the title; a
 * summary lists one folded alert per line of its "Alerts i-j of n" fields,
 * `instance · step name · kind · result · masked phone`. Either may say it may repeat.
 */
export interface AlertShown {
  instanceId: string;
  step: number;
  kind: Alert["kind"];
  /** Marked "(재전송 가능 / may repeat)" or "(may repeat)": the alerter warns it may have been shown before. */
  mayRepeat: boolean;
  inSummary: boolean;
  at: number;
}

interface Embed {
  title?: string;
  fields?: { name: string; value: string }[];
}

const KINDS: readonly Alert["kind"][] = ["step-failed", "step-rejected", "step-timed-out", "flow-cancelled"];
/** The English half of each title ("알림톡 발송 실패 (step failed)"). */
const TITLE_KINDS: [string, Alert["kind"]][] = [
  ["(step failed)", "step-failed"],
  ["(step rejected)", "step-rejected"],
  ["(step timed out)", "step-timed-out"],
  ["(flow cancelled)", "flow-cancelled"],
];

export class UnreadablePostError extends Error {
  override readonly name = "UnreadablePostError";
  constructor(what: string) {
    super(`an alert post the campaign cannot read: ${what}`);
  }
}

export function alertsShown(posts: readonly ChannelPost[]): AlertShown[] {
  const shown: AlertShown[] = [];
  for (const post of posts) {
    for (const embed of (post.body as { embeds?: Embed[] }).embeds ?? []) {
      const title = embed.title ?? "";
      const fields = embed.fields ?? [];
      const listed = fields.filter((f) => /^Alerts \d+-\d+ of \d+$/.test(f.name));
      if (listed.length > 0) {
        for (const line of listed.flatMap((f) => f.value.split("\n"))) shown.push({ ...summaryLine(line), at: post.at, inSummary: true });
        continue;
      }
      const instanceId = fields.find((f) => f.name === "Instance")?.value;
      const step = Number.parseInt(fields.find((f) => f.name === "Step")?.value ?? "", 10);
      const kind = TITLE_KINDS.find(([text]) => title.includes(text))?.[1];
      if (instanceId === undefined || Number.isNaN(step) || kind === undefined) throw new UnreadablePostError(JSON.stringify(embed).slice(0, 300));
      shown.push({ instanceId, step, kind, mayRepeat: title.includes("may repeat"), inSummary: false, at: post.at });
    }
  }
  return shown;
}

function summaryLine(line: string): Omit<AlertShown, "at" | "inSummary"> {
  const parts = line.split(" · ");
  const kind = KINDS.find((k) => k === parts[2]);
  const step = Number.parseInt(parts[1] ?? "", 10);
  if (parts[0] === undefined || kind === undefined || Number.isNaN(step)) throw new UnreadablePostError(`summary line "${line}"`);
  return { instanceId: parts[0], step, kind, mayRepeat: line.endsWith("(may repeat)") };
}

export const alertKey = (a: Pick<AlertShown, "instanceId" | "step" | "kind">): string => `${a.instanceId}:${a.step}:${a.kind}`;

/**
 * Alerts a person saw more than once without being told it may repeat: every showing after
 * the first must carry the mark.
 */
export function unflaggedRepeats(shown: readonly AlertShown[]): { key: string; times: number }[] {
  const unflagged = new Map<string, number>();
  for (const a of shown) if (!a.mayRepeat) unflagged.set(alertKey(a), (unflagged.get(alertKey(a)) ?? 0) + 1);
  return [...unflagged].filter(([, times]) => times > 1).map(([key, times]) => ({ key, times }));
}
