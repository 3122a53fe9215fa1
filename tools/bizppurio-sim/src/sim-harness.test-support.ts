import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { BizppurioReport } from "@sunseo/contracts";
import { createLogger } from "@sunseo/logger";
import { startSimulator, type Simulator, type SimulatorOptions } from "./simulator.js";

/** The simulator over loopback HTTP with a real webhook receiver (no Kafka, no Redis), for the integration tests. */
export interface Webhook {
  url: string;
  /** Reports the webhook answered 200. */
  reports: BizppurioReport[];
  /** Answer 503 to this many pushes first (the webhook is down). */
  failFirst: number;
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  const reports: BizppurioReport[] = [];
  const hook = { reports, failFirst: 0 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (hook.failFirst > 0) {
        hook.failFirst -= 1;
        res.writeHead(503).end();
        return;
      }
      reports.push(JSON.parse(body) as BizppurioReport);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return Object.assign(hook, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/report`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

export interface Harness {
  sim: Simulator;
  hook: Webhook;
  /** A raw authorised POST: the caller sees HTML pages, resets and timeouts as a client would. */
  request(path: string, body: unknown, signal?: AbortSignal): Promise<Response>;
  /** An authorised POST answered JSON. */
  post(path: string, body: unknown): Promise<{ status: number; body: { code: number; messagekey?: string } }>;
  /** A valid AlimTalk /v3/message body. */
  message(to: string, refkey: string, templatecode?: string, fallback?: boolean): unknown;
  at(to: string, refkey: string, templatecode?: string, fallback?: boolean): ReturnType<Harness["post"]>;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions): Promise<Harness> {
  const hook = await startWebhook();
  const logger = createLogger({ name: "bizppurio-sim", level: (process.env.TEST_LOG_LEVEL as "info" | undefined) ?? "fatal" });
  const sim = await startSimulator({ account: "acct", password: "pw", webhookUrl: hook.url, logger, ...options });
  const res = await fetch(`${sim.url}/v1/token`, { method: "POST", headers: { authorization: `Basic ${Buffer.from("acct:pw").toString("base64")}` } });
  const { accesstoken } = (await res.json()) as { accesstoken: string };
  const request = (path: string, body: unknown, signal?: AbortSignal) =>
    fetch(`${sim.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${accesstoken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  const post = async (path: string, body: unknown) => {
    const r = await request(path, body);
    return { status: r.status, body: (await r.json()) as { code: number; messagekey?: string } };
  };
  const message = (to: string, refkey: string, templatecode = "T1", fallback = false) => ({
    account: "acct",
    type: "at",
    from: "0212345678",
    to,
    refkey,
    content: { at: { senderkey: "sk", templatecode, message: `msg ${refkey}` } },
    ...(fallback ? { resend: { first: "sms" }, recontent: { sms: { message: `sms ${refkey}` } } } : {}),
  });
  return {
    sim,
    hook,
    request,
    post,
    message,
    at: (to, refkey, templatecode, fallback) => post("/v3/message", message(to, refkey, templatecode, fallback)),
    close: async () => {
      await sim.close();
      await hook.close();
    },
  };
}
