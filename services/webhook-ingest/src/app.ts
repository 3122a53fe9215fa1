import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import { describeResult, REPORT_ROUTE, WEBHOOK_SECRET_HEADER, type Report } from "@sunseo/contracts";
import type { Logger } from "@sunseo/logger";
import type { IpFilter } from "./ip-filter.js";
import type { IngestMetrics, RejectionReason } from "./metrics.js";
import { parsePush } from "./parse-report.js";

export interface IngestAppDeps {
  /** Resolves once the report is on the report topic, acknowledged by Kafka (acks=all). */
  storeReport(report: Report): Promise<void>;
  ipFilter: IpFilter;
  checkSecret(presented: unknown): boolean;
  /** CIDRs/IPs of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: readonly string[];
  bodyLimitBytes: number;
  metrics: IngestMetrics;
  logger: Logger;
  /** True once shutdown began: answers then carry Connection: close so keep-alive clients let go. */
  isClosing(): boolean;
  now?: () => number;
}

/**
 * The public endpoint for Bizppurio's report push. Checks run cheapest and least trusting
 * first: client address, shared secret, then (only for an authenticated caller) the body.
 * A 200 means the report is on the `report` topic, acknowledged by all in-sync replicas.
 *
 * Duplicate pushes are accepted and stored again: deduplication is the sequencer's job,
 * which sees every report of a phone in order.
 */
export function createIngestApp(deps: IngestAppDeps): Express {
  const { metrics, logger, now = Date.now } = deps;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("trust proxy", deps.trustedProxies.length > 0 ? [...deps.trustedProxies] : false);

  const reject = (res: express.Response, status: number, reason: RejectionReason, body: Record<string, unknown>) => {
    metrics.rejections.inc({ reason });
    res.status(status).json(body);
  };

  const connectionPolicy: RequestHandler = (_req, res, next) => {
    if (deps.isClosing()) res.set("Connection", "close");
    next();
  };

  const allowlist: RequestHandler = (req, res, next) => {
    if (deps.ipFilter.allows(req.ip)) return next();
    logger.debug({ ip: req.ip }, "push from an address outside the allowlist");
    reject(res, 403, "forbidden_ip", { error: "forbidden" });
  };

  // A wrong secret in the path looks exactly like an unknown URL: nothing tells a scanner it found the endpoint.
  const secretInPath: RequestHandler = (req, res, next) => {
    if (deps.checkSecret(req.params.secret)) return next();
    reject(res, 404, "unauthorized", { error: "not_found" });
  };

  const secretInHeader: RequestHandler = (req, res, next) => {
    if (deps.checkSecret(req.get(WEBHOOK_SECRET_HEADER))) return next();
    reject(res, 401, "unauthorized", { error: "unauthorized" });
  };

  const jsonOnly: RequestHandler = (req, res, next) => {
    if (req.is("application/json")) return next();
    reject(res, 415, "unsupported_media_type", { error: "unsupported_media_type", message: "send Content-Type: application/json" });
  };

  const parseJson = express.json({ limit: deps.bodyLimitBytes, strict: false, type: "application/json" });

  const accept: RequestHandler = async (req, res) => {
    const handled = metrics.pushSeconds.startTimer();
    const parsed = parsePush(req.body, now());
    if (!parsed.ok) {
      logger.warn({ reason: parsed.reason, fields: parsed.fields }, `push refused: ${parsed.message}`);
      reject(res, 400, parsed.reason, { error: parsed.reason, message: parsed.message, fields: parsed.fields });
      return;
    }
    const { report } = parsed;
    try {
      await deps.storeReport(report);
    } catch (err) {
      // Not stored (or not known to be): the gateway must push again.
      logger.debug({ code: (err as { code?: string }).code }, "push not stored");
      res.set("Retry-After", "5");
      reject(res, 503, "kafka_unavailable", { error: "unavailable" });
      return;
    }
    const result = describeResult(report.report.RESULT);
    metrics.reports.inc({ channel: result.channel, delivered: String(result.delivered) });
    res.status(200).json({ ok: true });
    handled();
  };

  const onError: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err.type === "entity.too.large") return reject(res, 413, "too_large", { error: "too_large", message: `body over ${deps.bodyLimitBytes} bytes` });
    if (err.type === "entity.parse.failed") return reject(res, 400, "invalid_json", { error: "invalid_json", message: "body is not valid JSON" });
    if (err.type === "charset.unsupported" || err.type === "encoding.unsupported") {
      return reject(res, 415, "unsupported_media_type", { error: "unsupported_media_type", message: "unsupported charset or encoding" });
    }
    if (typeof err.status === "number" && err.status >= 400 && err.status < 500) return void res.status(err.status).json({ error: "bad_request" });
    logger.error({ err }, "unexpected error in the push handler");
    res.status(500).json({ error: "internal" });
  };

  app.use(connectionPolicy);
  app.post(`${REPORT_ROUTE}/:secret`, allowlist, secretInPath, jsonOnly, parseJson, accept);
  app.post(REPORT_ROUTE, allowlist, secretInHeader, jsonOnly, parseJson, accept);
  app.use((_req, res) => void res.status(404).json({ error: "not_found" }));
  app.use(onError);
  return app;
}
