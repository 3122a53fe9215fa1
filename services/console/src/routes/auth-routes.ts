import type { Express, Response } from "express";
import { z } from "zod";
import { SESSION_COOKIE } from "../auth/middleware.js";
import { verifyPassword } from "../auth/password.js";
import { issueSession } from "../auth/session.js";
import type { AppDeps, AppSettings } from "../deps.js";
import { loginPage } from "../pages/layout.js";

const loginForm = z.object({ user: z.string().min(1).max(64), password: z.string().min(1).max(1024), next: z.string().optional() });

/** Only a path of this site: a `next` pointing elsewhere would make the sign-in an open redirect. */
const localPath = (next: string | undefined): string => (next !== undefined && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : "/");

// A hash to verify against for unknown users, so a wrong name takes as long as a wrong password.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export function authRoutes(app: Express, settings: AppSettings, deps: AppDeps): void {
  const cookie = (res: Response, value: string, maxAgeMs: number) =>
    res.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: "strict", secure: settings.secureCookie, maxAge: maxAgeMs, path: "/" });

  app.get("/login", (req, res) => {
    if (settings.auth === "header") return void res.redirect(303, "/");
    res.type("html").send(loginPage(undefined, localPath(typeof req.query.next === "string" ? req.query.next : undefined)).text);
  });

  app.post("/login", async (req, res) => {
    if (settings.auth === "header") return void res.redirect(303, "/");
    const form = loginForm.safeParse(req.body);
    if (!form.success) return void res.status(400).type("html").send(loginPage("user and password are required", "/").text);
    const { user, password, next } = form.data;
    const hash = settings.users.get(user);
    const valid = await verifyPassword(password, hash ?? DUMMY_HASH);
    if (hash === undefined || !valid) {
      deps.audit.record(user, "login-failed", {});
      return void res
        .status(401)
        .type("html")
        .send(loginPage("wrong user or password", localPath(next)).text);
    }
    const { cookie: value } = issueSession(settings.sessionSecret, user, settings.sessionTtlMs, deps.now());
    cookie(res, value, settings.sessionTtlMs);
    deps.audit.record(user, "login", {});
    res.redirect(303, localPath(next));
  });
}

export function logoutRoute(app: Express, settings: AppSettings): void {
  app.post("/logout", (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: "/" });
    res.redirect(303, settings.auth === "header" ? "/" : "/login");
  });
}
