import type { Request, Response } from "express";

/**
 * A Server-Sent Events stream that re-renders a fragment every `intervalMs` and sends it only
 * when it changed; the page's console.js swaps it in. Polling our own Redis read is cheap
 * (one HGET) and keeps the console free of any per-flow subscription state.
 */
export function streamFragment(req: Request, res: Response, render: () => Promise<{ html: string; done?: boolean }>, intervalMs = 1_000): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" });
  res.write("retry: 3000\n\n");
  let last = "";
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const tick = async () => {
    try {
      const { html, done } = await render();
      if (closed) return;
      if (html !== last) {
        last = html;
        res.write(`event: update\ndata: ${html.replace(/\n/g, "\ndata: ")}\n\n`);
      }
      if (done) {
        res.write("event: done\ndata: \n\n");
        res.end();
        return;
      }
    } catch (err) {
      res.write(`event: error\ndata: ${(err as Error).message.replace(/\n/g, " ")}\n\n`);
    }
    if (!closed) timer = setTimeout(() => void tick(), intervalMs);
  };
  req.on("close", () => {
    closed = true;
    clearTimeout(timer);
  });
  void tick();
}
