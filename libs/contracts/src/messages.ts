import { z } from "zod";
import { instanceIdSchema, phoneSchema, refkeySchema, timestampSchema } from "./fields.js";

/** Every message of every sunseo topic. Producers and consumers import these; nothing else defines them. */

// ---- flow-start / flow-cancel: written by domain services (flow-client or any language, see schemas/*.json)

export const flowStartSchema = z.object({
  flow: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "flow name: lowercase letters, digits and -"),
  phone: phoneSchema,
  variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/), z.string().max(1000)).default({}),
  /** Same key = same flow: a repeated start with this key never starts a second flow. */
  idempotencyKey: z.string().min(1).max(128).optional(),
  /** When the domain service asked; with the flow's maxStartDelay, a start seen too late is dead-lettered (STALE_START). */
  requestedAt: z.iso.datetime({ offset: true }).optional(),
  /** Accept now, send the first step then (or later, when a send window holds it). */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** A flow still waiting (scheduled start, lane, delay, window) at this time ends expired instead of sending. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  traceId: z.string().max(128).optional(),
});
export type FlowStart = z.infer<typeof flowStartSchema>;

export const flowCancelSchema = z
  .object({
    phone: phoneSchema,
    /** Cancel one flow instance, or the flow started with this idempotency key. */
    instanceId: instanceIdSchema.optional(),
    idempotencyKey: z.string().min(1).max(128).optional(),
    reason: z.string().max(500).optional(),
    requestedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((c) => c.instanceId !== undefined || c.idempotencyKey !== undefined, {
    message: "give instanceId or idempotencyKey",
  });
export type FlowCancel = z.infer<typeof flowCancelSchema>;

// ---- dispatch: sequencer -> dispatcher

/** Kakao button types: WL web link, AL app link, DS delivery search, BK bot keyword, MD message delivery, BC/BT consult/bot, AC add channel. */
const kakaoButtonFields = z.object({
  name: z.string().min(1).max(28),
  type: z.enum(["WL", "AL", "DS", "BK", "MD", "BC", "BT", "AC"]),
  url_mobile: z.string().max(500).optional(),
  url_pc: z.string().max(500).optional(),
  scheme_ios: z.string().max(500).optional(),
  scheme_android: z.string().max(500).optional(),
});

/** Kakao's rules on which links a button needs; the gateway refuses a button that breaks them. */
export function kakaoButtonRules(button: z.infer<typeof kakaoButtonFields>, ctx: z.RefinementCtx): void {
  if (button.type === "WL" && button.url_mobile === undefined) {
    ctx.addIssue({ code: "custom", path: ["url_mobile"], message: "a WL (web link) button needs url_mobile" });
  }
  const appLinks = [button.url_mobile, button.scheme_ios, button.scheme_android].filter((link) => link !== undefined && link !== "");
  if (button.type === "AL" && appLinks.length < 2) {
    ctx.addIssue({ code: "custom", message: "an AL (app link) button needs two of url_mobile, scheme_ios, scheme_android" });
  }
}

/**
 * The one Kakao button schema, rules included. The gateway's wire format (libs/bizppurio,
 * which the simulator checks requests with) extends it with `safeExtend`, which keeps the
 * rules; the catalog (libs/flows) takes its shape and `kakaoButtonRules` to word its own
 * errors. It lives here, not in libs/bizppurio, because libs/flows must not depend on the
 * gateway client (and its Redis) to parse a YAML file.
 */
export const kakaoButtonSchema = kakaoButtonFields.superRefine(kakaoButtonRules);
export type KakaoButton = z.infer<typeof kakaoButtonSchema>;

export const fallbackSchema = z.object({
  type: z.enum(["sms", "lms"]),
  text: z.string().min(1).max(2000),
  subject: z.string().max(60).optional(),
});
export type Fallback = z.infer<typeof fallbackSchema>;

/** One AlimTalk as the sequencer rendered it; the dispatcher maps it to the gateway's wire format. */
export const alimtalkSchema = z.object({
  from: z.string().regex(/^\d{8,12}$/),
  senderKey: z.string().min(1),
  templateCode: z.string().min(1).max(30),
  /** Absent: AlimTalk. ft: FriendTalk (advertising), sent without a template. */
  channel: z.literal("ft").optional(),
  text: z.string().min(1).max(1000),
  buttons: z.array(kakaoButtonSchema).max(5).optional(),
  fallback: fallbackSchema.optional(),
});
export type Alimtalk = z.infer<typeof alimtalkSchema>;

const stepRef = {
  phone: phoneSchema,
  refkey: refkeySchema,
  instanceId: instanceIdSchema,
  flow: z.string(),
  step: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
};

export const dispatchSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("send"),
    ...stepRef,
    message: alimtalkSchema,
    createdAt: timestampSchema,
    /** The step's send window closes then: a send not written to the gateway by then is not written at all. */
    sendBy: timestampSchema.optional(),
  }),
  /** Ask the gateway to push the report of an accepted message again (its report is overdue). */
  z.object({ kind: z.literal("report-request"), ...stepRef, messagekey: z.string().min(1), createdAt: timestampSchema }),
]);
export type Dispatch = z.infer<typeof dispatchSchema>;

// ---- dispatch-result: dispatcher -> sequencer

