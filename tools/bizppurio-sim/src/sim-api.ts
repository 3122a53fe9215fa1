import { HttpAnswer } from "./http-answer.js";
import { parseFaults } from "./faults.js";
import type { SimContext } from "./sim-context.js";

/** The /sim control API: what phones received, the request and push logs, stats, faults, reset. Not part of the gateway. */
export function handleSimApi(ctx: SimContext, method: string, path: string, query: URLSearchParams, body: unknown): HttpAnswer {
  const { state } = ctx;
  const phoneMatch = /^\/sim\/phones\/(\d{1,16})$/.exec(path);
  if (method === "GET" && phoneMatch) {
    const record = state.phones.get(phoneMatch[1]!);
    return new HttpAnswer(200, { phone: phoneMatch[1], received: record?.received ?? [], failed: record?.failed ?? 0 });
  }
  if (method === "GET" && path === "/sim/phones") return new HttpAnswer(200, state.summary());
  if (method === "GET" && path === "/sim/requests") {
    const only = query.get("path");
    return new HttpAnswer(200, only ? state.requests.since().filter((r) => r.path === only) : state.requests.since());
  }
  if (method === "GET" && path === "/sim/pushes") {
    const since = Number(query.get("since") ?? 0);
    if (!Number.isInteger(since) || since < 0) return new HttpAnswer(400, { error: "since must be a non-negative integer" });
    return new HttpAnswer(200, state.pushes.since(since));
  }
  if (method === "GET" && path === "/sim/stats") return new HttpAnswer(200, { ...state.stats, pending: ctx.work.count });
  if (method === "POST" && path === "/sim/reset") {
    state.reset();
    return new HttpAnswer(200, { ok: true });
  }
  if (method === "POST" && path === "/sim/faults") {
    try {
      const faults = parseFaults(body);
      ctx.setFaults(faults);
      return new HttpAnswer(200, faults);
    } catch (err) {
      return new HttpAnswer(400, { error: (err as Error).message });
    }
  }
  if (method === "POST" && path === "/sim/expire-tokens") {
    ctx.tokens.expireAll();
    return new HttpAnswer(200, { ok: true });
  }
  return HttpAnswer.api(404, "noResource");
}
