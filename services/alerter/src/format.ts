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
  /** Where the console shows it (the flow page, or the alerts page for a summary), when CONSOLE_BASE_URL is set. */
  url?: string;
}

/** The console page of a flow, or of the alerts: the console's routes, joined to CONSOLE_BASE_URL. */
export const consoleUrl = (base: string | undefined, path: string): { url?: string } =>
  base === undefined ? {} : { url: `${base.replace(/\/+$/, "")}${path}` };

const TITLES: Record<Alert["kind"], string> = {
  "step-failed": "알림톡 발송 실패 (step failed)",
  "step-rejected": "알림톡 요청 거부 (step rejected)",
  "step-timed-out": "알림톡 결과 시간 초과 (step timed out)",
  "flow-cancelled": "플로우 취소 (flow cancelled)",
  "flow-expired": "플로우 만료 (flow expired while waiting)",
};

/** Added to a title when a sink may already have shown this alert: its post was cut off before it was marked sent. */
export const MAY_REPEAT = " (재전송 가능 / may repeat)";

export function alertMessage(alert: Alert, { repeat = false, consoleBaseUrl }: { repeat?: boolean; consoleBaseUrl?: string } = {}): ChatMessage {
  const fields: [string, string][] = [
    ["Flow", alert.flow],
    ["Step", `${alert.step} ${alert.stepName}`],
    ["Template", alert.templateCode],
    ["Phone", maskPhone(alert.phone)],
  ];
  if (alert.resultCode !== undefined) fields.push(["Result", `${alert.resultCode} ${describeResult(alert.resultCode).meaning}`]);
  fields.push(["Instance", alert.instanceId]);
  if (alert.detail !== undefined) fields.push(["Detail", alert.detail]);
  const severity = alert.kind === "step-timed-out" || alert.kind === "flow-expired" ? "warning" : alert.kind === "flow-cancelled" ? "info" : "error";
  return {
    title: TITLES[alert.kind] + (repeat ? MAY_REPEAT : ""),
    fields,
    severity,
    at: alert.at,
    ...consoleUrl(consoleBaseUrl, `/flow/${encodeURIComponent(alert.instanceId)}`),
  };
}

/** A folded alert as one summary shows it: `repeat` when this sink may have shown it already. */
export interface SummaryItem {
  alert: Alert;
  repeat: boolean;
}

/** One post of a summary and the alerts it names (what the dedupe marks once the post is delivered). */
export interface SummaryPost {
  message: ChatMessage;
  alertIds: string[];
}

/**
 * The limits one post must respect on both sinks: Discord allows 1024 characters per field
 * value, 25 fields and 6000 characters per embed; Slack 3000 per section (counted after
 * escaping). Slack's budget is the tighter one, so a post that fits it fits Discord's total.
 */
export const POST_LIMITS = { fieldChars: 1024, fields: 25, sectionChars: 3000 } as const;
const LINE_CHARS = 200;
const COUNT_CHARS = 300;

/**
 * The posts that stand for the alerts folded during a burst: counts first, then every alert
 * on its own line (instance, step, kind, masked phone), so a person can look each flow up.
 * A long list is split into several posts ("1/3", "2/3", ...) within POST_LIMITS.
 */
export function summaryPosts(items: readonly SummaryItem[], windowMs: number, at: number, consoleBaseUrl?: string): SummaryPost[] {
  if (items.length === 0) return [];
  const alerts = items.map((i) => i.alert);
  const count = (key: (a: Alert) => string) => {
    const counts = new Map<string, number>();
    for (const a of alerts) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
    const top = [...counts]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([k, n]) => `${k} ×${n}`)
      .join(", ");
    return top.slice(0, COUNT_CHARS);
  };
  const counts: [string, string][] = [
    ["Flows", count((a) => a.flow)],
    ["Kinds", count((a) => a.kind)],
    ["Results", count((a) => (a.resultCode === undefined ? "-" : `${a.resultCode} ${describeResult(a.resultCode).meaning}`))],
  ];
  const pages = paginate(items, counts);
  const title = `알림 ${items.length}건 요약 (${items.length} more alerts in ${describeWindow(windowMs)}, folded)`;
  return pages.map((page, i) => ({
    message: {
      title: title + (pages.length > 1 ? ` ${i + 1}/${pages.length}` : "") + (page.repeat ? MAY_REPEAT : ""),
      fields: page.fields,
      severity: "warning",
      at,
      ...consoleUrl(consoleBaseUrl, "/alerts"),
    },
    alertIds: page.alertIds,
  }));
}