export const dispatchResultSchema = z.discriminatedUnion("outcome", [
  /** The gateway answered code 1000: accepted for delivery, not yet delivered. */
  z.object({ outcome: z.literal("accepted"), ...stepRef, messagekey: z.string().min(1), at: timestampSchema }),
  /** Permanently refused (4xx, a non-1000 code, retries exhausted): the step failed without reaching a phone. */
  z.object({ outcome: z.literal("rejected"), ...stepRef, code: z.string(), description: z.string(), at: timestampSchema }),
  /** A send may or may not have reached the gateway (crash mid-call): never resent, resolved by report or timeout. */
  z.object({ outcome: z.literal("ambiguous"), ...stepRef, reason: z.string(), at: timestampSchema }),
  /** Its send window (sendBy) closed before the dispatcher could write it: never sent; the sequencer holds the step for the next opening. */
  z.object({ outcome: z.literal("window-closed"), ...stepRef, sendBy: timestampSchema, at: timestampSchema }),
]);
export type DispatchResult = z.infer<typeof dispatchResultSchema>;

// ---- report: webhook-ingest (or the polling worker) -> sequencer

/** The gateway's delivery report as pushed (all values strings); unknown fields are kept. */
export const bizppurioReportSchema = z.looseObject({
  DEVICE: z.string(),
  CMSGID: z.string(),
  MSGID: z.string(),
  PHONE: z.string(),
  MEDIA: z.string(),
  UNIXTIME: z.string(),
  RESULT: z.string().min(1),
  REFKEY: z.string().min(1),
  "TO NAME": z.string().optional(),
  USERDATA: z.string().optional(),
  WAPINFO: z.string().optional(),
  TELRES: z.string().optional(),
  TELTIME: z.string().optional(),
  KAORES: z.string().optional(),
  KAOTIME: z.string().optional(),
  RCSRES: z.string().optional(),
  RCSTIME: z.string().optional(),
  RETRY_FLAG: z.string().optional(),
  RESEND_FLAG: z.string().optional(),
});
export type BizppurioReport = z.infer<typeof bizppurioReportSchema>;

export const reportSchema = z.object({
  phone: phoneSchema,
  receivedAt: timestampSchema,
  source: z.enum(["push", "poll"]),
  report: bizppurioReportSchema,
});
export type Report = z.infer<typeof reportSchema>;

// ---- timer: the sequencer's own delayed events, keyed by phone so they are ordered with the rest

export const timerSchema = z.object({
  phone: phoneSchema,
  instanceId: instanceIdSchema,
  step: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
  /**
   * delay: start the step now; window: the step's send window opens; timeout: the step is overdue;
   * report-grace: one round of waiting after the timeout is over; start: a scheduled flow's startAt;
   * expiry: the flow's expiresAt (a flow still waiting then ends expired).
   */
  kind: z.enum(["delay", "window", "timeout", "report-grace", "start", "expiry"]),
  /** report-grace: which round, so a timer delivered twice cannot end a later round early. */
  round: z.number().int().positive().optional(),
  dueAt: timestampSchema,
});
export type Timer = z.infer<typeof timerSchema>;

// ---- alert: sequencer -> alerter

export const alertSchema = z.object({
  /** Stable per incident, so a replayed alert can be recognised. */
  alertId: z.string().min(1).max(100),
  kind: z.enum(["step-failed", "step-rejected", "step-timed-out", "flow-cancelled", "flow-expired"]),
  phone: phoneSchema,
  flow: z.string(),
  instanceId: instanceIdSchema,
  step: z.number().int().nonnegative(),
  stepName: z.string(),
  templateCode: z.string(),
  /** The gateway's RESULT or rejection code, when there is one. */
  resultCode: z.string().optional(),
  detail: z.string().max(1000).optional(),
  at: timestampSchema,
});
export type Alert = z.infer<typeof alertSchema>;

// ---- flow-event: the lifecycle, for domain services to follow

export const flowEventSchema = z.object({
  type: z.enum([
    "scheduled",
    "started",
    "queued",
    "step-dispatched",
    "step-accepted",
    "step-delivered",
    "completed",
    "failed",
    "timed_out",
    "cancelled",
    "expired",
  ]),
  phone: phoneSchema,
  instanceId: instanceIdSchema,
  flow: z.string(),
  step: z.number().int().nonnegative().optional(),
  stepName: z.string().optional(),
  refkey: refkeySchema.optional(),
  /** step-delivered: an SMS/LMS fallback carried the message instead of AlimTalk. */
  fallback: z.boolean().optional(),
  resultCode: z.string().optional(),
  idempotencyKey: z.string().optional(),
  /** scheduled: when the first step is due (epoch ms). */
  startAt: timestampSchema.optional(),
  /** expired: why (STALE_START, or what the flow waited for). */
  reason: z.string().max(500).optional(),
  at: timestampSchema,
});
export type FlowEvent = z.infer<typeof flowEventSchema>;

// ---- dlq: anything a consumer could not accept, with the reason; nothing is dropped silently

export const dlqSchema = z.object({
  service: z.string(),
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.string(),
  key: z.string().nullable(),
  /** Stable code, e.g. INVALID_JSON, INVALID_MESSAGE, UNKNOWN_FLOW, UNKNOWN_REFKEY, STALE_START, ALERT_UNDELIVERABLE. */
  code: z.string(),
  reason: z.string(),
  /** The original value as received (UTF-8). */
  value: z.string().nullable(),
  at: timestampSchema,
});
export type Dlq = z.infer<typeof dlqSchema>;
