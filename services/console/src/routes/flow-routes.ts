import type { Express, Request, Response } from "express";
import { z } from "zod";
import { findFlowById, FlowNotFoundError, flowView, phoneFlowViews, TERMINAL } from "@sunseo/flow-state";
import { maskPhone, maskPhonesInText } from "@sunseo/phone";
import { operatorOf } from "../auth/middleware.js";
import type { AppDeps } from "../deps.js";
import { lookup } from "../lookup.js";
import { flowLive, flowPage } from "../pages/flow-page.js";
import { html } from "../pages/html.js";
import { layout, notice } from "../pages/layout.js";
import { phonePage } from "../pages/phone-page.js";
import { searchPage } from "../pages/search-page.js";
import { classifyQuery } from "../search.js";
import { streamFragment } from "../sse.js";
import { pageContext } from "./page-context.js";

const HIDDEN = { showPhone: false };
const cancelForm = z.object({ reason: z.string().trim().max(200).optional() });
const reportForm = z.object({ step: z.coerce.number().int().nonnegative() });

/** Search, the phone timeline, the flow page and its actions. */
export function flowRoutes(app: Express, deps: AppDeps): void {
  const { reader, phoneRefs, audit } = deps;

  const notFound = (req: Request, res: Response, text: string) =>
    res
      .status(404)
      .type("html")
      .send(layout("Not found", pageContext(req, res), notice("error", text)).text);

  app.get("/", (req, res) => {
    res.type("html").send(layout("Search", pageContext(req, res), searchPage(undefined)).text);
  });

  app.get("/search", async (req, res) => {
    const result = await lookup(classifyQuery(typeof req.query.q === "string" ? req.query.q : ""), reader, deps.index);
    const zone = req.query.tz === "utc" ? "&tz=utc" : "";
    if (result.kind === "phone") return void res.redirect(303, `/phone/${phoneRefs.toRef(result.phone)}${zone.replace("&", "?")}`);
    if (result.kind === "flow") return void res.redirect(303, `/flow/${encodeURIComponent(result.found.flow.id)}?by=${encodeURIComponent(result.by)}${zone}`);
    res
      .status(404)
      .type("html")
      .send(layout("Search", pageContext(req, res), searchPage(maskPhonesInText(result.reason))).text);
  });

  app.get("/phone/:ref", async (req, res) => {
    const phone = phoneRefs.fromRef(req.params.ref);
    if (phone === undefined) return void notFound(req, res, "This phone link is not valid here (made by another console, or mistyped): search again.");
    const state = await reader.phoneState(phone);
    const flows = state === undefined ? [] : phoneFlowViews(phone, state, HIDDEN);
    res
      .type("html")
      .send(layout(`Phone ${maskPhone(phone)}`, pageContext(req, res), phonePage(pageContext(req, res), req.params.ref, maskPhone(phone), flows)).text);
  });

  app.post("/phone/:ref/reveal", (req, res) => {
    const phone = phoneRefs.fromRef(req.params.ref);
    if (phone === undefined) return void res.status(404).type("text/plain").send("unknown phone link");
    audit.record(operatorOf(res).user, "reveal-phone", { phone: maskPhone(phone) });
    res.type("html").send(html`${phone}`.text);
  });

  const loadFlow = async (id: string) => {
    try {
      return await findFlowById(reader, id);
    } catch (err) {
      if (err instanceof FlowNotFoundError) return undefined;
      throw err;
    }
  };

  app.get("/flow/:id", async (req, res) => {
    const found = await loadFlow(req.params.id);
    if (found === undefined) return void notFound(req, res, `No flow ${req.params.id} (never started, or its state expired).`);
    const ctx = pageContext(req, res);
    const view = flowView(found.phone, found.state, found.flow, HIDDEN);
    res.type("html").send(layout(`Flow ${found.flow.id}`, ctx, flowPage(view, ctx, phoneRefs.toRef(found.phone), deps.now())).text);
  });

  app.get("/flow/:id/live", (req, res) => {
    const ctx = pageContext(req, res);
    const ref = { value: "" };
    streamFragment(req, res, async () => {
      const found = await loadFlow(req.params.id);
      if (found === undefined) return { html: notice("error", "this flow's state is gone (expired)").text, done: true };
      ref.value ||= phoneRefs.toRef(found.phone);
      const view = flowView(found.phone, found.state, found.flow, HIDDEN);
      return { html: flowLive(view, ctx, ref.value, deps.now()).text, done: TERMINAL.has(found.flow.status) };
    });
  });

  app.post("/flow/:id/cancel", async (req, res) => {
    const form = cancelForm.safeParse(req.body);
    const found = await loadFlow(req.params.id);
    if (found === undefined) return void res.status(404).type("html").send(notice("error", "no such flow").text);
    if (TERMINAL.has(found.flow.status))
      return void res
        .status(409)
        .type("html")
        .send(notice("error", `already ended (${found.flow.status}): nothing to cancel`).text);
    const user = operatorOf(res).user;
    const reason = `cancelled by ${user} (sunseo console)${form.success && form.data.reason ? `: ${form.data.reason}` : ""}`;
    await deps.cancelFlow({ phone: found.phone, instanceId: found.flow.id, reason });
    audit.record(user, "cancel-flow", { instanceId: found.flow.id, flow: found.flow.flow, phone: maskPhone(found.phone) });
    res.type("html").send(notice("ok", "Cancel requested: the sequencer applies it in order; this page shows when it did.").text);
  });

  app.post("/flow/:id/report-request", async (req, res) => {
    const form = reportForm.safeParse(req.body);
    if (!form.success) return void res.status(400).type("html").send(notice("error", "which step? (a step number)").text);
    const found = await loadFlow(req.params.id);
    const record = found?.flow.history[form.data.step];
    if (found === undefined || record?.messagekey === undefined || record.refkey === undefined) {
      return void res
        .status(409)
        .type("html")
        .send(notice("error", "that step has no messagekey: the gateway never accepted it, so it has no report to push").text);
    }
    await deps.requestReport({
      kind: "report-request",
      phone: found.phone,
      refkey: record.refkey,
      instanceId: found.flow.id,
      flow: found.flow.flow,
      step: form.data.step,
      attempt: record.attempt,
      messagekey: record.messagekey,
      createdAt: deps.now(),
    });
    const user = operatorOf(res).user;
    audit.record(user, "request-report", { instanceId: found.flow.id, step: form.data.step, messagekey: record.messagekey });
    res.type("html").send(notice("ok", `Report of step ${form.data.step} re-requested (messagekey ${record.messagekey}).`).text);
  });
}
