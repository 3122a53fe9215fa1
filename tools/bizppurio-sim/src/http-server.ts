import { createServer, type Server, type ServerResponse } from "node:http";
import type { AfterTakeAnswers } from "./after-take-answer.js";
import { HttpAnswer } from "./http-answer.js";
import { route } from "./router.js";
import type { SimContext } from "./sim-context.js";
import type { RequestLogEntry } from "./state.js";

const MAX_BODY = 1_000_000;

/**
 * The HTTP server: reads each body in full (so an answer lost after take cannot be told
 * from the socket), routes it, writes or loses the answer, and logs every gateway call
 * (not /sim or /healthz) in the request log.
 */
export function createSimServer(ctx: SimContext, afterTakeAnswers: AfterTakeAnswers): Server {
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
          : route(ctx, req, Buffer.concat(chunks).toString("utf8"), log);
      answer
        .catch((err: unknown) => {
          ctx.logger.error({ err: (err as Error).message }, "simulator handler failed");
          return HttpAnswer.api(500, "unknown");
        })
        .then((a) => send(res, a, log));
    });
  });

  function send(res: ServerResponse, answer: HttpAnswer, log: Partial<RequestLogEntry>): void {
    const { state } = ctx;
    if (answer.lostAs) {
      state.stats.afterTakeFaults += 1;
      afterTakeAnswers.answer(res, answer.lostAs, ctx.faults().afterTake.holdMs);
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
  return server;
}
