import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { AfterTakeKind } from "./faults.js";
import { PROXY_PAGES, PROXY_PAGE_TYPE } from "./proxy-pages.js";

/**
 * Answers a call the gateway already took in place of its real answer. The request was read
 * in full, so the client cannot tell from the socket whether anything was taken. Held sockets
 * ("timeout") are closed unanswered after a bound and on shutdown, so close() never waits on them.
 */
export class AfterTakeAnswers {
  private readonly held = new Map<Socket, NodeJS.Timeout>();

  answer(res: ServerResponse, kind: AfterTakeKind, holdMs: number): void {
    if (kind === "502-html" || kind === "504-html") {
      const payload = PROXY_PAGES[kind === "502-html" ? 502 : 504];
      res.writeHead(kind === "502-html" ? 502 : 504, { "content-type": PROXY_PAGE_TYPE, "content-length": Buffer.byteLength(payload) });
      res.end(payload);
      return;
    }
    // A client that already gave up left no socket: there is nobody to answer.
    const socket = res.socket;
    if (!socket) return;
    if (kind === "reset") {
      socket.resetAndDestroy();
      return;
    }
    const timer = setTimeout(() => socket.destroy(), holdMs);
    this.held.set(socket, timer);
    socket.once("close", () => {
      clearTimeout(timer);
      this.held.delete(socket);
    });
  }

  /** Closes every held socket unanswered (server shutdown). */
  releaseAll(): void {
    for (const [socket, timer] of this.held) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.held.clear();
  }
}
