import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type ErrorRequestHandler, type Express } from "express";
import { maskPhonesInText } from "@sunseo/phone";
import { requireCsrf, requireOperator } from "./auth/middleware.js";
import type { AppDeps, AppSettings } from "./deps.js";
import type { ConsoleMetrics } from "./metrics.js";
import { authRoutes, logoutRoute } from "./routes/auth-routes.js";
import { flowRoutes } from "./routes/flow-routes.js";
import { opsRoutes } from "./routes/ops-routes.js";

const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "static");
// htmx is served from its npm package by this server: no CDN, no build step.
const HTMX = createRequire(import.meta.url).resolve("htmx.org/dist/htmx.min.js");

/**
 * The console's pages, built without listening (main.ts and the tests listen). Everything
 * but /login and /static needs a signed-in operator; every POST needs the CSRF token.
 */
export function createConsoleApp(settings: AppSettings, deps: AppDeps, metrics?: ConsoleMetrics): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  if (metrics) {
    app.use((req, res, next) => {
      const started = process.hrtime.bigint();
      res.on("finish", () => {
        if (res.get("content-type")?.startsWith("text/event-stream")) return;
        const route = (req.route as { path?: string } | undefined)?.path ?? "other";
        metrics.requestSeconds.observe({ route: String(route), status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    });
  }
  app.use((_req, res, next) => {
    // Pages hold masked data only, but nothing here belongs in a shared cache or a frame.
    res.set({ "cache-control": "no-store", "x-frame-options": "DENY", "referrer-policy": "no-referrer", "x-content-type-options": "nosniff" });
    res.set("content-security-policy", "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    next();
  });
  app.get("/static/htmx.min.js", (_req, res) => res.sendFile(HTMX, { headers: { "cache-control": "public, max-age=3600" } }));
  app.use("/static", express.static(STATIC_DIR, { maxAge: "1h", index: false }));
  app.use(express.urlencoded({ extended: false, limit: "16kb" }));

  authRoutes(app, settings, deps);
  app.use(requireOperator({ mode: settings.auth, header: settings.authHeader, secret: settings.sessionSecret, now: deps.now }));
  app.use(requireCsrf());
  logoutRoute(app, settings);
  flowRoutes(app, deps);
  opsRoutes(app, settings, deps);

  const onError: ErrorRequestHandler = (err: Error, req, res, _next) => {
    deps.logger.error({ err, path: req.path }, "console request failed");
    if (res.headersSent) return void res.end();
    res
      .status(500)
      .type("text/plain")
      .send(`the console could not answer: ${maskPhonesInText(err.message)}`);
  };
  app.use(onError);
  return app;
}
