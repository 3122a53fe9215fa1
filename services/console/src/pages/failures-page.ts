import type { FailureGroup } from "../index/entries.js";
import { formatTime } from "../time.js";
import { html, type Html } from "./html.js";
import type { PageContext } from "./layout.js";

export const HOURS_CHOICES = [1, 6, 24, 72, 168] as const;

/** The list part of the failures page: re-sent over SSE when a new failure is indexed. */
export function failureGroups(groups: readonly FailureGroup[], ctx: PageContext): Html {
  if (groups.length === 0) return html`<p class="muted">No failed, timed-out or cancelled flows in this window.</p>`;
  return html`${groups.map(
    (g) => html`<section class="group">
  <h2><span class="template">${g.template}</span> · <span class="code bad">${g.resultCode}</span> ${g.meaning} <span class="count">${g.entries.length}</span></h2>
  <table><tr><th>Ended</th><th>Flow</th><th>Status</th><th>Step</th><th>Phone</th><th>Instance</th></tr>
  ${g.entries.map(
    (
      e,
    ) => html`<tr class="failure"><td class="time">${formatTime(e.at, ctx.zone)}</td><td>${e.flow}</td><td><span class="badge ${e.status}">${e.status}</span></td>
    <td>${e.step ?? ""} ${e.stepName ?? ""}</td><td>${e.phone}</td><td><a class="failure-link" href="/flow/${e.instanceId}">${e.instanceId}</a></td></tr>`,
  )}
  </table>
</section>`,
  )}`;
}

export function failuresPage(groups: readonly FailureGroup[], hours: number, ctx: PageContext): Html {
  return html`<h1>Failures <small>last ${hours} h</small></h1>
<p>${HOURS_CHOICES.map((h) => html`<a class="${h === hours ? "chip on" : "chip"}" href="/failures?hours=${h}&tz=${ctx.zone}">${h} h</a> `)}</p>
<div id="failures" data-live="/failures/live?hours=${hours}&tz=${ctx.zone}">${failureGroups(groups, ctx)}</div>`;
}
