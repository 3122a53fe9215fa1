import type { FlowClient } from "@sunseo/flow-client";

export interface Load {
  name: "idle" | "moderate" | "steady" | "burst";
  /** Phones of this load are numbered from here, so loads never share a phone. */
  firstPhone: number;
  flows: number;
  /** Flows started per second; undefined: all at once. */
  perSecond?: number;
  what: string;
}

export const LOADS: Load[] = [
  { name: "idle", firstPhone: 0, flows: 300, perSecond: 20, what: "20 flows/s for 15 s" },
  { name: "moderate", firstPhone: 300_000, flows: 2_000, perSecond: 200, what: "200 flows/s for 10 s" },
  { name: "steady", firstPhone: 100_000, flows: 5_000, perSecond: 500, what: "500 flows/s for 10 s" },
  { name: "burst", firstPhone: 200_000, flows: 3_000, what: "3,000 flows at once" },
];

export const STEPS_PER_FLOW = 3;
export const phoneOf = (n: number) => `010${String(20_000_000 + n).padStart(8, "0")}`;

/** Starts a load's flows through the flow-client, as a domain service would, at its rate. */
export async function startLoad(client: FlowClient, load: Load, run: string): Promise<void> {
  const started: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < load.flows; i++) {
    if (load.perSecond !== undefined) {
      const due = t0 + (i * 1_000) / load.perSecond;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    started.push(
      client.startFlow({ flow: "bench", phone: phoneOf(load.firstPhone + i), variables: { n: String(i) }, idempotencyKey: `${run}-${load.name}-${i}` }),
    );
  }
  await Promise.all(started);
}