interface Page {
  fields: [string, string][];
  alertIds: string[];
  repeat: boolean;
}

/** Packs one line per alert into "Alerts i-j of n" fields and those into pages; the counts go on the first page only. */
function paginate(items: readonly SummaryItem[], counts: [string, string][]): Page[] {
  const pages: Page[] = [];
  let page: Page = { fields: [...counts], alertIds: [], repeat: false };
  let open: { from: number; lines: string[] } | undefined;
  const field = (from: number, lines: string[]): [string, string] => [`Alerts ${from}-${from + lines.length - 1} of ${items.length}`, lines.join("\n")];
  const fits = (fields: [string, string][]) =>
    fields.length <= POST_LIMITS.fields &&
    fields.every(([, value]) => value.length <= POST_LIMITS.fieldChars) &&
    sectionChars(fields) <= POST_LIMITS.sectionChars;
  items.forEach((item, i) => {
    const line = summaryLine(item);
    if (open && fits([...page.fields, field(open.from, [...open.lines, line])])) {
      open.lines.push(line);
    } else {
      if (open) page.fields.push(field(open.from, open.lines));
      if (!fits([...page.fields, field(i + 1, [line])])) {
        pages.push(page);
        page = { fields: [], alertIds: [], repeat: false };
      }
      open = { from: i + 1, lines: [line] };
    }
    page.alertIds.push(item.alert.alertId);
    page.repeat ||= item.repeat;
  });
  if (open) page.fields.push(field(open.from, open.lines));
  pages.push(page);
  return pages;
}

/** One folded alert: enough to find its flow (`sunseo flow <instance>`), never the whole phone. */
function summaryLine({ alert, repeat }: SummaryItem): string {
  const result = alert.resultCode === undefined ? "" : ` · ${alert.resultCode}`;
  const line = `${alert.instanceId} · ${alert.step} ${alert.stepName.slice(0, 40)} · ${alert.kind}${result} · ${maskPhone(alert.phone)}`;
  return (line + (repeat ? " (may repeat)" : "")).slice(0, LINE_CHARS);
}

/** The length of the Slack section slackPayload builds from these fields. */
const sectionChars = (fields: [string, string][]) => slackLines(fields).join("\n").length;

const describeWindow = (ms: number) => (ms < 60_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`);

const COLORS = { error: 0xd92d20, warning: 0xf79009, info: 0x667085 } as const;

/** Discord webhook body: one embed; mentions disabled so alert text can never ping anyone. */
export function discordPayload(message: ChatMessage): unknown {
  return {
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: message.title,
        ...(message.url ? { url: message.url } : {}),
        color: COLORS[message.severity],
        fields: message.fields.map(([name, value]) => ({ name, value: value.slice(0, 1024) || "-", inline: value.length < 40 })),
        timestamp: new Date(message.at).toISOString(),
      },
    ],
  };
}

/** Slack incoming-webhook body: `text` for notifications, a section block for the table. */
export function slackPayload(message: ChatMessage): unknown {
  const lines = slackLines(message.fields);
  return {
    text: message.title,
    blocks: [
      { type: "header", text: { type: "plain_text", text: message.title.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 3000) } },
      ...(message.url ? [{ type: "context", elements: [{ type: "mrkdwn", text: `<${message.url}|sunseo console에서 보기 (open in the console)>` }] }] : []),
    ],
  };
}

const slackLines = (fields: [string, string][]) => fields.map(([name, value]) => `*${name}:* ${escapeSlack(value)}`);

// Slack treats <, > and & as control characters (links, mentions).
const escapeSlack = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
