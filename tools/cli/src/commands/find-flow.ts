import { findFlow as findInState, findFlowById as findByIdInState, FlowNotFoundError, type FlowStateReader, type FoundFlow } from "@sunseo/flow-state";
import { NotFoundError } from "../errors.js";

/** The shared lookups of @sunseo/flow-state, their not-found turned into the CLI's NotFoundError (exit 1, code NOT_FOUND). */

export type { FoundBy, FoundFlow } from "@sunseo/flow-state";

export const findFlowById = (reader: FlowStateReader, id: string): Promise<FoundFlow> => findByIdInState(reader, id).catch(asCliError);

export const findFlow = (reader: FlowStateReader, key: string, phone?: string): Promise<FoundFlow> =>
  findInState(reader, key, phone).catch((err: unknown) => asCliError(err, phone === undefined ? "; an idempotency key needs --phone" : ""));

function asCliError(err: unknown, hint = ""): never {
  if (err instanceof FlowNotFoundError) throw new NotFoundError(err.message.replace(/; an idempotency key needs the phone$/, hint));
  throw err;
}
