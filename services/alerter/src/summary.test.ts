import { describe, expect, it } from "vitest";
import { createBurstFolder } from "./burst.js";
import { MAY_REPEAT } from "./format.js";
import type { Folded } from "./handler.js";
import type { PostOutcome } from "./sink.js";
import { createSummarizer } from "./summary.js";
import { alertRecord, awake, collaborators, failing, memoryDedupe, recordingSink } from "./fakes.test-support.js";

function setup({ discord = recordingSink("discord"), slack = recordingSink("slack") } = {}) {
  const memory = memoryDedupe();
  const c = collaborators(memory.dedupe);
  const folder = createBurstFolder<Folded>({ limit: 0, windowMs: 60_000 });
  const summarizer = createSummarizer({
    sinks: [discord, slack],
    dedupe: memory.dedupe,
    folder,
    send: c.send,
    deadLetter: c.deadLetter,
    windowMs: 60_000,
    metrics: c.metrics,
    logger: c.logger,
  });
  const fold = (...items: Folded[]) => {
    for (const item of items) folder.admit(item, 0);
  };
  return { summarizer, memory, fold, discord, slack, dead: c.dead };
}

const names = (title: string, fields: [string, string][]) => `${title}\n${fields.map(([, v]) => v).join("\n")}`;

describe("createSummarizer", () => {
  it("settles folded records once every sink has the summary naming them, and marks them sent", async () => {
    const { summarizer, memory, fold, discord, slack } = setup();
    const items = [alertRecord(), alertRecord()];
    fold(...items);
    const settled = await summarizer.flush({ ...awake, final: false });
    expect(settled).toEqual(items.map((i) => i.record));
    for (const sink of [discord, slack]) {
      expect(sink.posts).toHaveLength(1);
      for (const { alert } of items) expect(names(sink.posts[0]!.title, sink.posts[0]!.fields)).toContain(alert.instanceId);
    }
    expect(items.every(({ alert }) => memory.state("slack", alert.alertId) === "sent")).toBe(true);
  });

  it("leaves out what a sink already has and flags what it may have", async () => {
    const { summarizer, memory, fold, discord, slack } = setup();
    const [had, maybe, fresh] = [alertRecord(), alertRecord(), alertRecord()];
    memory.set("discord", had.alert.alertId, "sent");
    memory.set("discord", maybe.alert.alertId, "posting");
    fold(had, maybe, fresh);
    expect(await summarizer.flush({ ...awake, final: false })).toHaveLength(3);
    const text = names(discord.posts[0]!.title, discord.posts[0]!.fields);
    expect(text).not.toContain(had.alert.instanceId);
    expect(text).toContain(`${maybe.alert.instanceId} `);
    expect(discord.posts[0]!.title.endsWith(MAY_REPEAT)).toBe(true);
    expect(slack.posts[0]!.title).not.toContain(MAY_REPEAT);
    expect(names(slack.posts[0]!.title, slack.posts[0]!.fields)).toContain(had.alert.instanceId);
  });

  it("posts nothing when every sink has every alert (a summary delivered before a crash)", async () => {
    const { summarizer, memory, fold, discord, slack } = setup();
    const a = alertRecord();
    for (const sink of ["discord", "slack"]) memory.set(sink, a.alert.alertId, "sent");
    fold(a);
    expect(await summarizer.flush({ ...awake, final: false })).toEqual([a.record]);
    expect([...discord.posts, ...slack.posts]).toEqual([]);
  });

  it("dead-letters the alerts of a summary a sink refuses, then settles them", async () => {
    const { summarizer, fold, dead } = setup({ slack: recordingSink("slack", () => failing) });
    const items = [alertRecord(), alertRecord()];
    fold(...items);
    expect(await summarizer.flush({ ...awake, final: false })).toEqual(items.map((i) => i.record));
    expect(dead.map((d) => d.record)).toEqual(items.map((i) => i.record));
    expect(dead[0]!.reason).toContain("slack: HTTP 400");
  });

  it("at the end: one try per sink, and what is not delivered stays unsettled, not dead-lettered", async () => {
    const busy = recordingSink("discord", () => ({ ok: false, retriable: true, status: 503, reason: "HTTP 503" }));
    const { summarizer, fold, dead } = setup({ discord: busy });
    fold(alertRecord());
    expect(await summarizer.flush({ ...awake, final: true })).toEqual([]);
    expect(busy.posts).toHaveLength(1);
    expect(dead).toEqual([]);
  });

  it("keeps what shutdown cut short for the next flush", async () => {
    let answer: PostOutcome = { ok: false, retriable: true, status: 503, reason: "HTTP 503" };
    const { summarizer, fold } = setup({ discord: recordingSink("discord", () => answer) });
    const a = alertRecord();
    fold(a);
    expect(await summarizer.flush({ sleep: async () => false, final: false })).toEqual([]);
    answer = { ok: true, status: 204 };
    expect(await summarizer.flush({ ...awake, final: false })).toEqual([a.record]);
  });

  it("names a redelivered alert once and settles both of its records", async () => {
    const { summarizer, fold, discord } = setup();
    const a = alertRecord();
    const copy = { ...a, record: { ...a.record, offset: "99" } };
    fold(a, copy);
    expect(await summarizer.flush({ ...awake, final: false })).toEqual([a.record, copy.record]);
    expect(discord.posts[0]!.title).toContain("1 more alerts");
  });
});
