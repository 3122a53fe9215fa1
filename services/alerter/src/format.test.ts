import { describe, expect, it } from "vitest";
import type { Alert } from "@sunseo/contracts";
import { alertMessage, discordPayload, MAY_REPEAT, slackPayload, summaryPosts, type SummaryItem, type SummaryPost } from "./format.js";

const alert: Alert = {
  alertId: "a-1",
  kind: "step-failed",
  phone: "01012345678",
  flow: "teacher-onboarding",
  instanceId: "inst-42",
  step: 1,
  stepName: "photo-video",
  templateCode: "TPL_PHOTO",
  resultCode: "7308",
  detail: "report said failed",
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
};

describe("alertMessage", () => {
  it("names flow, step, template, masked phone, result code with its meaning, and the instance", () => {
    expect(alertMessage(alert)).toEqual({
      title: "알림톡 발송 실패 (step failed)",
      severity: "error",
      at: alert.at,
      fields: [
        ["Flow", "teacher-onboarding"],
        ["Step", "1 photo-video"],
        ["Template", "TPL_PHOTO"],
        ["Phone", "010-****-5678"],
        ["Result", "7308 전화번호 오류"],
        ["Instance", "inst-42"],
        ["Detail", "report said failed"],
      ],
    });
  });

  it("leaves out the result line when there is no code", () => {
    const { resultCode: _c, ...timedOut } = alert;
    const message = alertMessage({ ...timedOut, kind: "step-timed-out" });
    expect(message.fields.map(([name]) => name)).not.toContain("Result");
    expect(message.severity).toBe("warning");
  });
});

describe("payloads", () => {
  it("never carries the whole phone number", () => {
    const message = alertMessage(alert);
    expect(JSON.stringify(discordPayload(message))).not.toContain("01012345678");
    expect(JSON.stringify(slackPayload(message))).not.toContain("01012345678");
  });

  it("disables Discord mentions and escapes Slack control characters", () => {
    const message = alertMessage({ ...alert, detail: "<!channel> & co" });
    expect(discordPayload(message)).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(JSON.stringify(slackPayload(message))).toContain("&lt;!channel&gt; &amp; co");
  });
});

describe("links to the console (CONSOLE_BASE_URL)", () => {
  it("links an alert to its flow's page on Discord and Slack, a summary to the alerts page, and nothing without a base URL", () => {
    const message = alertMessage(alert, { consoleBaseUrl: "https://console.example/" });
    expect(message.url).toBe("https://console.example/flow/inst-42");
    expect(discordPayload(message)).toMatchObject({ embeds: [{ url: "https://console.example/flow/inst-42" }] });
    expect(JSON.stringify(slackPayload(message))).toContain("<https://console.example/flow/inst-42|");
    const [summary] = summaryPosts([{ alert, repeat: false }], 60_000, alert.at, "https://console.example");
    expect(summary!.message.url).toBe("https://console.example/alerts");
    expect(alertMessage(alert).url).toBeUndefined();
    expect(JSON.stringify(discordPayload(alertMessage(alert)))).not.toContain('"url"');
  });
});

describe("alertMessage on a replay", () => {
  it("says the sink may have shown it already", () => {
    expect(alertMessage(alert, { repeat: true }).title).toBe(`알림톡 발송 실패 (step failed)${MAY_REPEAT}`);
  });
});

