import type { Request, Response } from "express";
import { operatorOf } from "../auth/middleware.js";
import type { PageContext } from "../pages/layout.js";

/** The page context of a request: the operator, the CSRF token, and the zone (?tz=utc, else KST). */
export function pageContext(req: Request, res: Response): PageContext {
  const { user, csrf } = operatorOf(res);
  return { user, csrf, zone: req.query.tz === "utc" ? "utc" : "kst", path: req.originalUrl };
}

export const single = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
