import { describeResult, type Alert } from "@sunseo/contracts";
import { maskPhone } from "@sunseo/phone";

/** One chat message, before it is shaped for Discord or Slack. */
export interface ChatMessage {
  title: string;
  /** Name/value pairs shown as a table; values never hold a whole phone number. */
  fields: [string, string][];
  /** Red for failures, amber for timeouts, grey for cancellations and summaries. */
  severity: "error" | "warning" | "info";
  at: number;
}

const TITLES: Record<Alert["kind"], string> = {
  "step-failed": "알림톡 발송 실패 (step failed)",
  "step-rejected": "알림톡 요청 거부 (step rejected)",
  "step-timed-out": "알림톡 결과 시간 초과 (step timed out)",
  "flow-cancelled": "플로우 취소 (flow cancelled)",
};

export function alertMessage(alert: Alert): ChatMessage {
  const fields: [string, string][] = [
    ["Flow", alert.flow],
    ["Step", `${alert.step} ${alert.stepName}`],
    ["Template", alert.templateCode],
    ["Phone", maskPhone(alert.phone)],
  ];
  if (alert.resultCode !== undefined) fields.push(["Result", `${alert.resultCode} ${describeResult(alert.resultCode).meaning}`]);
  fields.push(["Instance", alert.instanceId]);
  if (alert.detail !== undefined) fields.push(["Detail", alert.detail]);
  const severity = alert.kind === "step-timed-out" ? "warning" : alert.kind === "flow-cancelled" ? "info" : "error";
  return { title: TITLES[alert.kind], fields, severity, at: alert.at };
}

/** The one message that stands for the alerts folded during a burst: counts, not a flood. */
export function summaryMessage(folded: readonly Alert[], windowMs: number, at: number): ChatMessage {
  const count = (key: (a: Alert) => string) => {
    const counts = new Map<string, number>();
    for (const a of folded) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
    return [...counts].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([k, n]) => `${k} ×${n}`).join(", ");
  };
  const minutes = Math.max(1, Math.round(windowMs / 60_000));
  return {
    title: `알림 ${folded.length}건 요약 (${folded.length} more alerts in ${minutes} min, folded)`,
    fields: [
      ["Flows", count((a) => a.flow)],
      ["Kinds", count((a) => a.kind)],
      ["Results", count((a) => (a.resultCode === undefined ? "-" : `${a.resultCode} ${describeResult(a.resultCode).meaning}`))],
      ["Instances", folded.slice(0, 5).map((a) => a.instanceId).join(", ") + (folded.length > 5 ? ", …" : "")],
    ],
    severity: "warning",
    at,
  };
}

const COLORS = { error: 0xd92d20, warning: 0xf79009, info: 0x667085 } as const;

/** Discord webhook body: one embed; mentions disabled so alert text can never ping anyone. */
export function discordPayload(message: ChatMessage): unknown {
  return {
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: message.title,
        color: COLORS[message.severity],
        fields: message.fields.map(([name, value]) => ({ name, value: value.slice(0, 1024) || "-", inline: value.length < 40 })),
        timestamp: new Date(message.at).toISOString(),
      },
    ],
  };
}

/** Slack incoming-webhook body: `text` for notifications, a section block for the table. */
export function slackPayload(message: ChatMessage): unknown {
  const lines = message.fields.map(([name, value]) => `*${name}:* ${escapeSlack(value)}`);
  return {
    text: message.title,
    blocks: [
      { type: "header", text: { type: "plain_text", text: message.title.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 3000) } },
    ],
  };
}

// Slack treats <, > and & as control characters (links, mentions).
const escapeSlack = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
