import type { Delivered } from "@sunseo/demo";
import type { SimClient } from "./sim-client.js";

/** A message on a phone, when it got there: the other end of a resume measured from the phone. */
export interface Delivery {
  refkey: string;
  result: string;
  at: number;
}

export interface Phones {
  /** Per phone, in delivery order, as judgePhones reads it. */
  received: Map<string, Delivered[]>;
  deliveries: Delivery[];
}

/** Asks the simulator what every phone received (a few phones at a time: thousands of them). */
export async function readPhones(sim: SimClient, phones: Iterable<string>, lanes: ReadonlyMap<string, boolean>): Promise<Phones> {
  const queue = [...new Set(phones)];
  const received = new Map<string, Delivered[]>();
  const deliveries: Delivery[] = [];
  const worker = async () => {
    for (let phone = queue.pop(); phone !== undefined; phone = queue.pop()) {
      const messages = await sim.received(phone);
      received.set(
        phone,
        messages.map((m) => ({ refkey: m.refkey, templateCode: m.templateCode ?? "?", media: m.media, sharesLane: lanes.get(m.templateCode ?? "") ?? false })),
      );
      for (const m of messages) deliveries.push({ refkey: m.refkey, result: m.result, at: m.deliveredAt });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  deliveries.sort((a, b) => a.at - b.at);
  return { received, deliveries };
}
