import { TERMINAL, type FlowView } from "@sunseo/flow-state";
import { formatTime } from "../time.js";
import { STEP_HEADER, statusBadge, stepChart, stepRows } from "./flow-parts.js";
import { html, type Html } from "./html.js";
import type { PageContext } from "./layout.js";

const copy = (value: string | undefined): Html =>
  value === undefined
    ? html`<span class="muted">-</span>`
    : html`<code>${value}</code> <button class="copy small" type="button" data-copy="${value}">copy</button>`;

/** The live part of the flow page: re-sent over SSE while the flow runs. */
export function flowLive(flow: FlowView, ctx: PageContext, phoneRef: string, now: number): Html {
  const ended = TERMINAL.has(flow.status);
  const canReRequest = flow.steps.filter(
    (s) => s.messagekey !== undefined && (s.state === "accepted" || s.state === "report-requested" || s.state === "given-up" || s.state === "timed_out"),
  );
  return html`<dl class="fields">
  <dt>Status</dt><dd>${statusBadge(flow.status, flow.position)}</dd>
  <dt>Phone</dt><dd><a href="/phone/${phoneRef}">${flow.phone}</a></dd>
  <dt>Flow</dt><dd>${flow.flow}</dd>
  ${flow.reason ? html`<dt>Halt reason</dt><dd class="reason">${flow.reason}</dd>` : ""}
  <dt>Created</dt><dd>${formatTime(Date.parse(flow.createdAt), ctx.zone)}</dd>
  ${flow.startAt ? html`<dt>Scheduled for</dt><dd>${formatTime(Date.parse(flow.startAt), ctx.zone)}</dd>` : ""}
  ${flow.expiresAt ? html`<dt>Expires</dt><dd>${formatTime(Date.parse(flow.expiresAt), ctx.zone)}</dd>` : ""}
  ${flow.startedAt ? html`<dt>Started</dt><dd>${formatTime(Date.parse(flow.startedAt), ctx.zone)}</dd>` : ""}
  ${flow.endedAt ? html`<dt>Ended</dt><dd>${formatTime(Date.parse(flow.endedAt), ctx.zone)}</dd>` : ""}
  ${flow.idempotencyKey ? html`<dt>Idempotency key</dt><dd>${copy(flow.idempotencyKey)}</dd>` : ""}
  ${flow.traceId ? html`<dt>Trace id</dt><dd>${copy(flow.traceId)}</dd>` : ""}
</dl>
${stepChart(flow, now)}
<table class="steps">${STEP_HEADER}${stepRows(flow, ctx.zone)}</table>
<h3>For Bizppurio support</h3>
<table class="ids"><tr><th>#</th><th>refkey</th><th>messagekey</th></tr>
${flow.steps.filter((s) => s.refkey !== undefined).map((s) => html`<tr><td>${s.step}</td><td>${copy(s.refkey)}</td><td>${copy(s.messagekey)}</td></tr>`)}
</table>
<h3>Actions</h3>
<div class="actions" id="actions">
${
  ended
    ? html`<p class="muted">The flow has ended; nothing to cancel.</p>`
    : html`<form hx-post="/flow/${flow.id}/cancel" hx-target="#action-result" hx-confirm="Cancel flow ${flow.id}? Its remaining steps are not sent.">
  <input type="hidden" name="_csrf" value="${ctx.csrf}"><input name="reason" placeholder="reason (optional)" maxlength="200"> <button class="danger" id="cancel">Cancel flow</button></form>`
}
${canReRequest.map(
  (s) => html`<form hx-post="/flow/${flow.id}/report-request" hx-target="#action-result" hx-confirm="Ask Bizppurio to push the report of step ${s.step} again?">
  <input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="step" value="${s.step}"><button>Re-request report of step ${s.step}</button></form>`,
)}
<div id="action-result"></div>
</div>`;
}

export function flowPage(flow: FlowView, ctx: PageContext, phoneRef: string, now: number): Html {
  const live = !TERMINAL.has(flow.status);
  return html`<h1>Flow <code>${flow.id}</code> <button class="copy small" type="button" data-copy="${flow.id}">copy</button></h1>
<div id="flow-live" ${live ? html`data-live="/flow/${flow.id}/live?tz=${ctx.zone}"` : ""}>${flowLive(flow, ctx, phoneRef, now)}</div>
${live ? html`<p class="muted live-note">Live: this page updates while the flow runs.</p>` : ""}`;
}
