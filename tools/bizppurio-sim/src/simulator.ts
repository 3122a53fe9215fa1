import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { safeJson } from "@sunseo/bizppurio";
import { createLogger, type Logger } from "@sunseo/logger";
import { AfterTakeAnswers } from "./after-take-answer.js";
import { buildReport, planDelivery } from "./delivery.js";
import { parseFaults, type AfterTakePath, type FaultConfig, type FaultConfigInput } from "./faults.js";
import { drawAfterTake } from "./faults-after-take.js";
import { HttpAnswer } from "./http-answer.js";
import { formatKst, messagekeyStamp, pad } from "./kst.js";
import { PROXY_PAGES, PROXY_PAGE_TYPE } from "./proxy-pages.js";
import { pushReport, type PushTarget } from "./pusher.js";
import { seededRandom } from "./rng.js";
import { SimState, type PhoneSummary, type PushLogEntry, type ReceivedMessage, type RequestLogEntry, type SimStats } from "./state.js";
import { validateMessage } from "./validate.js";

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The credentials /v1/token accepts (Basic auth). */
  account?: string;
  password?: string;
  /** Where delivery reports are pushed; without it reports are only kept (and /sim shows them). */
  webhookUrl?: string;
  /** Extra headers on every push (e.g. the shared secret webhook-ingest checks). */
  webhookHeaders?: Record<string, string>;
  /** Lifetime of an access token (the real gateway: 24 h). */
  tokenTtlMs?: number;
  /** Seed of every random draw (delays, failure rates); the same seed replays the same run. */
  seed?: number;
  faults?: FaultConfigInput;
  /** Request log entries kept (oldest dropped beyond it). */
  maxRequestLog?: number;
  logger?: Logger;
}

export interface Simulator {
  url: string;
  port: number;
  /** Replaces the fault configuration (also POST /sim/faults). */
  configure(faults: FaultConfigInput): void;
  /** Makes every issued token expired: the next call with it gets 401. */
  expireTokens(): void;
  /** What the phone received, in delivery order. */
  received(phone: string): ReceivedMessage[];
  phones(): PhoneSummary[];
  /** The raw request log, optionally only one path (e.g. "/v3/message"). */
  requests(path?: string): RequestLogEntry[];
  /** Report pushes the webhook answered 2xx, oldest first; only those numbered above `since` (also GET /sim/pushes?since=). */
  pushes(since?: number): PushLogEntry[];
  stats(): SimStats;
  /** Forgets messages, phones, log and stats (also POST /sim/reset); tokens stay valid. */
  reset(): void;
  /** Resolves when no delivery or push is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const account = options.account ?? "sunseo";
  const password = options.password ?? "sunseo-password";
  const tokenTtlMs = options.tokenTtlMs ?? 24 * 3_600_000;
  const logger = options.logger ?? createLogger({ name: "bizppurio-sim", level: "warn" });
  const random = seededRandom(options.seed ?? 1);
  const state = new SimState(options.maxRequestLog ?? 200_000);
  const tokens = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const afterTakeAnswers = new AfterTakeAnswers();
  let faults: FaultConfig = parseFaults(options.faults);
  let pending = 0;
  let idleWaiters: (() => void)[] = [];
  let messageSeq = 0;

  const track = async (work: () => Promise<unknown>) => {
    pending += 1;
    try {
      await work();
    } finally {
      pending -= 1;
      if (pending === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    }
  };
  const later = (ms: number, work: () => Promise<unknown>) => {
    pending += 1;
    const timer = setTimeout(() => {
      timers.delete(timer);
      pending -= 1;
      void track(work);
    }, ms);
    timers.add(timer);
  };
  const pushTarget = (): PushTarget | undefined =>
    options.webhookUrl === undefined ? undefined : { url: options.webhookUrl, headers: options.webhookHeaders ?? {}, ...faults.webhook };

  function deliver(messagekey: string): void {
    const stored = state.messages.get(messagekey);
    if (!stored) return;
    const plan = planDelivery(stored.message, faults, random);
    later(plan.delayMs, async () => {
      const at = Date.now();
      const report = buildReport(stored.message, plan, { messagekey, msgid: `sim${pad(++messageSeq, 10)}`, at });
      stored.report = report;
      state.stats[plan.delivered ? "delivered" : "failed"] += 1;
      state.recordDelivery(stored.message.to, {
        delivered: plan.delivered,
        refkey: stored.message.refkey,
        messagekey,
        type: stored.message.type,
        media: plan.media,
        ...(stored.message.templateCode !== undefined ? { templateCode: stored.message.templateCode } : {}),
        text: plan.text,
        result: plan.result,
        deliveredAt: at,
      });
      const target = pushTarget();
      if (plan.drop || target === undefined) {
        if (plan.drop) state.stats.droppedPushes += 1;
        return;
      }
      await pushReport(target, report, state, logger);
      if (plan.duplicate) {
        state.stats.duplicatePushes += 1;
        await pushReport(target, report, state, logger, { duplicate: true });
      }
    });
  }

  function checkBearer(req: IncomingMessage): HttpAnswer | undefined {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/.exec(header);
    if (!match) return HttpAnswer.api(401, "badBearer");
    const expiresAt = tokens.get(match[1]!);
    if (expiresAt === undefined || expiresAt <= Date.now()) return HttpAnswer.api(401, "badToken");
    return undefined;
  }

  function issueToken(req: IncomingMessage): HttpAnswer {
    const match = /^Basic\s+(\S+)$/.exec(req.headers.authorization ?? "");
    if (!match) return HttpAnswer.api(401, "badBasic");
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return HttpAnswer.api(401, "badBasic");
    if (decoded.slice(0, colon) !== account) return HttpAnswer.api(401, "noAccount");
    if (decoded.slice(colon + 1) !== password) return HttpAnswer.api(401, "badPassword");
    const token = `sim.${randomBytes(24).toString("base64url")}`;
    const expiresAt = Date.now() + tokenTtlMs;
    tokens.set(token, expiresAt);
    state.stats.tokensIssued += 1;
    return new HttpAnswer(200, { accesstoken: token, type: "Bearer", expired: formatKst(expiresAt) });
  }

  /** Injected HTTP faults of the gateway endpoints (not of token issuing). */
  async function injectHttpFault(to?: unknown): Promise<HttpAnswer | undefined> {
    const h = faults.http;
    if (h.phone !== undefined && !(typeof to === "string" && new RegExp(h.phone).test(to))) return undefined;
    if (h.slowRate > 0 && random() < h.slowRate) await new Promise((r) => setTimeout(r, h.slowMs));
    if (h.htmlRate > 0 && random() < h.htmlRate) return new HttpAnswer(502, PROXY_PAGES[502], PROXY_PAGE_TYPE);
    if (h.errorRate > 0 && random() < h.errorRate) return HttpAnswer.api(h.errorStatus, "unknown");
    return undefined;
  }

