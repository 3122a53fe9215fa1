import type { FlowState, PhoneState } from "@sunseo/flow-state";
import { NotFoundError } from "../errors.js";
import type { StateReader } from "../state-reader.js";

export interface FoundFlow {
  phone: string;
  state: PhoneState;
  flow: FlowState;
}

/** A flow by its instance id, through the sequencer's instance index, or a NotFoundError that says why. */
export async function findFlowById(reader: StateReader, id: string): Promise<FoundFlow> {
  const phone = await reader.phoneOf(id);
  if (phone === undefined) throw new NotFoundError(`unknown flow instance ${id} (never started, or its state expired)`);
  const state = await reader.phoneState(phone);
  const flow = state?.flows[id];
  if (state === undefined || flow === undefined) throw new NotFoundError(`flow instance ${id} is indexed but its state is gone (expired)`);
  return { phone, state, flow };
}
