import { describe, expect, it } from "vitest";
import { createBurstFolder } from "./burst.js";
import type { SinkState } from "./dedupe.js";
import { MAY_REPEAT } from "./format.js";
import { createAlertHandler, type Folded } from "./handler.js";
import { alertRecord, awake, collaborators, failing, memoryDedupe, recordingSink } from "./fakes.test-support.js";

function setup({ limit = 10, discord = recordingSink("discord") } = {}) {
  const memory = memoryDedupe();
  const c = collaborators(memory.dedupe);
  const folder = createBurstFolder<Folded>({ limit, windowMs: 60_000 });
  const slack = recordingSink("slack");
  const handler = createAlertHandler({
    sinks: [discord, slack],
    dedupe: memory.dedupe,
    folder,
    send: c.send,
    deadLetter: c.deadLetter,
    metrics: c.metrics,
    logger: c.logger,
  });
  return { handler, memory, folder, discord, slack, dead: c.dead };
}

describe("createAlertHandler", () => {
  it("marks an alert posting before the post and sent after it", async () => {
    const seen: SinkState[] = [];
    const a = alertRecord();
    const { handler, memory } = setup({ discord: recordingSink("discord", undefined, () => seen.push(memory.state("discord", a.alert.alertId))) });
    expect(await handler.handle(a.record, awake)).toBe("done");
    expect(seen).toEqual(["posting"]);
    expect(memory.state("discord", a.alert.alertId)).toBe("sent");
  });

  it("posts a replay found 'posting' again, flagged as a possible repeat, only where it may repeat", async () => {
    const a = alertRecord();
    const { handler, memory, discord, slack } = setup();
    memory.set("discord", a.alert.alertId, "posting");
    expect(await handler.handle(a.record, awake)).toBe("done");
    expect(discord.posts[0]!.title.endsWith(MAY_REPEAT)).toBe(true);
    expect(slack.posts[0]!.title).not.toContain(MAY_REPEAT);
  });

  it("holds a folded alert back (not done) and remembers that it was folded", async () => {
    const { handler, memory, folder, discord } = setup({ limit: 1 });
    const [first, second] = [alertRecord(), alertRecord()];
    expect(await handler.handle(first.record, awake)).toBe("done");
    expect(await handler.handle(second.record, awake)).toBe("folded");
    expect(memory.folded.has(second.alert.alertId)).toBe(true);
    expect(folder.takeFolded().map((f) => f.alert.alertId)).toEqual([second.alert.alertId]);
    expect(discord.posts).toHaveLength(1);
  });

  it("folds a redelivered alert that was folded before, though the window has room", async () => {
    const { handler, memory, folder, discord } = setup();
    const a = alertRecord();
    await memory.dedupe.markFolded(a.alert.alertId);
    expect(await handler.handle(a.record, awake)).toBe("folded");
    expect(folder.takeFolded()).toHaveLength(1);
    expect(discord.posts).toEqual([]);
  });

  it("defers (neither done nor dead-lettered) an alert whose retries shutdown cut short", async () => {
    const { handler, dead } = setup({ discord: recordingSink("discord", () => ({ ok: false, retriable: true, status: 503, reason: "HTTP 503" })) });
    expect(await handler.handle(alertRecord().record, { sleep: async () => false })).toBe("deferred");
    expect(dead).toEqual([]);
  });

  it("dead-letters an alert a sink refuses, and is done with it", async () => {
    const { handler, dead } = setup({ discord: recordingSink("discord", () => failing) });
    const a = alertRecord();
    expect(await handler.handle(a.record, awake)).toBe("done");
    expect(dead.map((d) => [d.record.offset, d.code])).toEqual([[a.record.offset, "ALERT_UNDELIVERABLE"]]);
  });
});