  /** The call is taken (its work done); its answer may still be lost on the way back. */
  function afterTake(answer: HttpAnswer, path: AfterTakePath, phone: string): HttpAnswer {
    const kind = drawAfterTake(faults.afterTake, path, phone, random);
    return kind === undefined ? answer : answer.lost(kind);
  }

  async function handleMessage(req: IncomingMessage, body: unknown, log: Partial<RequestLogEntry>): Promise<HttpAnswer> {
    const denied = checkBearer(req);
    if (denied) return denied;
    const fault = await injectHttpFault((body as { to?: unknown } | null)?.to);
    if (fault) return fault;
    const v = validateMessage(body);
    if (!v.ok) {
      state.stats.rejected += 1;
      return HttpAnswer.api(400, "invalidMessage", {}, v.reason);
    }
    const m = v.message;
    Object.assign(log, { refkey: m.refkey, to: m.to, type: m.type, ...(m.templateCode ? { templateCode: m.templateCode } : {}) });
    if (m.account !== account) {
      state.stats.rejected += 1;
      return HttpAnswer.api(400, "badAccount", { refkey: m.refkey });
    }
    const now = Date.now();
    const messagekey = `${messagekeyStamp(now)}#${m.type}${pad(++messageSeq, 6)}sim`;
    log.messagekey = messagekey;
    state.messages.set(messagekey, { message: m, messagekey, acceptedAt: now });
    state.stats.accepted += 1;
    deliver(messagekey);
    return afterTake(HttpAnswer.api(200, "success", { refkey: m.refkey, messagekey }), "/v3/message", m.to);
  }

