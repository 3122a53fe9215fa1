import type { Delivered } from "./verdict.js";

interface SimReceived {
  refkey: string;
  media: string;
  templateCode?: string;
}

/** Asks the simulator what each phone received, in delivery order. */
export async function collectPhones(simUrl: string, phones: Iterable<string>, lanes: ReadonlyMap<string, boolean>): Promise<Map<string, Delivered[]>> {
  const result = new Map<string, Delivered[]>();
  for (const phone of new Set(phones)) {
    const response = await fetch(`${simUrl}/sim/phones/${phone}`);
    const body = (await response.json()) as { received: SimReceived[] };
    result.set(
      phone,
      body.received.map((m) => ({
        refkey: m.refkey,
        templateCode: m.templateCode ?? "?",
        media: m.media,
        sharesLane: lanes.get(m.templateCode ?? "") ?? false,
      })),
    );
  }
  return result;
}

/** Resolves when the simulator has no delivery or push pending. */
export async function simulatorIdle(simUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stats = (await (await fetch(`${simUrl}/sim/stats`)).json()) as { pending: number };
    if (stats.pending === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the simulator still had deliveries pending");
}
