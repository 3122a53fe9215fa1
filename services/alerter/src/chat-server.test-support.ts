import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  sink: string;
  body: any;
  at: number;
}
/** `hang`: take the request and never answer (a sink that is up but stuck). */
export type Answer = { status: number; headers?: Record<string, string> } | "hang";

/** Stands in for Discord and Slack: records every post, answers from a per-sink script (204 when empty). */
export async function startChatServer() {
  const posts: Recorded[] = [];
  const scripts: Record<string, Answer[] | ((n: number) => Answer)> = {};
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const sink = (req.url ?? "").slice(1);
      posts.push({ sink, body: JSON.parse(raw), at: Date.now() });
      const script = scripts[sink];
      const answer = typeof script === "function" ? script(posts.filter((p) => p.sink === sink).length) : (script?.shift() ?? { status: 204 });
      if (answer !== "hang") res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: (sink: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/${sink}`,
    posts: (sink: string) => posts.filter((p) => p.sink === sink),
    script: (sink: string, answers: Answer[] | ((n: number) => Answer)) => (scripts[sink] = answers),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export type ChatServer = Awaited<ReturnType<typeof startChatServer>>;
