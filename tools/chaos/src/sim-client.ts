import type { FaultConfigInput, PushLogEntry, ReceivedMessage, RequestLogEntry, SimStats } from "@sunseo/bizppurio-sim";

/** What the campaign asks the simulator over its /sim endpoints: the ground truth it judges by. */
export interface SimClient {
  /** Replaces the fault configuration. */
  configure(faults: FaultConfigInput): Promise<void>;
  /** Report pushes webhook-ingest answered 2xx, oldest first. */
  pushes(): Promise<PushLogEntry[]>;
  /** Calls of one gateway endpoint (e.g. /v3/message), in arrival order. */
  requests(path: string): Promise<RequestLogEntry[]>;
  stats(): Promise<SimStats & { pending: number }>;
  /** What one phone received, in delivery order. */
  received(phone: string): Promise<ReceivedMessage[]>;
}

export function simClient(simUrl: string): SimClient {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${simUrl}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    async configure(faults) {
      const response = await fetch(`${simUrl}/sim/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
      if (!response.ok) throw new Error(`POST /sim/faults answered ${response.status}: ${await response.text()}`);
    },
    pushes: () => get("/sim/pushes"),
    requests: (path) => get(`/sim/requests?path=${encodeURIComponent(path)}`),
    stats: () => get("/sim/stats"),
    received: async (phone) => (await get<{ received: ReceivedMessage[] }>(`/sim/phones/${phone}`)).received,
  };
}
