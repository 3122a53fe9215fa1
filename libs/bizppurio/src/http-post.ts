import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
}

/**
 * A call that got no answer, saying how far it got: `uploaded` once the whole request was
 * handed to the operating system (before that, the gateway cannot have acted on it).
 */
export class HttpCallError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly uploaded: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "HttpCallError";
  }
}

export interface HttpPoster {
  /** POST with a JSON body; resolves with any answer (every status), rejects with HttpCallError. */
  post(path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer>;
  close(): void;
}

/**
 * The gateway's HTTP, on node:http with keep-alive. Kept this small on purpose: the request
 * is created and written in the same turn as the caller's claim, so "claimed" and "on the
 * wire" are as close as Node can make them, and a call costs little CPU.
 */
export function createHttpPoster({
  baseUrl,
  maxSockets,
  connectTimeoutMs,
  requestTimeoutMs,
}: {
  baseUrl: string;
  maxSockets: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}): HttpPoster {
  const base = new URL(baseUrl);
  const secure = base.protocol === "https:";
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets }) : new HttpAgent({ keepAlive: true, maxSockets });
  const request = secure ? httpsRequest : httpRequest;
  const prefix = base.pathname.replace(/\/$/, "");

  return {
    post(path, headers, body = "") {
      return new Promise<HttpAnswer>((resolve, reject) => {
        let uploaded = false;
        let settled = false;
        const req = request({
          agent,
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port || (secure ? 443 : 80),
          path: `${prefix}/${path}`,
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers },
        });
        const timers: NodeJS.Timeout[] = [];
        const settle = () => {
          settled = true;
          for (const t of timers) clearTimeout(t);
        };
        const fail = (message: string, code: string | undefined, cause?: unknown) => {
          if (settled) return;
          settle();
          req.destroy();
          reject(new HttpCallError(message, code, uploaded, cause === undefined ? undefined : { cause }));
        };
        timers.push(setTimeout(() => fail(`no answer within ${requestTimeoutMs} ms`, "ETIMEDOUT"), requestTimeoutMs));
        req.on("socket", (socket) => {
          if (!socket.connecting) return;
          const connectTimer = setTimeout(() => fail(`no connection within ${connectTimeoutMs} ms`, "ECONNECTTIMEOUT"), connectTimeoutMs);
          timers.push(connectTimer);
          socket.once("connect", () => clearTimeout(connectTimer));
        });
        // 'finish': the last byte of the request was handed to the operating system.
        req.on("finish", () => (uploaded = true));
        req.on("error", (err: NodeJS.ErrnoException) => fail(err.message, err.code, err));
        req.on("response", (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", (err: NodeJS.ErrnoException) => fail(err.message, err.code, err));
          res.on("end", () => {
            if (settled) return;
            settle();
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), contentType: String(res.headers["content-type"] ?? "") });
          });
        });
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
