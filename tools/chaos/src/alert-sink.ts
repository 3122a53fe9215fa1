import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One post as the channel received it. */
export interface ChannelPost {
  at: number;
  body: unknown;
}

export interface AlertSink {
  url: string;
  posts(): readonly ChannelPost[];
  close(): Promise<void>;
}

/**
 * Stands in for the Discord channel and keeps every post as it came, duplicates included:
 * the judge reads them as a person would (alerts.ts), so a post shown twice counts twice.
 */
export async function startAlertSink(): Promise<AlertSink> {
  const posts: ChannelPost[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      try {
        posts.push({ at: Date.now(), body: JSON.parse(body) as unknown });
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord`,
    posts: () => posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
