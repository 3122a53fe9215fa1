import type { FlowView, StepView } from "@sunseo/flow-state";
import { formatGap, formatTime, type Zone } from "../time.js";
import { html, type Html } from "./html.js";

const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

/** The channel that carried the step: AlimTalk, or the SMS/LMS fallback the gateway switched to. */
export const channelOf = (step: StepView): string => (step.dispatchedAt === undefined ? "" : step.fallback ? "SMS/LMS (fallback)" : "AlimTalk");

/** Time from the previous step's end (delivered, else accepted) to this step's dispatch. */
export function gapBefore(steps: readonly StepView[], i: number): number | undefined {
  const previous = steps[i - 1];
  const end = ms(previous?.deliveredAt ?? previous?.acceptedAt);
  const start = ms(steps[i]?.dispatchedAt);
  return end === undefined || start === undefined ? undefined : Math.max(0, start - end);
}

/** "active" holds the phone's lane; "queued N" is N-th in line behind it. */
const positionText = (position: string | undefined): string =>
  position === undefined ? "" : position === "active" ? " · holds the lane" : ` · #${position.replace(/^queued /, "")} in line`;

export const statusBadge = (status: string, position?: string): Html => html`<span class="badge ${status}">${status}${positionText(position)}</span>`;

function resultCell(step: StepView): Html {
  const last = step.results.at(-1);
  if (last === undefined) return html``;
  return html`<span class="code ${last.delivered ? "good" : "bad"}" title="${step.results.map((r) => r.code).join(", ")}">${last.code}</span> ${last.meaning}`;
}

/** The steps of one flow as table rows, in order, every time in the chosen zone. */
export function stepRows(flow: FlowView, zone: Zone): Html {
  return html`${flow.steps.map(
    (step, i) => html`<tr class="step ${step.state}" data-step="${step.step}">
  <td>${step.step}</td><td>${step.name}<div class="muted">${step.template}</div></td>
  <td><span class="state ${step.state}">${step.state}</span>${
    step.waitingUntil === undefined ? "" : html`<div class="muted">until ${formatTime(ms(step.waitingUntil), zone)}</div>`
  }</td>
  <td>${channelOf(step)}</td>
  <td class="time">${formatTime(ms(step.dispatchedAt), zone)}</td>
  <td class="time">${formatTime(ms(step.acceptedAt), zone)}</td>
  <td class="time">${formatTime(ms(step.deliveredAt), zone)}</td>
  <td>${resultCell(step)}</td>
  <td class="gap">${(() => {
    const gap = gapBefore(flow.steps, i);
    return gap === undefined ? "" : formatGap(gap);
  })()}</td>
</tr>`,
  )}`;
}

export const STEP_HEADER = html`<tr><th>#</th><th>Step</th><th>State</th><th>Channel</th><th>Dispatched</th><th>Accepted</th><th>Delivered</th><th>Result</th><th>Gap</th></tr>`;

/**
 * The steps over time as a small SVG: one lane per step, a bar from dispatch to its end
 * (delivered, else accepted, else now for a step still out), a dot where it was accepted.
 */
export function stepChart(flow: FlowView, now: number): Html {
  const start = ms(flow.startedAt ?? flow.createdAt)!;
  const spans = flow.steps.map((s) => {
    const from = ms(s.dispatchedAt);
    const to = ms(s.deliveredAt) ?? ms(s.acceptedAt) ?? (from === undefined ? undefined : Math.min(now, ms(flow.endedAt) ?? now));
    return { step: s, from, to, accepted: ms(s.acceptedAt) };
  });
  const end = Math.max(start + 1, ...spans.map((s) => s.to ?? start), ms(flow.endedAt) ?? start);
  const width = 640;
  const lane = 22;
  const x = (t: number) => 110 + ((t - start) / (end - start)) * (width - 120);
  const height = flow.steps.length * lane + 24;
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="steps over time">
${spans.map(
  (s, i) => html`<g><text x="4" y="${i * lane + 16}">${s.step.step} ${s.step.name.slice(0, 14)}</text>
${
  s.from === undefined
    ? html``
    : html`<rect x="${x(s.from)}" y="${i * lane + 5}" width="${Math.max(3, x(s.to ?? s.from) - x(s.from))}" height="14" rx="3" class="bar ${s.step.state}"><title>${s.step.name}: ${formatGap((s.to ?? s.from) - s.from)}</title></rect>`
}
${s.accepted === undefined ? html`` : html`<circle cx="${x(s.accepted)}" cy="${i * lane + 12}" r="3" class="accepted"></circle>`}</g>`,
)}
<text x="110" y="${height - 4}" class="axis">0</text><text x="${width - 8}" y="${height - 4}" text-anchor="end" class="axis">${formatGap(end - start)}</text>
</svg>`;
}
