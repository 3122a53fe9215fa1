import { randomBytes } from "node:crypto";
import { Agent, createServer, request } from "node:http";
import type { Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPORT_ROUTE, reportUrl } from "@sunseo/contracts";
import { startHttpFaultProxy, type HttpFaultProxy } from "./http-fault-proxy.js";

interface Received {
  method: string;
  url: string;
  body: Buffer;
}

interface EchoServer {
  url: string;
  received: Received[];
  /** Idempotent: a test may stop it early. */
  close(): Promise<void>;
}

/** An upstream that records every request and echoes its body. */
async function startEchoServer(): Promise<EchoServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? "", url: req.url ?? "", body });
      res.writeHead(200, { "content-type": "application/octet-stream", "x-upstream": "echo" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    received,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  socket: Socket;
}

function post(agent: Agent, url: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/octet-stream", "content-length": body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), socket: req.socket! }));
    });
    req.once("error", reject);
    req.end(body);
  });
}

describe("startHttpFaultProxy", () => {
  let upstream: EchoServer;
  let proxy: HttpFaultProxy;
  // One keep-alive socket: every request of a test goes over the same client connection.
  let agent: Agent;

  beforeEach(async () => {
    upstream = await startEchoServer();
    proxy = await startHttpFaultProxy({ target: upstream.url, retryAfterSeconds: 7 });
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });

  afterEach(async () => {
    agent.destroy();
    await proxy.close();
    await upstream.close();
  });

  it("passes a few hundred KB both ways", async () => {
    const body = randomBytes(300 * 1024);
    const answer = await post(agent, `${reportUrl(proxy.url, "secret")}?x=1`, body);
    expect(answer.status).toBe(200);
    expect(answer.headers["x-upstream"]).toBe("echo");
    expect(answer.body.equals(body)).toBe(true);
    expect(upstream.received.map((r) => r.url)).toEqual([`${REPORT_ROUTE}/secret?x=1`]);
  });

  it("refuse answers 503 with Retry-After and forwards nothing", async () => {
    proxy.setMode("refuse");
    const answer = await post(agent, `${proxy.url}/report`, Buffer.from("{}"));
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("7");
    expect(upstream.received).toEqual([]);
    expect(proxy.counts()).toEqual({ pass: 0, refuse: 1, "forward-then-503": 0 });
  });

  it("forward-then-503 answers 503 after the upstream received and answered the request", async () => {
    proxy.setMode("forward-then-503");
    const answer = await post(agent, `${proxy.url}/report`, Buffer.from('{"refkey":"r1"}'));
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("7");
    expect(upstream.received.map((r) => r.body.toString())).toEqual(['{"refkey":"r1"}']);
    expect(proxy.counts()).toEqual({ pass: 0, refuse: 0, "forward-then-503": 1 });
  });

  it("switches modes at runtime on one keep-alive connection", async () => {
    const body = randomBytes(200 * 1024);
    const modes = ["pass", "refuse", "forward-then-503", "pass"] as const;
    const answers: Answer[] = [];
    for (const mode of modes) {
      proxy.setMode(mode);
      answers.push(await post(agent, `${proxy.url}/report`, body));
    }
    expect(answers.map((a) => a.status)).toEqual([200, 503, 503, 200]);
    expect(new Set(answers.map((a) => a.socket)).size).toBe(1);
    expect(upstream.received).toHaveLength(3);
    expect(proxy.counts()).toEqual({ pass: 2, refuse: 1, "forward-then-503": 1 });
  });

  it("answers 502 when the upstream is down", async () => {
    await upstream.close();
    const answer = await post(agent, `${proxy.url}/report`, Buffer.from("{}"));
    expect(answer.status).toBe(502);
  });
});
