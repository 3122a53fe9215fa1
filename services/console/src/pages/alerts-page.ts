import type { AlertEntry } from "../index/entries.js";
import { formatTime } from "../time.js";
import { html, type Html } from "./html.js";
import type { PageContext } from "./layout.js";

export interface AlertRow {
  alert: AlertEntry;
  /** Each configured sink's state of the alert, as the alerter recorded it. */
  sinks: Record<string, "new" | "posting" | "sent">;
  folded: boolean;
}

const SINK_LABEL = { new: "not posted", posting: "posting (unconfirmed)", sent: "sent" } as const;

export function alertsPage(rows: readonly AlertRow[], hours: number, sinks: readonly string[], ctx: PageContext): Html {
  const folded = rows.filter((r) => r.folded).length;
  return html`<h1>Alerts <small>last ${hours} h</small></h1>
<p>${rows.length} alert(s); ${folded} folded into summaries. Sinks: ${sinks.join(", ") || "none"}.</p>
<table class="alerts"><tr><th>At</th><th>Kind</th><th>Flow</th><th>Step</th><th>Result</th><th>Phone</th>${sinks.map((s) => html`<th>${s}</th>`)}<th>Folded</th></tr>
${rows.map(
  (r) => html`<tr><td class="time">${formatTime(r.alert.at, ctx.zone)}</td><td>${r.alert.kind}</td>
  <td><a href="/flow/${r.alert.instanceId}">${r.alert.instanceId}</a> ${r.alert.flow}</td><td>${r.alert.step} ${r.alert.stepName}</td>
  <td>${r.alert.resultCode ?? ""}</td><td>${r.alert.phone}</td>
  ${sinks.map((s) => html`<td class="sink ${r.sinks[s] ?? "new"}">${SINK_LABEL[r.sinks[s] ?? "new"]}</td>`)}<td>${r.folded ? "in a summary" : ""}</td></tr>`,
)}
</table>`;
}
