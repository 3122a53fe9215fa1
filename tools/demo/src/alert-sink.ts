import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What reached the channel: alerts posted one by one, and alerts named in summaries (and how many summary posts). */
export interface AlertCount {
  total: number;
  single: number;
  summarised: number;
  summaries: number;
}

interface Embed {
  fields?: { name: string; value: string }[];
}

/**
 * Stands in for the Discord channel: records which flows the alerter's messages name, as a
 * person reading them would: an alert's "Instance" field, or each line of a summary's
 * "Alerts i-j of n" fields (the instance comes first on the line).
 */
export async function startAlertSink(): Promise<{ url: string; alerts(): AlertCount; close(): Promise<void> }> {
  const single = new Set<string>();
  const summarised = new Set<string>();
  let summaries = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const fields = (JSON.parse(body) as { embeds?: Embed[] }).embeds?.[0]?.fields ?? [];
      const listed = fields.filter((f) => f.name.startsWith("Alerts ")).flatMap((f) => f.value.split("\n").map((line) => line.split(" · ")[0]!));
      if (listed.length > 0) summaries += 1;
      for (const instance of listed) summarised.add(instance);
      for (const f of fields) if (f.name === "Instance") single.add(f.value);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord`,
    alerts() {
      const folded = [...summarised].filter((instance) => !single.has(instance)).length;
      return { total: single.size + folded, single: single.size, summarised: folded, summaries };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
