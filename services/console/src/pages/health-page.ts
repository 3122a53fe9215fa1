import { html, type Html } from "./html.js";
import type { HealthReport } from "../health.js";

const fmt = (value: number | undefined, unit: string, digits = 1): string =>
  value === undefined || Number.isNaN(value) ? "-" : `${value.toFixed(digits)} ${unit}`;

export function healthPage(report: HealthReport): Html {
  return html`<h1>Health</h1>
<h2>Services</h2>
<table><tr><th>Service</th><th>Ready</th><th>Detail</th></tr>
${report.services.map((s) => html`<tr><td>${s.name}</td><td class="${s.ready ? "good" : "bad"}">${s.ready ? "ready" : "not ready"}</td><td>${s.detail}</td></tr>`)}
</table>
<h2>Gateway (dispatcher)</h2>
<table><tr><th>Requests</th><th>Mean latency</th><th>Error rate</th><th>Token refreshes</th></tr>
<tr><td>${report.gateway?.requests ?? "-"}</td><td>${fmt(report.gateway?.meanMs, "ms")}</td><td>${fmt(report.gateway === undefined ? undefined : report.gateway.errorRate * 100, "%", 2)}</td><td>${report.gateway?.tokenRefreshes ?? "-"}</td></tr>
</table>
<p class="muted">Token expiry: the dispatcher renews its Bizppurio token before it expires; a refresh count that keeps climbing means the token is refused.</p>
<h2>Consumer lag</h2>
<table><tr><th>Group</th><th>Lag</th><th>Detail</th></tr>
${report.lag.map((g) => html`<tr><td>${g.group}</td><td class="${g.lag > 1000 ? "bad" : "good"}">${g.lag}</td><td>${g.detail}</td></tr>`)}
</table>
<h2>Topics</h2>
<table><tr><th>Topic</th><th>Partitions</th></tr>
${report.topics.map((t) => html`<tr><td>${t.topic}</td><td class="${t.ok ? "good" : "bad"}">${t.partitions}</td></tr>`)}
</table>`;
}
