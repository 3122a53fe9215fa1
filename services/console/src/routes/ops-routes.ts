import type { Express } from "express";
import { z } from "zod";
import type { Dlq } from "@sunseo/contracts";
import { dlqEntryView, listEntries, recordId, replayPlan, type DlqRecord } from "@sunseo/dlq";
import { allTopicNames } from "@sunseo/contracts";
import { operatorOf } from "../auth/middleware.js";
import type { AppDeps, AppSettings } from "../deps.js";
import { groupFailures } from "../index/entries.js";
import { alertsPage, type AlertRow } from "../pages/alerts-page.js";
import { dlqPage, dryRunResult, replayResult } from "../pages/dlq-page.js";
import { failureGroups, failuresPage, HOURS_CHOICES } from "../pages/failures-page.js";
import { healthPage } from "../pages/health-page.js";
import { layout, notice } from "../pages/layout.js";
import { streamFragment } from "../sse.js";
import { pageContext, single } from "./page-context.js";

const FAILURES_LIMIT = 2_000;
const hoursOf = (value: unknown, retentionMs: number): number => {
  const hours = Number(value);
  return Number.isFinite(hours) && hours > 0 ? Math.min(hours, retentionMs / 3_600_000) : 24;
};
const replayForm = z.object({ id: z.string().regex(/^\d+:\d+$/), dryRun: z.enum(["true", "false"]) });
const hasEntry = (r: DlqRecord): r is DlqRecord & { entry: Dlq } => r.entry !== undefined;
const distinct = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Failures, the dlq, alerts and health: the pages an operator opens when something broke. */
export function opsRoutes(app: Express, settings: AppSettings, deps: AppDeps): void {
  const { index, audit } = deps;
  const failureGroupsSince = async (hours: number) => groupFailures(await index.failuresSince(deps.now() - hours * 3_600_000, FAILURES_LIMIT));

  app.get("/failures", async (req, res) => {
    const hours = hoursOf(req.query.hours ?? HOURS_CHOICES[2], settings.retentionMs);
    const ctx = pageContext(req, res);
    res.type("html").send(layout("Failures", ctx, failuresPage(await failureGroupsSince(hours), hours, ctx)).text);
  });

  app.get("/failures/live", (req, res) => {
    const hours = hoursOf(req.query.hours, settings.retentionMs);
    const ctx = pageContext(req, res);
    let mark = "";
    let rendered = "";
    streamFragment(
      req,
      res,
      async () => {
        // Re-render only when the index moved: a cheap ZCOUNT and ZRANGE per tick.
        const now = await index.failureMark(deps.now() - hours * 3_600_000);
        if (now !== mark) {
          mark = now;
          rendered = failureGroups(await failureGroupsSince(hours), ctx).text;
        }
        return { html: rendered };
      },
      2_000,
    );
  });

  app.get("/dlq", async (req, res) => {
    const ctx = pageContext(req, res);
    const records = await deps.readDlq();
    const readable = records.filter(hasEntry);
    const filter = { topic: single(req.query.topic), code: single(req.query.code), service: single(req.query.service) };
    const chosen = listEntries(
      readable,
      { ...(filter.topic ? { topic: filter.topic } : {}), ...(filter.code ? { code: filter.code } : {}) },
      settings.topicPrefix,
    )
      .filter(hasEntry)
      .filter((r) => filter.service === undefined || r.entry.service === filter.service);
    const marks = await index.replayed(settings.dlqTopic, chosen.map(recordId));
    const rows = chosen.map((r) => ({ view: dlqEntryView(r, false), ...(marks.has(recordId(r)) ? { replayed: marks.get(recordId(r))! } : {}) }));
    const choices = {
      topics: distinct(readable.map((r) => r.entry.topic)),
      codes: distinct(readable.map((r) => r.entry.code)),
      services: distinct(readable.map((r) => r.entry.service)),
    };
    res.type("html").send(layout("DLQ", ctx, dlqPage(rows, filter, choices, records.length - readable.length, ctx)).text);
  });

  app.post("/dlq/replay", async (req, res) => {
    const form = replayForm.safeParse(req.body);
    if (!form.success) return void res.status(400).type("html").send(notice("error", "which record? (partition:offset)").text);
    const ctx = pageContext(req, res);
    const { id } = form.data;
    const record = (await deps.readDlq()).filter(hasEntry).find((r) => recordId(r) === id);
    if (record === undefined)
      return void res
        .status(404)
        .type("html")
        .send(notice("error", `no dlq record ${id}`).text);
    const view = dlqEntryView(record, false);
    const replayable = new Set(allTopicNames(settings.topicPrefix).filter((name) => name !== settings.dlqTopic));
    const plan = replayPlan(record.entry, replayable);
    const user = operatorOf(res).user;
    if (form.data.dryRun === "true") {
      audit.record(user, "dlq-dry-run", { id, topic: record.entry.topic, code: record.entry.code });
      return void res.type("html").send(dryRunResult(view, plan.ok ? { ok: true, topic: plan.message.topic } : plan, ctx).text);
    }
    if (!plan.ok) return void res.status(409).type("html").send(replayResult(id, plan).text);
    // The marker first: of two operators clicking at once, one replays and the other is told.
    const previous = (await index.replayed(settings.dlqTopic, [id])).get(id);
    if (previous !== undefined || !(await index.markReplayed(settings.dlqTopic, id, user, deps.now()))) {
      const by = previous?.by ?? (await index.replayed(settings.dlqTopic, [id])).get(id)?.by ?? "someone";
      return void res
        .status(409)
        .type("html")
        .send(replayResult(id, { ok: false, reason: `already replayed by ${by}` }).text);
    }
    try {
      await deps.replay(plan.message);
    } catch (err) {
      await index.unmarkReplayed(settings.dlqTopic, id);
      throw err;
    }
    audit.record(user, "dlq-replay", { id, topic: plan.message.topic, code: record.entry.code });
    res.type("html").send(replayResult(id, { ok: true, topic: plan.message.topic, by: user }).text);
  });

  app.get("/alerts", async (req, res) => {
    const hours = hoursOf(req.query.hours, settings.retentionMs);
    const ctx = pageContext(req, res);
    const alerts = await index.alertsSince(deps.now() - hours * 3_600_000, 500);
    const states = await deps.alertStates(alerts.map((a) => a.alertId));
    const rows: AlertRow[] = alerts.map((alert) => ({
      alert,
      sinks: Object.fromEntries(settings.alertSinks.map((sink) => [sink, states.state(sink, alert.alertId)])),
      folded: states.folded(alert.alertId),
    }));
    res.type("html").send(layout("Alerts", ctx, alertsPage(rows, hours, settings.alertSinks, ctx)).text);
  });

  app.get("/health", async (req, res) => {
    res.type("html").send(layout("Health", pageContext(req, res), healthPage(await deps.health())).text);
  });
}
