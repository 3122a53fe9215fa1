import type { FlowView } from "@sunseo/flow-state";
import { formatTime } from "../time.js";
import { STEP_HEADER, statusBadge, stepRows } from "./flow-parts.js";
import { html, type Html } from "./html.js";
import type { PageContext } from "./layout.js";

/**
 * One recipient: who holds its lane, who waits, and every flow's steps in order. The number
 * is masked; "reveal" posts (audited) and swaps in the whole number.
 */
export function phonePage(ctx: PageContext, phoneRef: string, maskedPhone: string, flows: readonly FlowView[]): Html {
  const active = flows.find((f) => f.position === "active");
  const queued = flows.filter((f) => f.position?.startsWith("queued")).sort((a, b) => a.position!.localeCompare(b.position!, "en", { numeric: true }));
  return html`<h1>Phone <span id="phone">${maskedPhone}</span>
<button class="small" hx-post="/phone/${phoneRef}/reveal" hx-target="#phone" hx-swap="innerHTML" hx-confirm="Reveal the whole number? This is written to the audit log.">reveal</button></h1>
<section class="lane">
  <p>Lane: ${active ? html`held by <a href="/flow/${active.id}">${active.id}</a> (${active.flow})` : "free"}${
    queued.length > 0 ? html` · queued: ${queued.map((f, i) => html`${i > 0 ? ", " : ""}<a href="/flow/${f.id}">${f.id}</a> (${f.flow})`)}` : ""
  }</p>
</section>
${flows.length === 0 ? html`<p class="muted">No flows for this phone (never seen, or its state expired).</p>` : ""}
${[...flows].reverse().map(
  (flow) => html`<section class="flow" id="flow-${flow.id}">
  <h2><a href="/flow/${flow.id}">${flow.id}</a> ${flow.flow} ${statusBadge(flow.status, flow.position)}</h2>
  <p class="muted">created ${formatTime(Date.parse(flow.createdAt), ctx.zone)}${
    flow.status === "scheduled" && flow.startAt ? html` · scheduled for ${formatTime(Date.parse(flow.startAt), ctx.zone)}` : ""
  }${flow.endedAt ? html` · ended ${formatTime(Date.parse(flow.endedAt), ctx.zone)}` : ""}${flow.reason ? html` · ${flow.reason}` : ""}</p>
  <table class="steps">${STEP_HEADER}${stepRows(flow, ctx.zone)}</table>
</section>`,
)}`;
}
