import { Agent, createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeaders, type ServerResponse } from "node:http";

/**
 * - "pass": forwarded both ways;
 * - "refuse": answered 503 with Retry-After, never forwarded (a server shedding load);
 * - "forward-then-503": forwarded, the upstream's answer awaited and dropped, then 503 (an answer lost
 *   on the way back: the upstream acted on a request its sender believes failed).
 */
export type HttpFaultMode = "pass" | "refuse" | "forward-then-503";

export interface HttpFaultProxyOptions {
  /** The upstream's base URL, e.g. http://127.0.0.1:8080 (http only). */
  target: string;
  listenPort?: number;
  mode?: HttpFaultMode;
  retryAfterSeconds?: number;
}

export interface HttpFaultProxy {
  port: number;
  /** http://127.0.0.1:<port>: the proxy's base URL, to give the sender instead of the upstream's. */
  url: string;
  mode(): HttpFaultMode;
  /** Applies to requests that arrive from now on. */
  setMode(mode: HttpFaultMode): void;
  /** Requests handled in each mode so far. */
  counts(): Record<HttpFaultMode, number>;
  close(): Promise<void>;
}

/** Meaningful for one connection only, so never passed on (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "proxy-authenticate",
  "proxy-authorization",
]);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export async function startHttpFaultProxy({
  target,
  listenPort = 0,
  mode: initial = "pass",
  retryAfterSeconds = 1,
}: HttpFaultProxyOptions): Promise<HttpFaultProxy> {
  const upstream = new URL(target);
  // Keep-alive both ways, as between a real sender, a load balancer and the service.
  const agent = new Agent({ keepAlive: true });
  let mode = initial;
  const counts: Record<HttpFaultMode, number> = { pass: 0, refuse: 0, "forward-then-503": 0 };

  // The same answer for both faults: the sender cannot tell a refused request from a lost answer.
  const unavailable = (res: ServerResponse) => {
    res.writeHead(503, { "retry-after": String(retryAfterSeconds), "content-type": "text/plain" }).end("service unavailable (injected fault)\n");
  };
  const badGateway = (res: ServerResponse) => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { "content-type": "text/plain" }).end("upstream unreachable\n");
  };

  const server = createServer((req, res) => {
    const current = mode;
    counts[current] += 1;
    if (current === "refuse") {
      // Read the body first: answering before it is read would cost the client its keep-alive connection.
      req.resume();
      req.once("end", () => unavailable(res));
      return;
    }
    const forwarded = request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: endToEnd(req.headers),
        agent,
      },
      (answer) => {
        if (current === "forward-then-503") {
          answer.resume();
          answer.once("end", () => unavailable(res));
          return;
        }
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
      },
    );
    forwarded.once("error", () => badGateway(res));
    req.once("error", () => forwarded.destroy());
    req.pipe(forwarded);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : listenPort;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    mode: () => mode,
    setMode(next) {
      mode = next;
    },
    counts: () => ({ ...counts }),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}