  async function handleReportRequest(req: IncomingMessage, body: unknown, log: Partial<RequestLogEntry>): Promise<HttpAnswer> {
    const denied = checkBearer(req);
    if (denied) return denied;
    const fault = await injectHttpFault();
    if (fault) return fault;
    const b = body as { account?: unknown; messagekey?: unknown } | null;
    if (typeof b?.messagekey !== "string" || typeof b.account !== "string") {
      return HttpAnswer.api(400, "invalidMessage", {}, "account and messagekey are required");
    }
    if (b.account !== account) return HttpAnswer.api(400, "badAccount");
    log.messagekey = b.messagekey;
    const stored = state.messages.get(b.messagekey);
    if (!stored) return HttpAnswer.api(400, "noMessage");
    if (!stored.report) return HttpAnswer.api(400, "notCompleted");
    state.stats.reportRequests += 1;
    const target = pushTarget();
    const report = stored.report;
    if (target) later(0, () => pushReport(target, report, state, logger, { requested: true }));
    return afterTake(HttpAnswer.api(200, "success"), "/v2/report", stored.message.to);
  }

  function handleSim(method: string, path: string, query: URLSearchParams, body: unknown): HttpAnswer {
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
    if (method === "GET" && path === "/sim/stats") return new HttpAnswer(200, { ...state.stats, pending });
    if (method === "POST" && path === "/sim/reset") {
      state.reset();
      return new HttpAnswer(200, { ok: true });
    }
    if (method === "POST" && path === "/sim/faults") {
      try {
        faults = parseFaults(body);
        return new HttpAnswer(200, faults);
      } catch (err) {
        return new HttpAnswer(400, { error: (err as Error).message });
      }
    }
    if (method === "POST" && path === "/sim/expire-tokens") {
      for (const token of tokens.keys()) tokens.set(token, 0);
      return new HttpAnswer(200, { ok: true });
    }
    return HttpAnswer.api(404, "noResource");
  }

  async function route(req: IncomingMessage, raw: string, log: Partial<RequestLogEntry>): Promise<HttpAnswer> {
    const url = new URL(req.url ?? "/", "http://sim");
    const method = req.method ?? "GET";
    log.path = url.pathname;
    if (url.pathname === "/healthz") return new HttpAnswer(200, { ok: true });
    if (url.pathname.startsWith("/sim/")) return handleSim(method, url.pathname, url.searchParams, raw ? safeJson(raw) : undefined);
    if (method !== "POST") return HttpAnswer.api(404, "noResource");
    if (url.pathname === "/v1/token") return issueToken(req);
    const body = safeJson(raw);
    if (body === undefined) return HttpAnswer.api(400, "invalidMessage", {}, "body is not JSON");
    if (url.pathname === "/v3/message") return handleMessage(req, body, log);
    if (url.pathname === "/v2/report") return handleReportRequest(req, body, log);
    return HttpAnswer.api(404, "noResource");
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => {
      const log: Partial<RequestLogEntry> = { at: Date.now(), method: req.method ?? "GET" };
      const answer =
        size > MAX_BODY
          ? Promise.resolve(HttpAnswer.api(413, "invalidMessage", {}, "body too large"))
          : route(req, Buffer.concat(chunks).toString("utf8"), log);
      answer
        .catch((err: unknown) => {
          logger.error({ err: (err as Error).message }, "simulator handler failed");
          return HttpAnswer.api(500, "unknown");
        })
        .then((a) => send(res, a, log));
    });
  });

  function send(res: ServerResponse, answer: HttpAnswer, log: Partial<RequestLogEntry>): void {
    if (answer.lostAs) {
      state.stats.afterTakeFaults += 1;
      afterTakeAnswers.answer(res, answer.lostAs, faults.afterTake.holdMs);
    } else {
      const payload = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-type": answer.contentType, "content-length": Buffer.byteLength(payload) });
      res.end(payload);
    }
    if (!log.path?.startsWith("/sim/") && log.path !== "/healthz") {
      state.stats.requests += 1;
      const code = (answer.body as { code?: unknown } | null)?.code;
      state.requests.append({
        ...(log as Pick<RequestLogEntry, "at" | "method" | "path">),
        status: answer.status,
        ...(typeof code === "number" ? { code } : {}),
        ...(answer.lostAs ? { afterTake: answer.lostAs } : {}),
      });
    }
  }

  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";

  return {
    url: `http://${host}:${port}`,
    port,
    configure: (input) => {
      faults = parseFaults(input);
    },
    expireTokens: () => {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    received: (phone) => state.phones.get(phone)?.received ?? [],
    phones: () => state.summary(),
    requests: (path) => (path ? state.requests.since().filter((r) => r.path === path) : state.requests.since()),
    pushes: (since) => state.pushes.since(since),
    stats: () => ({ ...state.stats }),
    reset: () => state.reset(),
    idle: () => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      afterTakeAnswers.releaseAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
