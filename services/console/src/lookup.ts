import { findFlow, findFlowById, FlowNotFoundError, type FlowStateReader, type FoundFlow } from "@sunseo/flow-state";
import type { IndexStore } from "./index/store.js";
import type { Query } from "./search.js";

export type LookupResult = { kind: "phone"; phone: string } | { kind: "flow"; found: FoundFlow; by: string } | { kind: "none"; reason: string };

/**
 * Where a search goes. Keys are tried as the sequencer's state knows them (instance id,
 * refkey), then through the console's index (messagekey, idempotency key without a phone).
 */
export async function lookup(query: Query, reader: FlowStateReader, index: IndexStore): Promise<LookupResult> {
  switch (query.kind) {
    case "empty":
      return { kind: "none", reason: "type a phone, an instance id, a refkey, a messagekey or an idempotency key" };
    case "phone":
      return { kind: "phone", phone: query.phone };
    case "refkey":
    case "key": {
      const direct = await findFlow(reader, query.key).catch(notFound);
      if (direct !== undefined) return { kind: "flow", found: direct, by: direct.by };
      const refkey = await index.refkeyOfMessagekey(query.key);
      const byMessagekey = refkey === undefined ? undefined : await findFlow(reader, refkey).catch(notFound);
      if (byMessagekey !== undefined) return { kind: "flow", found: byMessagekey, by: "messagekey" };
      const instance = await index.instanceOfIdempotencyKey(query.key);
      const byIdempotency = instance === undefined ? undefined : await findFlowById(reader, instance).catch(notFound);
      if (byIdempotency !== undefined) return { kind: "flow", found: byIdempotency, by: "idempotency key" };
      return {
        kind: "none",
        reason: `nothing matches "${query.key}" as an instance id, refkey, messagekey or idempotency key (never seen, or past retention)`,
      };
    }
  }
}

function notFound(err: unknown): undefined {
  if (err instanceof FlowNotFoundError) return undefined;
  throw err;
}
