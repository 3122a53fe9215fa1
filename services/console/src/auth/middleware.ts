import type { NextFunction, Request, RequestHandler, Response } from "express";
import { csrfToken, readSession, sameToken } from "./session.js";

export const SESSION_COOKIE = "sunseo_console";

export interface AuthOptions {
  mode: "login" | "header";
  header: string;
  secret: string;
  now: () => number;
}

/** Who is signed in and the CSRF token of their session, set on every authenticated request. */
export interface Operator {
  user: string;
  csrf: string;
}

export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export const operatorOf = (res: Response): Operator => res.locals.operator as Operator;

/**
 * Every page but /login and /static needs a user: from the signed session cookie, or (mode
 * header) from the header an authenticating ingress sets. A page request without one is sent
 * to /login; anything else gets 401.
 */
export function requireOperator({ mode, header, secret, now }: AuthOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (mode === "header") {
      const user = req.get(header);
      if (!user) {
        res.status(401).type("text/plain").send(`no ${header} header: the console expects an authenticating proxy in front of it`);
        return;
      }
      res.locals.operator = { user, csrf: csrfToken(secret, `user:${user}`) } satisfies Operator;
      return next();
    }
    const session = readSession(secret, cookieValue(req, SESSION_COOKIE), now());
    if (session === undefined) {
      if (req.method === "GET" && !req.get("hx-request") && req.get("accept")?.includes("text/html")) {
        res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      } else {
        res.status(401).type("text/plain").send("sign in first");
      }
      return;
    }
    res.locals.operator = { user: session.user, csrf: csrfToken(secret, `session:${session.nonce}`) } satisfies Operator;
    next();
  };
}

/** POSTs carry the session's CSRF token (form field _csrf, or the x-csrf-token header htmx sends). */
export function requireCsrf(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "POST") return next();
    const operator = operatorOf(res);
    const token = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get("x-csrf-token");
    if (typeof token !== "string" || !sameToken(token, operator.csrf)) {
      res.status(403).type("text/plain").send("missing or wrong CSRF token: reload the page");
      return;
    }
    next();
  };
}
