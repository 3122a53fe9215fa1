import { z } from "zod";
import { LMS_MAX_BYTES, LMS_SUBJECT_MAX_BYTES, SMS_MAX_BYTES, euckrByteLength, kakaoButtonSchema } from "@sunseo/contracts";

/**
 * The /v3/message body as the gateway documents it (BizMsg/WebAPI api/dispatch.md): common
 * fields, one content object per type, the resend/recontent fallback. The client's request
 * types are inferred from it and the simulator checks every request against it, so the
 * two cannot drift apart.
 */

const digits = (max: number) => z.string().regex(new RegExp(`^\\d{1,${max}}$`), `1-${max} digits`);
const bytesAtMost = (max: number, what: string) => z.string().refine((text) => euckrByteLength(text) <= max, `${what} over ${max} bytes (EUC-KR)`);

/** The contract's button (Kakao's link rules included) plus the wire-only chat fields. */
export const wireButtonSchema = kakaoButtonSchema.safeExtend({
  chat_extra: z.string().optional(),
  chat_event: z.string().optional(),
});
export type WireButton = z.infer<typeof wireButtonSchema>;

export const kakaoContentSchema = z.object({
  senderkey: z.string().min(1).max(40),
  templatecode: z.string().min(1).max(32),
  message: z.string().min(1).max(1000),
  button: z.array(wireButtonSchema).max(5).optional(),
  title: z.string().max(50).optional(),
  header: z.string().max(16).optional(),
});
export const friendContentSchema = z.object({
  senderkey: z.string().min(1).max(40),
  message: z.string().min(1).max(1000),
  button: z.array(wireButtonSchema).max(5).optional(),
  adflag: z.enum(["Y", "N"]).optional(),
});
export const smsContentSchema = z.object({
  message: bytesAtMost(SMS_MAX_BYTES, "sms message").min(1),
});
export const lmsContentSchema = z.object({
  message: bytesAtMost(LMS_MAX_BYTES, "lms message").min(1),
  subject: bytesAtMost(LMS_SUBJECT_MAX_BYTES, "lms subject").optional(),
});
export type KakaoContent = z.infer<typeof kakaoContentSchema>;
export type FriendContent = z.infer<typeof friendContentSchema>;
export type SmsContent = z.infer<typeof smsContentSchema>;
export type LmsContent = z.infer<typeof lmsContentSchema>;

/** Each message type's content schema, by the key it sits under in `content` (and `recontent`). */
export const contentSchemas = {
  at: kakaoContentSchema,
  ai: kakaoContentSchema,
  ft: friendContentSchema,
  sms: smsContentSchema,
  lms: lmsContentSchema,
} as const;
export type MessageType = keyof typeof contentSchemas;
export const messageTypes = Object.keys(contentSchemas) as [MessageType, ...MessageType[]];

/**
 * The fields every message has; `content` and `recontent` are checked afterwards against
 * the schema of the type they name, so an error points at `content.at.message` rather
 * than at every union member.
 */
export const messageEnvelopeSchema = z.object({
  account: z.string().min(1).max(20),
  type: z.enum(messageTypes),
  from: digits(16),
  to: digits(16),
  country: z.string().max(3).optional(),
  content: z.record(z.string(), z.unknown()),
  refkey: z.string().min(1).max(32),
  userinfo: z.string().max(50).optional(),
  resend: z.object({ first: z.enum(["sms", "lms"]), second: z.enum(["sms", "lms"]).optional() }).optional(),
  recontent: z.record(z.string(), z.unknown()).optional(),
  resellercode: z.string().max(10).optional(),
});
export type MessageEnvelope = z.infer<typeof messageEnvelopeSchema>;
