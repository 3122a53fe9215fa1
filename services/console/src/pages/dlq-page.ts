import type { DlqEntryView } from "@sunseo/dlq";
import { formatTime } from "../time.js";
import { html, type Html } from "./html.js";
import type { PageContext } from "./layout.js";

export interface DlqRow {
  view: DlqEntryView;
  replayed?: { by: string; at: number };
}

export interface DlqFilterForm {
  topic?: string;
  code?: string;
  service?: string;
}

const option = (value: string, selected: string | undefined) => html`<option value="${value}" ${value === selected ? "selected" : ""}>${value}</option>`;

export function dlqPage(
  rows: readonly DlqRow[],
  filter: DlqFilterForm,
  choices: { topics: string[]; codes: string[]; services: string[] },
  unreadable: number,
  ctx: PageContext,
): Html {
  return html`<h1>DLQ <small>${rows.length} record(s)</small></h1>
<form class="filters" method="get" action="/dlq">
  <label>Topic <select name="topic"><option value="">any</option>${choices.topics.map((t) => option(t, filter.topic))}</select></label>
  <label>Code <select name="code"><option value="">any</option>${choices.codes.map((c) => option(c, filter.code))}</select></label>
  <label>Service <select name="service"><option value="">any</option>${choices.services.map((s) => option(s, filter.service))}</select></label>
  <button>Filter</button>
</form>
${unreadable > 0 ? html`<p class="notice info">${unreadable} record(s) on the dlq topic do not match its schema and are not shown.</p>` : ""}
${rows.length === 0 ? html`<p class="muted">No dlq records${filter.topic || filter.code || filter.service ? " matching the filter" : ""}.</p>` : ""}
${[...rows].reverse().map(
  ({ view, replayed }) => html`<section class="dlq-record" id="dlq-${view.id.replace(":", "-")}" data-id="${view.id}">
  <h2><code>${view.id}</code> <span class="code bad">${view.code}</span> ${view.service} · ${view.topic} <span class="muted">${formatTime(Date.parse(view.at), ctx.zone)}</span>
  ${replayed ? html`<span class="badge replayed">replayed by ${replayed.by} ${formatTime(replayed.at, ctx.zone)}</span>` : ""}</h2>
  <p class="reason">${view.reason}</p>
  <p class="muted">key ${view.key ?? "(none)"} · from ${view.source}</p>
  <pre class="payload">${view.value ?? "(no value)"}</pre>
  <div class="replay" id="replay-${view.id.replace(":", "-")}">
  ${
    replayed
      ? ""
      : html`<form hx-post="/dlq/replay" hx-target="#replay-${view.id.replace(":", "-")}"><input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="id" value="${view.id}"><input type="hidden" name="dryRun" value="true"><button class="dry-run">Dry run replay</button></form>`
  }
  </div>
</section>`,
)}`;
}

/** What a replay would do: shown before the real one, which needs a second, confirmed click. */
export function dryRunResult(view: DlqEntryView, plan: { ok: true; topic: string } | { ok: false; reason: string }, ctx: PageContext): Html {
  if (!plan.ok) return html`<p class="notice error">Cannot replay ${view.id}: ${plan.reason}</p>`;
  return html`<p class="notice info">Dry run: would produce the value above again to <code>${plan.topic}</code> with key ${view.key ?? "(none)"}; nothing was sent.</p>
<form hx-post="/dlq/replay" hx-target="#replay-${view.id.replace(":", "-")}" hx-confirm="Replay dlq record ${view.id} to ${plan.topic}?">
<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="id" value="${view.id}"><input type="hidden" name="dryRun" value="false"><button class="danger replay-now">Replay now</button></form>`;
}

export const replayResult = (id: string, outcome: { ok: true; topic: string; by: string } | { ok: false; reason: string }): Html =>
  outcome.ok
    ? html`<p class="notice ok">Replayed ${id} to <code>${outcome.topic}</code>.</p><span class="badge replayed">replayed by ${outcome.by}</span>`
    : html`<p class="notice error">Not replayed: ${outcome.reason}</p>`;
