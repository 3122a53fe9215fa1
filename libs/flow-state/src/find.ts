import { maskPhone, maskPhonesInText } from "@sunseo/phone";
import type { FlowStateReader } from "./read.js";
import { instanceIdOfRefkey } from "./refkey.js";
import type { FlowState, PhoneState } from "./state.js";

/** No flow answers the key: never started, or its state expired. The message says which key was tried. */
export class FlowNotFoundError extends Error {
  override readonly name = "FlowNotFoundError";
  readonly code = "NOT_FOUND";
  readonly retriable = false;
}

export type FoundBy = "instance id" | "refkey" | "idempotency key";

export interface FoundFlow {
  phone: string;
  state: PhoneState;
  flow: FlowState;
  by: FoundBy;
}

/** A flow by its instance id, through the sequencer's instance index, or a FlowNotFoundError that says why. */
export async function findFlowById(reader: FlowStateReader, id: string): Promise<FoundFlow> {
  const phone = await reader.phoneOf(id);
  if (phone === undefined) throw new FlowNotFoundError(`unknown flow instance ${id} (never started, or its state expired)`);
  const state = await reader.phoneState(phone);
  const flow = state?.flows[id];
  if (state === undefined || flow === undefined) throw new FlowNotFoundError(`flow instance ${id} is indexed but its state is gone (expired)`);
  return { phone, state, flow, by: "instance id" };
}

/**
 * A flow by instance id or refkey; with the phone, also by idempotency key (those are kept
 * per phone, in its state document, and a key on its own does not say which phone).
 */
export async function findFlow(reader: FlowStateReader, key: string, phone?: string): Promise<FoundFlow> {
  if (phone !== undefined) return findInPhone(reader, key, phone);
  const byId = await findFlowById(reader, key).catch(notFoundAsUndefined);
  if (byId !== undefined) return byId;
  const instance = instanceIdOfRefkey(key);
  const owner = instance === undefined ? undefined : await findFlowById(reader, instance).catch(notFoundAsUndefined);
  // Only a refkey the flow really sent with: an id that merely looks like one is not a match.
  if (owner !== undefined && Object.hasOwn(owner.state.refkeys, key)) return { ...owner, by: "refkey" };
  throw new FlowNotFoundError(`no flow with instance id or refkey ${key} (never started, or its state expired); an idempotency key needs the phone`);
}

async function findInPhone(reader: FlowStateReader, key: string, phone: string): Promise<FoundFlow> {
  const state = await reader.phoneState(phone);
  const match = state === undefined ? undefined : matchInState(state, key);
  if (state === undefined || match === undefined) {
    throw new FlowNotFoundError(`no flow of ${maskPhone(phone)} with instance id, refkey or idempotency key "${maskPhonesInText(key)}"`);
  }
  return { phone, state, ...match };
}

// The state's maps are keyed by outside input: own properties only, so "constructor" is just a key.
const own = <V>(map: Record<string, V>, key: string): V | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

function matchInState(state: PhoneState, key: string): { flow: FlowState; by: FoundBy } | undefined {
  const candidates: [string | undefined, FoundBy][] = [
    [key, "instance id"],
    [own(state.refkeys, key)?.instanceId, "refkey"],
    [own(state.idempotency, key), "idempotency key"],
  ];
  for (const [id, by] of candidates) {
    const flow = id === undefined ? undefined : own(state.flows, id);
    if (flow !== undefined) return { flow, by };
  }
  return undefined;
}

function notFoundAsUndefined(err: unknown): undefined {
  if (err instanceof FlowNotFoundError) return undefined;
  throw err;
}
