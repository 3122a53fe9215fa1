import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Stands in for the Discord channel: records every message the alerter posts. */
export async function startAlertSink(): Promise<{ url: string; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      messages.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