describe("summaryPosts", () => {
  const many = (n: number, overrides: Partial<Alert> = {}): SummaryItem[] =>
    Array.from({ length: n }, (_, i) => ({
      alert: {
        ...alert,
        alertId: `a-${i}`,
        instanceId: `inst-${String(i).padStart(6, "0")}`,
        phone: `0101234${String(i % 10_000).padStart(4, "0")}`,
        ...overrides,
      },
      repeat: false,
    }));
  const discordEmbed = (post: SummaryPost) =>
    (discordPayload(post.message) as { embeds: { title: string; fields: { name: string; value: string }[] }[] }).embeds[0]!;
  const slackSection = (post: SummaryPost) => (slackPayload(post.message) as { blocks: { text: { text: string } }[] }).blocks[1]!.text.text;

  it("counts the folded alerts by flow, kind and result, and names each one", () => {
    const folded: SummaryItem[] = [
      { alert, repeat: false },
      { alert: { ...alert, alertId: "a-2", instanceId: "inst-43" }, repeat: false },
      { alert: { ...alert, alertId: "a-3", flow: "other", resultCode: "7204", kind: "step-rejected" }, repeat: false },
    ];
    const [post, ...rest] = summaryPosts(folded, 60_000, 0);
    expect(rest).toEqual([]);
    expect(post!.message.title).toBe("알림 3건 요약 (3 more alerts in 1 min, folded)");
    expect(post!.alertIds).toEqual(["a-1", "a-2", "a-3"]);
    expect(Object.fromEntries(post!.message.fields)).toEqual({
      Flows: "teacher-onboarding ×2, other ×1",
      Kinds: "step-failed ×2, step-rejected ×1",
      Results: "7308 전화번호 오류 ×2, 7204 템플릿 불일치 ×1",
      "Alerts 1-3 of 3": [
        "inst-42 · 1 photo-video · step-failed · 7308 · 010-****-5678",
        "inst-43 · 1 photo-video · step-failed · 7308 · 010-****-5678",
        "inst-42 · 1 photo-video · step-rejected · 7204 · 010-****-5678",
      ].join("\n"),
    });
  });

  it("splits a long list into posts within Discord's and Slack's limits, naming every alert exactly once", () => {
    const items = many(500);
    const posts = summaryPosts(items, 5_000, 0);
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.flatMap((p) => p.alertIds)).toEqual(items.map((i) => i.alert.alertId));
    const named = posts.flatMap((p) => p.message.fields.filter(([name]) => name.startsWith("Alerts")).flatMap(([, value]) => value.split("\n")));
    expect(named.map((line) => line.split(" · ")[0])).toEqual(items.map((i) => i.alert.instanceId));
    posts.forEach((post, i) => {
      expect(post.message.title).toContain(`(500 more alerts in 5 s, folded) ${i + 1}/${posts.length}`);
      const embed = discordEmbed(post);
      expect(embed.fields.map((f) => f.value)).toEqual(post.message.fields.map(([, value]) => value));
      expect(embed.fields.length).toBeLessThanOrEqual(25);
      for (const field of embed.fields) expect(field.value.length).toBeLessThanOrEqual(1024);
      expect(embed.title.length + embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0)).toBeLessThanOrEqual(6000);
      expect(slackSection(post).length).toBeLessThanOrEqual(3000);
      // The payloads would cut anything longer: nothing may depend on that.
      expect(slackSection(post)).toBe(post.message.fields.map(([n, v]) => `*${n}:* ${v}`).join("\n"));
    });
  });

  it("budgets for Slack's escaping, so no line is cut off", () => {
    const posts = summaryPosts(many(300, { stepName: "<&>".repeat(13) }), 60_000, 0);
    const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    for (const post of posts) {
      expect(slackSection(post).length).toBeLessThanOrEqual(3000);
      expect(slackSection(post)).toBe(post.message.fields.map(([n, v]) => `*${n}:* ${escaped(v)}`).join("\n"));
    }
    expect(posts.flatMap((p) => p.alertIds)).toHaveLength(300);
  });

  it("never shows a whole phone number", () => {
    const posts = summaryPosts(many(50), 60_000, 0);
    const text = JSON.stringify(posts.map((p) => [discordPayload(p.message), slackPayload(p.message)]));
    expect(text).not.toMatch(/010\d{8}/);
    expect(text).toContain("010-****-0049");
  });

  it("flags the alerts a sink may have shown already, and the posts that carry them", () => {
    const items = many(3);
    items[1]!.repeat = true;
    const [post] = summaryPosts(items, 60_000, 0);
    expect(post!.message.title.endsWith(MAY_REPEAT)).toBe(true);
    const lines = post!.message.fields.find(([name]) => name.startsWith("Alerts"))![1].split("\n");
    expect(lines.map((l) => l.endsWith("(may repeat)"))).toEqual([false, true, false]);
    expect(summaryPosts(many(3), 60_000, 0)[0]!.message.title).not.toContain(MAY_REPEAT);
  });

  it("has nothing to post for nothing folded", () => expect(summaryPosts([], 60_000, 0)).toEqual([]));
});
