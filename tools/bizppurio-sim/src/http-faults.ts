import type { AfterTakePath } from "./faults.js";
import { drawAfterTake } from "./faults-after-take.js";
import { HttpAnswer } from "./http-answer.js";
import { PROXY_PAGES, PROXY_PAGE_TYPE } from "./proxy-pages.js";
import type { SimContext } from "./sim-context.js";

/** Injected HTTP faults of the gateway endpoints (not of token issuing): slow, an HTML proxy page, an error status. */
export async function injectHttpFault(ctx: SimContext, to?: unknown): Promise<HttpAnswer | undefined> {
  const h = ctx.faults().http;
  if (h.phone !== undefined && !(typeof to === "string" && new RegExp(h.phone).test(to))) return undefined;
  if (h.slowRate > 0 && ctx.random() < h.slowRate) await new Promise((r) => setTimeout(r, h.slowMs));
  if (h.htmlRate > 0 && ctx.random() < h.htmlRate) return new HttpAnswer(502, PROXY_PAGES[502], PROXY_PAGE_TYPE);
  if (h.errorRate > 0 && ctx.random() < h.errorRate) return HttpAnswer.api(h.errorStatus, "unknown");
  return undefined;
}

/** The call is taken (its work done); its answer may still be lost on the way back. */
export function afterTake(ctx: SimContext, answer: HttpAnswer, path: AfterTakePath, phone: string): HttpAnswer {
  const kind = drawAfterTake(ctx.faults().afterTake, path, phone, ctx.random);
  return kind === undefined ? answer : answer.lost(kind);
}
