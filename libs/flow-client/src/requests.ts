import { flowCancelSchema, flowStartSchema, type FlowCancel, type FlowStart } from "@sunseo/contracts";
import { findFlow, renderFlow, type Catalog } from "@sunseo/flows";
import { InvalidRequestError } from "./errors.js";

/** The pure half of the client: a caller's request in, the exact Kafka value out, or a typed error. */

export interface StartFlowInput {
  flow: string;
  /** Any common Korean form; the message is keyed by its canonical digits. */
  phone: string;
  variables?: Record<string, string>;
  /**
   * Pass the same key again to retry a start safely. When absent one is generated and handed
   * back: in the result, or in the `FlowStartFailedError` of a failed produce.
   */
  idempotencyKey?: string;
  traceId?: string;
  /** Send the first step at this time (a Date, or ISO with its offset); the flow is accepted at once and can be cancelled until then. */
  startAt?: Date | string;
  /** A flow still waiting at this time (for its start, the lane, a delay or a send window) ends expired. */
  expiresAt?: Date | string;
}

export interface CancelFlowInput {
  phone: string;
  instanceId?: string;
  idempotencyKey?: string;
  reason?: string;
}

export interface RequestContext {
  catalog?: Catalog;
  now: Date;
}

type Issues = { issues: readonly { path: readonly PropertyKey[]; message: string }[] };

const problemsOf = (error: Issues): string[] => error.issues.map((i) => `${i.path.map(String).join(".") || "(request)"}: ${i.message}`);

/** A Date as ISO UTC; a string as given (the schema checks it has an offset). An invalid Date stays invalid text, refused by the schema. */
const isoTime = (time: Date | string): string => (typeof time === "string" ? time : Number.isNaN(time.getTime()) ? "Invalid Date" : time.toISOString());

/**
 * Validates a start and, with a catalog, renders the flow once, so an unknown flow, a
 * missing variable or a value too long is refused here, before anything is produced.
 */
export function buildFlowStart(input: StartFlowInput, context: RequestContext): FlowStart {
  const parsed = flowStartSchema.safeParse({
    flow: input.flow,
    phone: input.phone,
    variables: input.variables ?? {},
    idempotencyKey: input.idempotencyKey,
    requestedAt: context.now.toISOString(),
    ...(input.traceId !== undefined ? { traceId: input.traceId } : {}),
    ...(input.startAt !== undefined ? { startAt: isoTime(input.startAt) } : {}),
    ...(input.expiresAt !== undefined ? { expiresAt: isoTime(input.expiresAt) } : {}),
  });
  if (!parsed.success) throw new InvalidRequestError("flow-start", problemsOf(parsed.error));
  const start = parsed.data;
  if (context.catalog) renderFlow(context.catalog, findFlow(context.catalog, start.flow), start.variables);
  return start;
}

export function buildFlowCancel(input: CancelFlowInput, context: Omit<RequestContext, "catalog">): FlowCancel {
  const parsed = flowCancelSchema.safeParse({ ...input, requestedAt: context.now.toISOString() });
  if (!parsed.success) throw new InvalidRequestError("flow-cancel", problemsOf(parsed.error));
  return parsed.data;
}
