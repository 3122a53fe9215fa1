import type { Injection } from "./inject.js";
import { MEMBERS, type FaultAction } from "./schedule.js";

/** What was injected, how often and for how long, one row per kind of fault. */
export function faultSummary(injections: readonly Injection[]): [string, string][] {
  const rows: [string, string][] = [];
  const kills = injections.filter((i): i is Injection & { action: Extract<FaultAction, { kind: "kill" }> } => i.action.kind === "kill");
  const perService = Object.keys(MEMBERS).map((service) => `${service} ${kills.filter((k) => k.action.service === service).length}`);
  const bothDead = kills.filter((k, i) =>
    kills.slice(0, i).some((e) => e.action.service === k.action.service && e.action.member !== k.action.member && k.at - e.at < 6_000),
  );
  rows.push([
    "SIGKILL",
    `${kills.length} (${perService.join(", ")}); both members of one group within 6 s: ${bothDead.map((k) => k.action.service).join(", ") || "none"}`,
  ]);

  // Windows: a fault and the injection that ends it.
  const windows = new Map<string, number[]>();
  const open = new Map<string, { label: string; at: number }>();
  const begin = (key: string, label: string, at: number) => open.set(key, { label, at });
  const end = (key: string, at: number) => {
    const started = open.get(key);
    if (!started) return;
    open.delete(key);
    windows.set(started.label, [...(windows.get(started.label) ?? []), at - started.at]);
  };
  for (const { action, at } of injections) {
    switch (action.kind) {
      case "pause":
        begin(`pause ${action.member}`, "SIGSTOP dispatcher, then SIGCONT", at);
        break;
      case "resume":
        end(`pause ${action.member}`, at);
        break;
      case "broker-stop":
        begin("broker", "Kafka broker stopped, then started", at);
        break;
      case "broker-start":
        end("broker", at);
        break;
      case "node-kill":
        begin("node", "one Kafka node SIGKILLed, then started", at);
        break;
      case "node-start":
        end("node", at);
        break;
      case "redis-cut":
      case "redis-stall":
        begin(action.path, `Redis ${action.kind === "redis-cut" ? "cut and refused" : "stalled"} for the ${action.path}s`, at);
        break;
      case "redis-heal":
        end(action.path, at);
        break;
      case "after-take":
        if (action.on) begin("after-take", `gateway losing ${Math.round(action.rate * 100)} % of answers after taking the call`, at);
        else end("after-take", at);
        break;
      case "webhook":
        end("webhook", at);
        if (action.mode !== "pass") begin("webhook", `webhook-ingest 503 through the proxy (${action.mode})`, at);
        break;
      case "kill":
      case "redis-restart":
        break;
    }
  }
  for (const [label, durations] of windows) rows.push([label, `${durations.length} × ${durations.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")}`]);
  const restarts = injections.filter((i) => i.action.kind === "redis-restart");
  if (restarts.length > 0) rows.push(["Redis SIGKILLed and started again", `${restarts.length} (${restarts.map((r) => r.note ?? "").join(", ")})`]);
  return rows;
}
