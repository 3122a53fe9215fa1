/**
 * How many gateway requests per second the simulator answers (so it is never the
 * bottleneck of the dispatcher benchmark). The simulator runs as its own process, as in
 * the demo; autocannon drives POST /v3/message over keep-alive connections on loopback.
 */
import autocannon from "autocannon";
import { writeBenchSection } from "../report.js";
import { median } from "../stats.js";
import { SIM_ACCOUNT, startSimProcess } from "./sim-process.js";

const RUNS = 3;
const SECONDS = 6;
const CONNECTIONS = 64;
const port = 19_200 + Math.floor(Math.random() * 500);
const url = `http://127.0.0.1:${port}`;

const { child: sim } = await startSimProcess(port);
try {
  const token = (
    (await (
      await fetch(`${url}/v1/token`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${SIM_ACCOUNT.account}:${SIM_ACCOUNT.password}`).toString("base64")}` },
      })
    ).json()) as { accesstoken: string }
  ).accesstoken;
  const body = JSON.stringify({
    account: SIM_ACCOUNT.account,
    type: "at",
    from: "0212345678",
    to: "01012345678",
    refkey: "bench-refkey",
    content: { at: { senderkey: "sk", templatecode: "T1", message: "상담이 시작됩니다", button: [{ name: "열기", type: "WL", url_mobile: "https://x.kr" }] } },
    resend: { first: "sms" },
    recontent: { sms: { message: "상담 시작" } },
  });
  // Warm-up (JIT, socket pool), not counted.
  await autocannon({
    url: `${url}/v3/message`,
    method: "POST",
    connections: CONNECTIONS,
    duration: 2,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  });
  const rates: number[] = [];
  const p99s: number[] = [];
  const medians: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    await fetch(`${url}/sim/reset`, { method: "POST" });
    const result = await autocannon({
      url: `${url}/v3/message`,
      method: "POST",
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`run ${run}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    rates.push(result.requests.average);
    p99s.push(result.latency.p99);
    medians.push(result.latency.p50);
    console.log(`run ${run}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  }
  writeBenchSection(
    "simulator",
    `## Bizppurio simulator: POST /v3/message

${RUNS} runs of ${SECONDS} s, ${CONNECTIONS} keep-alive connections (autocannon), simulator in its own process, after a 2 s warm-up; valid AlimTalk bodies with a button and an SMS fallback, each accepted and scheduled for delivery (no webhook).

| metric | median of runs | runs |
| --- | --- | --- |
| requests/s | ${Math.round(median(rates))} | ${rates.map(Math.round).join(", ")} |
| latency p50 (ms) | ${median(medians)} | ${medians.join(", ")} |
| latency p99 (ms) | ${median(p99s)} | ${p99s.join(", ")} |

Target: well over 5,000 requests/s.`,
  );
} finally {
  sim.kill("SIGTERM");
}
