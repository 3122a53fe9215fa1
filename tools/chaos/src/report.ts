import type { CampaignResult } from "./campaign.js";
import { faultSummary } from "./fault-summary.js";
import { seconds, type Check } from "./judge.js";
import { RESUME_WINDOW_MS } from "./resume.js";
import type { VolatileResult } from "./volatile.js";

/** A markdown table; the first column left-aligned, the others right-aligned. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

const promises = (checks: readonly Check[]) =>
  markdownTable(
    ["promise", "this run", "held"],
    checks.map((c) => [c.promise, c.figure, c.held ? "yes" : "**NO**"]),
  );

/** Every broken promise with a few cases, for a person to start from (phones masked). */
export function brokenPromises(checks: readonly Check[]): string {
  const broken = checks.filter((c) => !c.held);
  if (broken.length === 0) return "Every promise held.";
  return broken.map((c) => [`Broken: ${c.promise} (${c.figure})`, ...c.examples.map((e) => `  - ${e}`)].join("\n")).join("\n");
}

export function campaignReport(r: CampaignResult): string {
  const v = r.verdict;
  const measured = v.resume.kills.filter((k) => k.resumeMs !== undefined).length;
  const figures: [string, string][] = [
    [
      "flows started (acknowledged by Kafka)",
      `${v.planned} of ${r.flows}${r.load.retries > 0 ? ` (${r.load.retries} produce attempts retried with the same key)` : ""}`,
    ],
    ["  completed / failed / timed out / cancelled", `${v.ended.completed} / ${v.ended.failed} / ${v.ended.timed_out} / ${v.ended.cancelled}`],
    ["  timed out although the step reached the phone", String(v.timedOutButDelivered.length)],
    ["  timed out with the step never sent to the gateway", String(v.timedOutNeverSent.length)],
    ["messages on phones (via SMS/LMS fallback)", `${v.phones.delivered} (${v.phones.fallbacks})`],
    ["steps received twice, flagged ambiguous beforehand", String(v.duplicates.flaggedAmbiguous)],
    [
      "alerts shown (in summaries, marked may repeat) in posts",
      `${v.alerts.shown} (${v.alerts.inSummaries}, ${v.alerts.markedMayRepeat}) in ${v.alerts.posts}`,
    ],
    ["reports acknowledged by webhook-ingest", String(v.reports.acknowledged)],
    ["report pushes the gateway gave up (recovered by re-request)", String(r.sim.pushFailures)],
    ["gateway answers lost after taking the call", String(r.sim.afterTakeFaults)],
    [
      "resume after a kill, p50 / p99 / max",
      `${seconds(v.resume.p50)} / ${seconds(v.resume.p99)} / ${seconds(v.resume.max)} (${measured} of ${v.resume.kills.length} kills had reports in their window)`,
    ],
    [
      "members that died without being killed",
      r.uninjectedDeaths.length === 0
        ? "0"
        : r.uninjectedDeaths.map((d) => `${d.label} ${d.signal ?? `exit ${d.code}`} at ${new Date(d.at).toISOString().slice(11, 23)}`).join(", "),
    ],
    ...(r.stepWaits
      ? [
          ...(
            [
              ["step wait beyond its delay, p50 / p99 / max", r.stepWaits],
              ["  reported before the node was killed", r.stepWaits.before],
              ["  reported after", r.stepWaits.after],
            ] as const
          ).map(([label, w]): [string, string] => [label, `${seconds(w.p50)} / ${seconds(w.p99)} / ${seconds(w.max)} (${w.samples} steps)`]),
        ]
      : []),
    ["elapsed from the first start to the verdict", `${(r.elapsedMs / 1000).toFixed(0)} s`],
  ];
  const kills = v.resume.kills.map((k, i) => {
    const fromPhone = v.resume.fromDelivery[i];
    return [
      k.label,
      new Date(k.at).toISOString().slice(11, 23),
      String(k.samples),
      seconds(k.resumeMs),
      `${seconds(fromPhone?.resumeMs)} (${fromPhone?.samples ?? 0})`,
    ];
  });
  return [
    promises(v.checks),
    "",
    markdownTable(["figure", "value"], figures),
    "",
    "Faults injected:",
    "",
    markdownTable(["fault", "how often, how long"], faultSummary(r.injections)),
    "",
    "Resume after each kill (its longest gap from a report to the next step's send):",
    "",
    markdownTable(["kill", "at (UTC)", "reports", "resume", "from delivery on the phone (reports)"], kills),
  ].join("\n");
}

/** Every injection with its time from the first start, for docs/reliability.md (folded: it is long). */
export function faultTimeline(r: CampaignResult): string {
  const lines = r.injections.map((i) => `+${(i.offsetMs / 1000).toFixed(1).padStart(6)} s  ${i.description.replace(/ \(pid \d+\)/, "")}`);
  return `<details><summary>Fault timeline (${r.injections.length} injections)</summary>\n\n\`\`\`\n${lines.join("\n")}\n\`\`\`\n\n</details>`;
}

export function volatileReport(r: VolatileResult): string {
  const rows = r.members.map((m) => [
    m.label,
    m.readyBefore ? "ready" : "not ready",
    m.unreadyAfterMs === undefined ? "stayed ready" : `unready after ${(m.unreadyAfterMs / 1000).toFixed(1)} s`,
    m.judged ? "uses Redis: must turn unready" : "no Redis: reported, not judged",
  ]);
  return [
    promises(r.checks),
    "",
    markdownTable(["member", "before the loss", "after the loss", ""], rows),
    "",
    `${r.startedBeforeLoss} flows had been started when Redis lost its data.`,
  ].join("\n");
}

/** How the figures are judged, for the README and docs/reliability.md. */
export const HOW_JUDGED = `Judged only on what the simulator's phones and the alert sink received, and on the topics:
order violations and recipient-lane interleavings on the phones; a step (refkey) received twice,
split by whether the dispatcher had reported it \`ambiguous\` on dispatch-result; every
acknowledged start (by idempotency key) ending in exactly one terminal flow-event; every
\`failed\` or \`timed_out\` flow named by an alert post (its own embed or a summary line); no
alert (flow, step, kind) shown twice without "may repeat"; every report push webhook-ingest
answered 2xx present on the report topic (REFKEY + RESULT). Resume after a kill: for each
SIGKILL of a sequencer, dispatcher or webhook-ingest at K, every delivery report acknowledged in
[K, K + ${RESUME_WINDOW_MS / 1000} s] (first push of its refkey, a delivered RESULT, a step with a next step); its gap runs from
that acknowledgement to the gateway receiving the next step's /v3/message, less the next step's
configured delay; a flow that never sent it (and was not cancelled or already over) counts as
never resumed. The kill's figure is its longest gap; p50/p99/max are over kills with reports.
The next fault comes 12 s after a kill (the window plus the promise), so a figure within 10 s is
the kill's alone; a larger one was already above the promise when the next fault began, and may
include its effect.
The last column measures the same from the moment the message reached the phone instead: it
also counts reports whose push the gateway gave up on while webhook-ingest was down (they come
back only through the report re-request after the step timeout); it is shown, not judged.`;
