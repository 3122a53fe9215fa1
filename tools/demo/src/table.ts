import { DEMO_FAULTS } from "./faults.js";
import type { DemoResult, SideResult } from "./run-demo.js";

/** The side-by-side summary: what the phones received under each approach. */
export function summaryTable({ naive, sunseo }: Pick<DemoResult, "naive" | "sunseo">): string {
  const alerts = (s: SideResult) => {
    if (s.alerts === undefined) return "none";
    if (!s.folded?.alerts) return String(s.alerts);
    const { alerts: folded, summaries } = s.folded;
    return `${s.alerts} (${s.alerts - folded} + ${folded} in ${summaries} ${summaries === 1 ? "summary" : "summaries"})`;
  };
  const ended = (s: SideResult, key: keyof NonNullable<SideResult["ended"]>) => (s.ended ? String(s.ended[key]) : "not tracked");
  // Waiting for the report costs the gateway's delivery time per step, not sunseo's: that is its own share.
  const delivery = `${DEMO_FAULTS.delivery.minMs}-${DEMO_FAULTS.delivery.maxMs} ms`;
  const gap = (s: SideResult) => (s.stepGap ? `${Math.round(s.stepGap.p50)} / ${Math.round(s.stepGap.p99)} ms` : "-");
  const rows: [string, string, string][] = [
    ["flows", String(naive.flows), String(sunseo.flows)],
    ["  completed", ended(naive, "completed"), ended(sunseo, "completed")],
    ["  failed (halted, alerted)", ended(naive, "failed"), ended(sunseo, "failed")],
    ["  timed out", ended(naive, "timed_out"), ended(sunseo, "timed_out")],
    ["  cancelled", ended(naive, "cancelled"), ended(sunseo, "cancelled")],
    ["messages on phones", String(naive.delivered), String(sunseo.delivered)],
    ["  via SMS/LMS fallback", String(naive.fallbacks), String(sunseo.fallbacks)],
    ["ORDER VIOLATIONS on phones", String(naive.orderViolations), String(sunseo.orderViolations)],
    ["steps received twice", String(naive.duplicates), String(sunseo.duplicates)],
    ["phones with interleaved flows", String(naive.interleavedPhones), String(sunseo.interleavedPhones)],
    ["alerts sent", alerts(naive), alerts(sunseo)],
    ["next step sent after step N's", "acceptance", "delivery report"],
    ["  gateway's delivery delay (simulated)", delivery, delivery],
    ["  own time per step, p50 / p99", "-", gap(sunseo)],
    ["elapsed", `${naive.seconds.toFixed(1)} s`, `${sunseo.seconds.toFixed(1)} s`],
  ];
  const header: [string, string, string] = ["", "seed's approach", "sunseo"];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (r: [string, string, string]) => `| ${r[0].padEnd(widths[0]!)} | ${r[1].padStart(widths[1]!)} | ${r[2].padStart(widths[2]!)} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
